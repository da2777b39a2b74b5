import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpIso18626Transport, localIso18626Transport, routingTransport } from '../../../src/outbox/iso18626Transport.js';
import type { OutboxRow, Transport } from '../../../src/outbox/transport.js';
import { buildIso18626, confirmationFor, parseIso18626, type ErrorType } from '../../../src/protocols/iso18626/index.js';
import { requestXml } from '../../support/iso18626Messages.js';

const NOW = '2026-11-25T10:00:00Z';
const BODY = requestXml({ id: 'OUTBOX-1' });

/** The confirmation a real ISO 18626 server would give for `body`. */
function confirm(body: string, error?: { type: ErrorType; value: string }): string {
  const parsed = parseIso18626(body);
  return buildIso18626(
    confirmationFor(parsed, { status: error ? 'ERROR' : 'OK', ...(error ? { error } : {}), timestamp: NOW, timestampReceived: NOW }),
    parsed.version ?? '1.2',
  );
}

function row(endpointUrl: string | null, body = BODY): OutboxRow {
  return {
    id: '1',
    institution_id: '00000000-0000-0000-0000-000000000001',
    request_kind: 'borrowing',
    request_id: '00000000-0000-0000-0000-000000000002',
    protocol: 'iso18626',
    message_kind: 'request',
    summary: null,
    recipient_id_type: 'ISIL',
    recipient_id_value: 'US-HCPL',
    endpoint_url: endpointUrl,
    body,
    status: 'pending',
    attempts: 1,
    next_attempt_at: new Date(),
    locked_until: new Date(),
    locked_by: 'test',
    last_error: null,
    confirmation: null,
    created_at: new Date(),
    delivered_at: null,
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('ISO 18626 over real HTTP', () => {
  let server: Server;
  let base: string;
  let closedPortUrl: string;
  const received: { path: string; contentType: string | undefined; method: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      void (async () => {
        const body = await readBody(request);
        received.push({ path: request.url ?? '', contentType: request.headers['content-type'], method: request.method, body });
        const xml = (status: number, text: string) => response.writeHead(status, { 'content-type': 'application/xml' }).end(text);
        switch (request.url) {
          case '/ok':
            return xml(200, confirm(body));
          case '/error':
            return xml(200, confirm(body, { type: 'UnrecognisedDataValue', value: 'header/supplyingAgencyId: ISIL:US-X is not served here' }));
          case '/unsupported-media-type':
            return xml(415, confirm(body, { type: 'BadlyFormedMessage', value: 'Content-Type must be XML' }));
          case '/busy':
            return response.writeHead(503, { 'content-type': 'text/plain' }).end('temporarily unable to process the message; please retry');
          case '/hang':
            return; // never answers
          case '/garbage':
            return response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
          case '/not-found':
            return response.writeHead(404, { 'content-type': 'text/plain' }).end('no such endpoint');
          case '/slow-down':
            return response.writeHead(429, { 'content-type': 'text/plain' }).end('too many requests');
          case '/moved':
            return response.writeHead(301, { location: `${base}/ok` }).end();
          case '/huge':
            return response.writeHead(200, { 'content-type': 'application/xml' }).end('<x>' + 'a'.repeat(2 * 1024 * 1024) + '</x>');
          default:
            return response.writeHead(500).end();
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/iso18626`;
    await new Promise<void>((resolve, reject) => closed.close((error) => (error ? reject(error) : resolve())));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // Generous, so a loaded machine does not turn answers into timeouts; the hang test has its own.
  const transport = httpIso18626Transport({ timeoutMs: 10_000 });

  it('POSTs the XML as application/xml and accepts an OK confirmation', async () => {
    const result = await transport.deliver(row(`${base}/ok`));
    expect(result).toEqual({ kind: 'answered', accepted: true, confirmation: confirm(BODY) });
    const seen = received.find((r) => r.path === '/ok');
    expect(seen).toMatchObject({ method: 'POST', body: BODY });
    expect(seen?.contentType).toMatch(/^application\/xml/);
  });

  it('reports an ERROR confirmation as answered but not accepted, with errorType: errorValue', async () => {
    const result = await transport.deliver(row(`${base}/error`));
    expect(result).toMatchObject({
      kind: 'answered',
      accepted: false,
      error: 'UnrecognisedDataValue: header/supplyingAgencyId: ISIL:US-X is not served here',
    });
    expect(result.kind === 'answered' && parseIso18626(result.confirmation).ok).toBe(true);
  });

  it('reads a confirmation sent with a 4xx status as an ERROR answer', async () => {
    expect(await transport.deliver(row(`${base}/unsupported-media-type`))).toMatchObject({
      kind: 'answered',
      accepted: false,
      error: 'HTTP 415: BadlyFormedMessage: Content-Type must be XML',
    });
  });

  it('retries a 503', async () => {
    expect(await transport.deliver(row(`${base}/busy`))).toEqual({
      kind: 'failed',
      retryable: true,
      error: 'HTTP 503: temporarily unable to process the message; please retry',
    });
  });

  it('retries after a timeout', async () => {
    const impatient = httpIso18626Transport({ timeoutMs: 300 });
    expect(await impatient.deliver(row(`${base}/hang`))).toEqual({ kind: 'failed', retryable: true, error: 'timed out after 300 ms' });
  });

  it('retries when the answer is not ISO 18626', async () => {
    const result = await transport.deliver(row(`${base}/garbage`));
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    expect(result.kind === 'failed' && result.error).toMatch(/not a readable ISO 18626 message.*Welcome to nginx/);
  });

  it('retries when the connection is refused', async () => {
    const result = await transport.deliver(row(closedPortUrl));
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    expect(result.kind === 'failed' && result.error).toMatch(/ECONNREFUSED/);
  });

  it('does not retry a 4xx without a confirmation, except 429', async () => {
    expect(await transport.deliver(row(`${base}/not-found`))).toEqual({
      kind: 'failed',
      retryable: false,
      error: 'HTTP 404 without a confirmation: no such endpoint',
    });
    expect(await transport.deliver(row(`${base}/slow-down`))).toMatchObject({ kind: 'failed', retryable: true });
  });

  it('does not follow a redirect (a POST must not turn into a GET)', async () => {
    const before = received.filter((r) => r.path === '/ok').length;
    expect(await transport.deliver(row(`${base}/moved`))).toMatchObject({ kind: 'failed', retryable: false });
    expect(received.filter((r) => r.path === '/ok')).toHaveLength(before);
  });

  it('stops reading an oversized answer', async () => {
    const result = await transport.deliver(row(`${base}/huge`));
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    expect(result.kind === 'failed' && result.error).toMatch(/larger than/);
  });

  it('refuses a row without a usable http(s) endpoint without retrying', async () => {
    expect(await transport.deliver(row(null))).toMatchObject({ kind: 'failed', retryable: false });
    expect(await transport.deliver(row('not a url'))).toMatchObject({ kind: 'failed', retryable: false });
    expect(await transport.deliver(row('ftp://example.org/iso18626'))).toMatchObject({ kind: 'failed', retryable: false });
  });
});

describe('in-process ISO 18626 delivery', () => {
  it('classifies the inbound handler’s confirmation exactly like an HTTP answer', async () => {
    const bodies: string[] = [];
    const ok = localIso18626Transport((body) => {
      bodies.push(body);
      return Promise.resolve(confirm(body));
    });
    expect(await ok.deliver(row(null))).toEqual({ kind: 'answered', accepted: true, confirmation: confirm(BODY) });
    expect(bodies).toEqual([BODY]);

    const refusing = localIso18626Transport((body) => Promise.resolve(confirm(body, { type: 'UnsupportedActionType', value: 'action Renew' })));
    expect(await refusing.deliver(row(null))).toMatchObject({ kind: 'answered', accepted: false, error: 'UnsupportedActionType: action Renew' });

    const garbage = localIso18626Transport(() => Promise.resolve('oops'));
    expect(await garbage.deliver(row(null))).toMatchObject({ kind: 'failed', retryable: true });

    const failing = localIso18626Transport(() => Promise.reject(new Error('database is restarting')));
    expect(await failing.deliver(row(null))).toEqual({ kind: 'failed', retryable: true, error: 'in-process delivery failed: database is restarting' });
  });

  it('routes by endpoint_url: NULL in-process, otherwise remote', async () => {
    const seen: string[] = [];
    const named = (name: string): Transport => ({
      deliver: () => {
        seen.push(name);
        return Promise.resolve({ kind: 'answered', confirmation: name, accepted: true });
      },
    });
    const router = routingTransport(named('local'), named('remote'));
    await router.deliver(row(null));
    await router.deliver(row('http://partner.example/iso18626'));
    expect(seen).toEqual(['local', 'remote']);
  });
});
