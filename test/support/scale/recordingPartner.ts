import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildIso18626, confirmationFor, parseIso18626, type Iso18626Message } from '../../../src/protocols/iso18626/index.js';

/** One message the partner received, in arrival order. */
export interface ReceivedMessage {
  /** The header's requestingAgencyRequestId: which request the message is about. */
  requestId: string;
  /** `Request`, the action of a requesting agency message, or reason and status of a supplying agency message. */
  what: string;
  body: string;
}

export interface RecordingPartner {
  /** The partner's ISO 18626 endpoint. */
  endpoint: string;
  received: ReceivedMessage[];
  /** Bodies it could not read (answered with an ERROR confirmation): a test expects none. */
  unreadable: string[];
  close(): Promise<void>;
}

function describeMessage(message: Iso18626Message): { requestId: string; what: string } | undefined {
  switch (message.kind) {
    case 'request':
      return { requestId: message.header.requestingAgencyRequestId, what: 'Request' };
    case 'requestingAgencyMessage':
      return { requestId: message.header.requestingAgencyRequestId, what: message.action };
    case 'supplyingAgencyMessage':
      return { requestId: message.header.requestingAgencyRequestId, what: `${message.messageInfo.reasonForMessage} ${message.statusInfo.status}` };
    default:
      return undefined;
  }
}

/**
 * A partner library's system reduced to what a delivery test needs: a real HTTP ISO 18626
 * endpoint on 127.0.0.1 that answers every readable message with an OK confirmation in the
 * sender's version and records it, so a test can count what each request's conversation
 * delivered, and in which order.
 */
export async function startRecordingPartner(): Promise<RecordingPartner> {
  const received: ReceivedMessage[] = [];
  const unreadable: string[] = [];
  const answer = (response: ServerResponse, body: string): void => {
    const parsed = parseIso18626(body);
    const described = parsed.ok ? describeMessage(parsed.message) : undefined;
    if (described) received.push({ ...described, body });
    else unreadable.push(body);
    const at = new Date().toISOString();
    const confirmation = buildIso18626(confirmationFor(parsed, { status: described ? 'OK' : 'ERROR', timestamp: at, timestampReceived: at }), parsed.version ?? '1.2');
    response.writeHead(200, { 'content-type': 'application/xml' }).end(confirmation);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/iso18626`,
    received,
    unreadable,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The servers' keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
