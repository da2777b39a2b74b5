import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP relay between two Interlend processes that makes the transport misbehave the
 * way networks do: in `duplicate` mode every POST /iso18626 reaches the partner twice. The
 * second copy goes right after the first, at the same time as the first, or is held back and
 * delivered only after the next message of the same request has passed (a swapped pair: the
 * partner sees n, n+1, n), in turn. A `Crossing` additionally holds one chosen message until a message
 * travelling the other way has passed, so two messages cross on the wire.
 *
 * The sender always gets the partner's answer to the first copy; the answer to every copy is
 * kept so a test can compare them.
 */
export type RelayMode = 'pass' | 'duplicate';
export type CopyTiming = 'after' | 'together' | 'held';

export interface RelayedMessage {
  requestId: string;
  summary: string;
  timing: CopyTiming | 'single';
  status: number;
  answer: string;
  /** The partner's answer to the second copy (duplicate mode). */
  duplicateStatus?: number;
  duplicateAnswer?: string;
}

export interface Relay {
  /** This relay's ISO 18626 endpoint, to give the sender as its partner's endpoint. */
  readonly endpoint: string;
  mode: RelayMode;
  readonly relayed: RelayedMessage[];
  /** Delivers every duplicate still held back and waits for the answers. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One message held on one relay until a message on another relay has passed. */
export class Crossing {
  private releaseHeld: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.releaseHeld = resolve));
  /** Set when the held message has reached the relay (so the test knows it is in flight). */
  heldSeen = false;

  constructor(
    readonly hold: (body: string) => boolean,
    readonly releaseAfter: (body: string) => boolean,
  ) {}

  /** Resolves when the held message may go on; the relay calls it for every message. */
  async gate(body: string): Promise<void> {
    if (!this.hold(body) || this.heldSeen) return;
    this.heldSeen = true;
    await this.released;
  }

  passed(body: string): void {
    if (this.releaseAfter(body)) this.releaseHeld();
  }
}

const REQUEST_ID = /<(?:\w+:)?requestingAgencyRequestId>([^<]*)</;
const ACTION = /<(?:\w+:)?action>([^<]*)</;
const STATUS = /<(?:\w+:)?statusInfo>[\s\S]*?<(?:\w+:)?status>([^<]*)</;
const REASON = /<(?:\w+:)?reasonForMessage>([^<]*)</;

/** "Cancel", "RequestResponse WillSupply", "New": enough to tell a test's messages apart. */
export function summaryOf(body: string): string {
  const action = ACTION.exec(body)?.[1];
  if (action) return action;
  const reason = REASON.exec(body)?.[1];
  if (reason) return `${reason} ${STATUS.exec(body)?.[1] ?? ''}`.trim();
  return body.includes('request>') ? 'New' : 'unknown';
}

const TIMINGS: readonly CopyTiming[] = ['after', 'together', 'held'];

export async function startDuplicatingRelay(options: {
  target: string;
  /** Seeded: where in the cycle of timings this relay starts (every timing comes round every third message). */
  random: () => number;
  crossings?: Crossing[];
}): Promise<Relay> {
  const { target } = options;
  let cycle = Math.floor(options.random() * TIMINGS.length);
  const crossings = options.crossings ?? [];
  const relayed: RelayedMessage[] = [];
  /** Held-back duplicates per request id, delivered after that request's next message. */
  const held = new Map<string, (() => Promise<void>)[]>();
  const inFlight = new Set<Promise<void>>();
  let mode: RelayMode = 'pass';

  const forward = async (body: string, contentType: string): Promise<{ status: number; answer: string }> => {
    const response = await fetch(target, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, answer: await response.text() };
  };
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const contentType = request.headers['content-type'] ?? 'application/xml';
    const requestId = REQUEST_ID.exec(body)?.[1] ?? '';
    for (const crossing of crossings) await crossing.gate(body);

    const record: RelayedMessage = { requestId, summary: summaryOf(body), timing: 'single', status: 0, answer: '' };
    relayed.push(record);
    const sendCopy = async (): Promise<void> => {
      const copy = await forward(body, contentType);
      record.duplicateStatus = copy.status;
      record.duplicateAnswer = copy.answer;
    };
    let first: { status: number; answer: string };
    if (mode === 'pass') {
      first = await forward(body, contentType);
    } else {
      record.timing = TIMINGS[cycle++ % TIMINGS.length] ?? 'after';
      if (record.timing === 'together') {
        [first] = await Promise.all([forward(body, contentType), sendCopy()]);
      } else {
        first = await forward(body, contentType);
        if (record.timing === 'after') await sendCopy();
      }
    }
    record.status = first.status;
    record.answer = first.answer;
    // This message has passed: the duplicates held back for its request go now, after it.
    const waiting = held.get(requestId) ?? [];
    held.delete(requestId);
    for (const deliver of waiting) track(deliver());
    if (record.timing === 'held') held.set(requestId, [...(held.get(requestId) ?? []), sendCopy]);
    for (const crossing of crossings) crossing.passed(body);
    response.writeHead(first.status, { 'content-type': 'application/xml; charset=utf-8' }).end(first.answer);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // The sender sees a transport failure and retries, as with any broken partner.
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`relay: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/iso18626`,
    get mode() {
      return mode;
    },
    set mode(next: RelayMode) {
      mode = next;
    },
    relayed,
    async flush() {
      const waiting = [...held.values()].flat();
      held.clear();
      await Promise.all([...waiting.map((deliver) => deliver()), ...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
