import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.js';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';
import { hostileBodies, requestingAgencyMessageXml, requestXml } from '../../support/iso18626Messages.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('ISO 18626 endpoint conformance');

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
  messageStatus?: string;
  errorType?: string;
  errorValue?: string;
}

describe.skipIf(!xmllint).each(backends)('POST /iso18626 over HTTP on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  /** Every answer of this suite, validated against its version's XSD at the end. */
  const answers: { body: string; version: '1.2' | '2021' }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, testNetwork, 'test');
    app = await buildApp({ ctx: { db: database.db, now: () => new Date() }, logger: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  async function post(body: string | Buffer, contentType: string | null = 'application/xml'): Promise<Answer> {
    const response = await fetch(`${base}/iso18626`, {
      method: 'POST',
      body,
      headers: contentType ? { 'content-type': contentType } : {},
    });
    const text = await response.text();
    const parsed = parseIso18626(text);
    const answer: Answer = { status: response.status, contentType: response.headers.get('content-type'), body: text };
    if (parsed.ok && 'confirmationHeader' in parsed.message) {
      answers.push({ body: text, version: parsed.version === '2021' ? '2021' : '1.2' });
      answer.messageStatus = parsed.message.confirmationHeader.messageStatus;
      answer.errorType = parsed.message.errorData?.[0]?.errorType;
      answer.errorValue = parsed.message.errorData?.[0]?.errorValue;
    }
    return answer;
  }

  async function requestCount(): Promise<number> {
    const row = await database.db.selectFrom('lending_request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('accepts a request addressed to US-HCPL and confirms it OK', async () => {
    const answer = await post(requestXml({ id: 'http-1' }));
    expect(answer).toMatchObject({ status: 200, messageStatus: 'OK' });
    expect(answer.contentType).toMatch(/^application\/xml/);
    expect(await requestCount()).toBe(1);
  });

  it('accepts text/xml and a 2021 message, answering in 2021', async () => {
    const answer = await post(requestXml({ id: 'http-2021', version: '2021' }), 'text/xml; charset=utf-8');
    expect(answer).toMatchObject({ status: 200, messageStatus: 'OK' });
    expect(answer.body).toContain('2021');
  });

  it('answers a re-delivery byte for byte as before, and refuses a conflicting reuse of the id', async () => {
    const body = requestXml({ id: 'http-dup' });
    const first = await post(body);
    const count = await requestCount();
    const second = await post(body);
    expect(second.body).toBe(first.body);
    const conflicting = await post(requestXml({ id: 'http-dup', title: 'Something else' }));
    expect(conflicting).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType: 'UnrecognisedDataValue' });
    expect(await requestCount()).toBe(count);
  });

  it.each([
    ['malformed XML', '<ISO18626Message><request>', 'BadlyFormedMessage'],
    ['empty body', '', 'BadlyFormedMessage'],
    ['unknown addressee', requestXml({ to: 'XX-NONE' }), 'UnrecognisedDataValue'],
    ['unknown sender', requestXml({ from: 'XX-NONE' }), 'UnrecognisedDataValue'],
    ['unsupported action', requestingAgencyMessageXml('Notification').replace('>Notification<', '>Dance<'), 'UnsupportedActionType'],
    ['missing mandatory element', requestXml().replace(/<timestamp>[^<]*<\/timestamp>/, ''), 'BadlyFormedMessage'],
  ])('%s gets an ERROR confirmation with HTTP 200', async (_name, body, errorType) => {
    const before = await requestCount();
    const answer = await post(body);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType });
    expect(answer.errorValue).toBeTruthy();
    expect(await requestCount()).toBe(before);
  });

  it('never reads a file for XXE: the file and its name appear in no answer and no stored row', async () => {
    const answer = await post(hostileBodies.xxe);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType: 'BadlyFormedMessage' });
    expect(answer.body).not.toContain('root:');
    expect(answer.body).not.toContain('/etc/passwd');
    const leaked = await database.db
      .selectFrom('protocol_message')
      .select('id')
      .where((eb) => eb.or([eb('body', 'like', '%/etc/passwd%'), eb('body', 'like', '%root:%'), eb('confirmation', 'like', '%root:%')]))
      .execute();
    expect(leaked).toEqual([]);
  });

  it('refuses entity expansion without expanding', async () => {
    const answer = await post(hostileBodies.billionLaughs);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType: 'BadlyFormedMessage' });
    expect(answer.body.length).toBeLessThan(4000);
  });

  it('refuses a body over 1 MiB with 413 and a BadlyFormedMessage confirmation', async () => {
    const padding = `<!--${'x'.repeat(1024 * 1024)}-->`;
    const answer = await post(requestXml({ id: 'huge' }).replace('<request>', `<request>${padding}`));
    expect(answer).toMatchObject({ status: 413, messageStatus: 'ERROR', errorType: 'BadlyFormedMessage' });
    expect(answer.errorValue).toContain('larger than');
  });

  it.each([['application/json'], ['text/plain'], ['application/x-www-form-urlencoded']])(
    'refuses Content-Type %s with 415 and a confirmation',
    async (contentType) => {
      const before = await requestCount();
      const answer = await post(requestXml({ id: `ct-${contentType}` }), contentType);
      expect(answer).toMatchObject({ status: 415, messageStatus: 'ERROR', errorType: 'BadlyFormedMessage' });
      expect(await requestCount()).toBe(before);
    },
  );

  it('accepts a message sent with no Content-Type at all', async () => {
    // fetch labels a string body text/plain; bytes go out with no Content-Type header.
    const answer = await post(Buffer.from(requestXml({ id: 'no-ct' })), null);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'OK' });
  });

  it('answers invalid UTF-8 bytes with an error confirmation, not a crash', async () => {
    const answer = await post(Buffer.from([0x3c, 0xff, 0xfe, 0x00, 0x3e]));
    expect(answer).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType: 'BadlyFormedMessage' });
  });

  it('reports health and counts messages in /metrics', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'reachable', outbox: { pending: 0, parked: 0 } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/interlend_protocol_messages_total\{protocol="iso18626",direction="in",kind="request",status="OK"\} [1-9]/);
    expect(metrics).toMatch(/interlend_protocol_messages_total\{[^}]*status="ERROR"\} [1-9]/);
    expect(metrics).toMatch(/interlend_protocol_duplicates_total\{protocol="iso18626",kind="request"\} 1/);
    expect(metrics).toContain('interlend_database_up 1');
  });

  it('validates every answer of this suite against the official XSD', () => {
    expect(answers.length).toBeGreaterThan(15);
    for (const version of ['1.2', '2021'] as const) {
      const docs = answers.filter((a) => a.version === version).map((a) => a.body);
      const results = validateWithXsd(ISO18626_XSD[version], docs);
      expect(results.filter((r) => !r.valid), describeFailures(results, docs)).toEqual([]);
    }
  });
});
