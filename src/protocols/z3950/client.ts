/**
 * Z39.50 client session over `node:net`: one request in flight at a time (as Z39.50 without
 * concurrent operations requires), a per-operation timeout, typed errors.
 *
 * Session methods throw `Z3950Error` for network and protocol problems; target diagnostics are
 * results, not errors. `locateZ3950` (in locate.ts) never throws.
 */
import net from 'node:net';
import { BerError, type BerNode, decodeAt, encode, frameLength } from './ber.js';
import {
  closeRequest,
  initRequest,
  type InitResponse,
  OID,
  PDU_TAG,
  presentRequest,
  readInitResponse,
  readPdu,
  readPresentResponse,
  readSearchResponse,
  type RpnTerm,
  searchRequest,
  type Z3950Diagnostic,
  Z3950ProtocolError,
  type Z3950Record,
} from './pdu.js';

export type Z3950ErrorKind = 'timeout' | 'unreachable' | 'connection-closed' | 'protocol' | 'init-rejected' | 'state';

export class Z3950Error extends Error {
  override readonly name = 'Z3950Error';
  constructor(
    readonly kind: Z3950ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Z3950ConnectOptions {
  host: string;
  port: number;
  /** Timeout for connecting and for each operation (init, search, present, close). Default 10 s. */
  timeoutMs?: number;
}

export interface Z3950InitOptions {
  preferredMessageSize?: number;
  exceptionalRecordSize?: number;
}

export type RecordSyntax = 'usmarc' | 'opac';

export const SYNTAX_OID: Record<RecordSyntax, string> = { usmarc: OID.USMARC, opac: OID.OPAC };

export interface Z3950SearchOptions extends RpnTerm {
  database: string;
  /** Default "default". */
  resultSetName?: string;
}

export type Z3950SearchResult =
  | { kind: 'hits'; count: number; resultSetName: string }
  | { kind: 'diagnostic'; count: number; diagnostics: Z3950Diagnostic[] };

export interface Z3950PresentOptions {
  start: number;
  count: number;
  syntax?: RecordSyntax;
  /** Default: the result set of the last search. */
  resultSetName?: string;
  elementSetName?: string;
}

export interface Z3950PresentResult {
  records: Z3950Record[];
  /** Non-surrogate diagnostics (the whole present failed or was cut short). */
  diagnostics: Z3950Diagnostic[];
  nextResultSetPosition: number;
  presentStatus: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_PDU = 64 * 1024 * 1024;

interface Pending {
  expect: number;
  resolve: (pdu: BerNode) => void;
  reject: (e: Z3950Error) => void;
  timer: NodeJS.Timeout;
}

export class Z3950Session {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private failure: Z3950Error | undefined;
  private lastResultSet = 'default';
  initResponse: InitResponse | undefined;

  private constructor(
    private readonly socket: net.Socket,
    readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(new Z3950Error('connection-closed', `connection error: ${e.message}`, { cause: e })));
    socket.on('close', () => this.fail(new Z3950Error('connection-closed', 'connection closed by target')));
  }

  /** Connects; rejects with Z3950Error kind 'unreachable' or 'timeout'. */
  static connect(options: Z3950ConnectOptions): Promise<Z3950Session> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Z3950Error('timeout', `connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (e: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Z3950Error('unreachable', `cannot connect to ${options.host}:${options.port}: ${e.message}`, { cause: e }));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new Z3950Session(socket, timeoutMs));
      });
    });
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  async init(options: Z3950InitOptions = {}): Promise<InitResponse> {
    const pdu = await this.request(
      initRequest({
        preferredMessageSize: options.preferredMessageSize ?? 1024 * 1024,
        exceptionalRecordSize: options.exceptionalRecordSize ?? 4 * 1024 * 1024,
      }),
      PDU_TAG.initResponse,
    );
    const response = this.read(pdu, readInitResponse);
    this.initResponse = response;
    if (!response.accepted) {
      this.destroy();
      throw new Z3950Error('init-rejected', `target rejected init (${response.implementationName ?? 'unknown implementation'})`);
    }
    return response;
  }

  async search(options: Z3950SearchOptions): Promise<Z3950SearchResult> {
    const resultSetName = options.resultSetName ?? 'default';
    const pdu = await this.request(
      searchRequest({
        databases: [options.database],
        resultSetName,
        query: { use: options.use, term: options.term, ...(options.attributes ? { attributes: options.attributes } : {}) },
      }),
      PDU_TAG.searchResponse,
    );
    const r = this.read(pdu, readSearchResponse);
    this.lastResultSet = resultSetName;
    if (!r.searchStatus || r.diagnostics.length > 0) {
      const diagnostics = r.diagnostics.length > 0 ? r.diagnostics : [{ code: 100, message: 'search failed without a diagnostic' }];
      return { kind: 'diagnostic', count: r.resultCount, diagnostics };
    }
    return { kind: 'hits', count: r.resultCount, resultSetName };
  }

  async present(options: Z3950PresentOptions): Promise<Z3950PresentResult> {
    const pdu = await this.request(
      presentRequest({
        resultSetName: options.resultSetName ?? this.lastResultSet,
        start: options.start,
        count: options.count,
        syntaxOid: SYNTAX_OID[options.syntax ?? 'usmarc'],
        ...(options.elementSetName ? { elementSetName: options.elementSetName } : {}),
      }),
      PDU_TAG.presentResponse,
    );
    const r = this.read(pdu, readPresentResponse);
    return {
      records: r.records,
      diagnostics: r.diagnostics,
      nextResultSetPosition: r.nextResultSetPosition,
      presentStatus: r.presentStatus,
    };
  }

  /** Sends Close, waits (up to the timeout) for the target's Close, and always destroys the socket. */
  async close(): Promise<void> {
    if (this.socket.destroyed || this.failure) {
      this.destroy();
      return;
    }
    try {
      await this.request(closeRequest(0), PDU_TAG.close);
    } catch {
      // The target may just drop the connection; either way we are done.
    } finally {
      this.destroy();
    }
  }

  /** Drops the connection immediately. */
  destroy(): void {
    this.socket.destroy();
    this.fail(new Z3950Error('state', 'session closed'));
  }

  private read<T>(pdu: BerNode, reader: (n: BerNode) => T): T {
    try {
      return readPdu(pdu, reader);
    } catch (e) {
      this.destroy();
      if (e instanceof Z3950ProtocolError) throw new Z3950Error('protocol', e.message, { cause: e });
      throw e;
    }
  }

  private request(pdu: BerNode, expect: number): Promise<BerNode> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Z3950Error('state', 'another operation is in progress'));
    return new Promise<BerNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        // After a timeout the session is out of step with the target: drop it.
        this.fail(new Z3950Error('timeout', `no response within ${this.timeoutMs} ms`));
        this.socket.destroy();
      }, this.timeoutMs);
      this.pending = { expect, resolve, reject, timer };
      this.socket.write(encode(pdu));
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let length: number | null;
      try {
        length = frameLength(this.buffer);
      } catch (e) {
        this.protocolFailure(`unreadable data from target: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (length === null) {
        if (this.buffer.length > MAX_PDU) this.protocolFailure('response exceeds the maximum PDU size');
        return;
      }
      const frame = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      let node: BerNode;
      try {
        node = decodeAt(frame, 0).node;
      } catch (e) {
        this.protocolFailure(`unreadable PDU: ${e instanceof BerError ? e.message : String(e)}`);
        return;
      }
      this.onPdu(node);
    }
  }

  private onPdu(node: BerNode): void {
    const p = this.pending;
    if (node.cls === 'context' && node.tag === PDU_TAG.close && (!p || p.expect !== PDU_TAG.close)) {
      this.fail(new Z3950Error('connection-closed', 'target closed the session'));
      this.socket.destroy();
      return;
    }
    if (!p) {
      this.protocolFailure(`unexpected PDU [${node.tag}] with no request outstanding`);
      return;
    }
    if (node.cls !== 'context' || node.tag !== p.expect) {
      this.protocolFailure(`expected PDU [${p.expect}], got [${node.cls} ${node.tag}]`);
      return;
    }
    clearTimeout(p.timer);
    this.pending = undefined;
    p.resolve(node);
  }

  private protocolFailure(message: string): void {
    this.fail(new Z3950Error('protocol', message));
    this.socket.destroy();
  }

  private fail(error: Z3950Error): void {
    this.failure ??= error;
    const p = this.pending;
    if (p) {
      clearTimeout(p.timer);
      this.pending = undefined;
      p.reject(error);
    }
  }
}

export const Z3950Client = {
  connect: (options: Z3950ConnectOptions): Promise<Z3950Session> => Z3950Session.connect(options),
};
