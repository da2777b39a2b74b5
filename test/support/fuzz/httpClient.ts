/**
 * The fuzzers' HTTP client: node:http over one keep-alive agent with a single socket, so tens
 * of thousands of cases reuse one connection (measured faster than undici's fetch here, which
 * also refuses some of the bodies and headers a fuzzer must be able to send).
 */
import { Agent, request } from 'node:http';

export interface FuzzRequest {
  method: string;
  /** Path and query, sent as given (not re-encoded): hostile query strings must reach the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface FuzzClient {
  send(req: FuzzRequest): Promise<FuzzResponse>;
  close(): void;
}

export function fuzzClient(base: string): FuzzClient {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send: (req) =>
      new Promise<FuzzResponse>((resolve, reject) => {
        const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
        const outgoing = request(
          {
            host: url.hostname,
            port: url.port,
            method: req.method,
            path: req.path,
            agent,
            headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
            );
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}
