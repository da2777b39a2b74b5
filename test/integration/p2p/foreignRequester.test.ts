import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { buildIso18626, confirmationFor, parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { ISO18626_XSD, STANDARDS_DIR } from '../../support/standards.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the exchange with a foreign requester');
const FOREIGN = 'XX-FOREIGN';

/** An OCLC sample as a foreign system would send it to us: the agency ids and request id made ours, the rest untouched. */
function sample(name: string, requestId: string): string {
  const xml = readFileSync(`${STANDARDS_DIR}iso18626/examples-oclc/${name}`, 'utf8');
  return xml
    .replace(/(<ns1:supplyingAgencyId>[\s\S]*?<ns1:agencyIdValue>)[^<]*(<\/ns1:agencyIdValue>)/, `$1US-HCPL$2`)
    .replace(/(<ns1:requestingAgencyId>[\s\S]*?<ns1:agencyIdValue>)[^<]*(<\/ns1:agencyIdValue>)/, `$1${FOREIGN}$2`)
    .replace(/<ns1:requestingAgencyRequestId>[^<]*<\/ns1:requestingAgencyRequestId>/, `<ns1:requestingAgencyRequestId>${requestId}</ns1:requestingAgencyRequestId>`)
    .replace(/<ns1:supplyingAgencyRequestId>[^<]*<\/ns1:supplyingAgencyRequestId>/, '');
}

describe.each(backends)('a foreign ISO 18626 requester sending the OCLC samples to an Interlend lender, on %s', (backend) => {
  let server: ApiServer;
  let base: string;
  let foreign: Server;
  /** What the foreign system received from us (our supplyingAgencyMessages). */
  const received: string[] = [];
  /** Our confirmations to the foreign system. */
  const answered: string[] = [];

  beforeAll(async () => {
    foreign = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(body);
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const parsed = parseIso18626(body);
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(buildIso18626(confirmationFor(parsed, { status: parsed.ok ? 'OK' : 'ERROR', timestamp: now, timestampReceived: now }), parsed.version ?? '1.2'));
      });
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const address = foreign.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const network = `institutions:
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central }]
    partners:
      - { code: FOREIGN, name: A library on another system, symbol: "ISIL:${FOREIGN}", endpoint: "http://127.0.0.1:${port}/iso18626" }
`;
    server = await startApiServer(backend, { network, networkFile: 'foreign.yaml', demo: true, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    base = server.base;
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => foreign?.close(resolve));
  });

  async function send(xml: string): Promise<{ status: string; error?: string }> {
    const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
    const text = await response.text();
    answered.push(text);
    const parsed = parseIso18626(text);
    if (!parsed.ok || !('confirmationHeader' in parsed.message)) throw new Error(`not a confirmation: ${text}`);
    const error = parsed.message.errorData?.[0];
    return { status: parsed.message.confirmationHeader.messageStatus, ...(error ? { error: `${error.errorType}: ${error.errorValue ?? ''}` } : {}) };
  }

  it('accepts every OCLC request sample as a new lending request with its citation', async () => {
    const api = new ApiClient(base);
    const samples = ['RequestSample1.xml', 'RequestSample1ForISOService.xml', 'RequestSample2ForISOService.xml', 'NewRequest.xml', 'RequestFullWSILLMappingSample1.xml'];
    for (const [i, name] of samples.entries()) {
      expect(await send(sample(name, `FOREIGN-${i}`)), name).toEqual({ status: 'OK' });
    }
    const list = await api.call<{ items: { requesterRequestId: string; title: string | null; requester: string }[] }>('GET', `${api.lending('US-HCPL')}?limit=50`);
    expect(list.items.map((i) => i.requesterRequestId).sort()).toEqual(samples.map((_, i) => `FOREIGN-${i}`));
    expect(list.items.every((i) => i.requester === `ISIL:${FOREIGN}`)).toBe(true);
    expect(list.items.filter((i) => i.title).length).toBeGreaterThanOrEqual(4);
  });

  it('carries a loan through with the OCLC requesting-agency samples, answering each and writing back in 1.2', async () => {
    const api = new ApiClient(base);
    const id = 'FOREIGN-LOAN';
    expect(await send(sample('RequestSample1.xml', id))).toEqual({ status: 'OK' });
    const view = await api.findLendingRequest('US-HCPL', id);
    const path = api.lending('US-HCPL', view.id);
    const act = (action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);

    expect(await send(sample('RequestingAgencyMessageNotification1.xml', id))).toEqual({ status: 'OK' });
    expect(await send(sample('RequestingAgencyMessageSample1.xml', id))).toEqual({ status: 'OK' }); // StatusRequest
    await act('will-supply');
    expect(await send(sample('RequestingAgencyMessageCancel.xml', id))).toEqual({ status: 'OK' });
    await act('answer-cancel', { approve: false });
    await act('ship', { dueDate: '2027-01-31T00:00:00Z', barcode: 'HC-42' });
    expect(await send(sample('RequestingAgencyMessageReceived.xml', id))).toEqual({ status: 'OK' });
    expect(await send(sample('RequestingAgencyMessageRenew.xml', id))).toEqual({ status: 'OK' });
    await act('answer-renewal', { approve: true, dueDate: '2027-02-28T00:00:00Z' });
    expect(await send(sample('RequestingAgencyMessageReturned.xml', id))).toEqual({ status: 'OK' });
    const done = await act('check-in');
    expect(done.status).toBe('completed');
    expect(done.history.map((h) => h.event)).toEqual([
      'requester:Request', 'requester:Notification', 'requester:StatusRequest', 'will-supply', 'requester:Cancel', 'answer-cancel', 'ship',
      'requester:Received', 'requester:Renew', 'answer-renewal', 'requester:ShippedReturn', 'check-in',
    ]);

    // Everything we sent reached the foreign system, in order.
    const deadline = Date.now() + 10_000;
    while (received.filter((x) => x.includes(id)).length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const ours = received.filter((x) => x.includes(id)).map((x) => {
      const parsed = parseIso18626(x);
      return parsed.ok && parsed.message.kind === 'supplyingAgencyMessage' ? `${parsed.version} ${parsed.message.messageInfo.reasonForMessage} ${parsed.message.statusInfo.status}` : 'unreadable';
    });
    expect(ours).toEqual([
      '1.2 StatusRequestResponse RequestReceived',
      '1.2 RequestResponse WillSupply',
      '1.2 CancelResponse WillSupply',
      '1.2 StatusChange Loaned',
      '1.2 RenewResponse Loaned',
      '1.2 StatusChange LoanCompleted',
    ]);
  });

  it('refuses a sample whose transaction it does not know', async () => {
    expect(await send(sample('RequestingAgencyMessageReceived.xml', 'NEVER-SENT'))).toMatchObject({ status: 'ERROR', error: expect.stringContaining('NEVER-SENT') as unknown });
  });

  it.skipIf(!xmllint)('everything exchanged validates against the ISO 18626 1.2 XSD', () => {
    const docs = [...received, ...answered];
    expect(docs.length).toBeGreaterThan(15);
    const results = validateWithXsd(ISO18626_XSD['1.2'], docs);
    expect(results.filter((r) => !r.valid), describeFailures(results, docs)).toEqual([]);
  });
});
