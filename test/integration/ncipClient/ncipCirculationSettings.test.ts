import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { exportNetworkConfig, networkConfigYaml } from '../../../src/services/config/exportNetworkConfig.js';
import { ilsConnectionFor, readCirculationSettings } from '../../../src/services/ncip/client/index.js';
import { listAudit } from '../../../src/store/auditLogRepository.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';
import { lookupUserResponse, lookupUserUnknown, startNcipResponder, type NcipResponder } from '../../support/ncipResponder.js';
import { requireXmllint } from '../../support/xmllint.js';

const available = requireXmllint('the ILS stand-in validates every NCIP message it receives');
const backends = await availableBackends();

const file = (circulation: string) => `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
${circulation}`;

describe.each(backends)('the circulation setting in the network file on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database?.close());

  it('loads, reads back with defaults, exports and loads again unchanged; the ILS connection names our symbol', async () => {
    const text = file(`    circulation:\n      mode: ncip\n      ncip: { url: "https://ils.nsu.example/ncip", toAgencyId: NSU-ILS }\n`);
    await applyNetworkConfig(database.db, parseConfigText(text, 'net.yaml'), 'net.yaml');
    const nsu = (await findInstitutionByPathSymbol(database.db, 'US-NSU'))!;
    expect(await readCirculationSettings(database.db, nsu.id)).toEqual({ mode: 'ncip', ncip: { url: 'https://ils.nsu.example/ncip', toAgencyId: 'NSU-ILS', timeoutMs: 10000 } });
    expect(await ilsConnectionFor(database.db, nsu.id)).toEqual({ url: 'https://ils.nsu.example/ncip', toAgencyId: 'NSU-ILS', fromAgencyId: 'US-NSU', timeoutMs: 10000 });
    expect((await listAudit(database.db, nsu.id, { entityType: 'circulation-settings', limit: 5 })).map((e) => e.actor)).toEqual(['config:net.yaml']);

    const exported = await exportNetworkConfig(database.db);
    expect(exported.institutions[0]?.circulation).toEqual({ mode: 'ncip', ncip: { url: 'https://ils.nsu.example/ncip', toAgencyId: 'NSU-ILS' } });
    const fresh = await createTestDatabase(backend);
    try {
      await applyNetworkConfig(fresh.db, parseConfigText(networkConfigYaml(exported), 'export.yaml'), 'export.yaml');
      expect((await exportNetworkConfig(fresh.db)).institutions[0]?.circulation).toEqual(exported.institutions[0]?.circulation);
    } finally {
      await fresh.close();
    }
  });

  it('a file without the section keeps the stored setting; built-in exports as {}', async () => {
    await applyNetworkConfig(database.db, parseConfigText(file(''), 'again.yaml'), 'again.yaml');
    const nsu = (await findInstitutionByPathSymbol(database.db, 'US-NSU'))!;
    expect((await readCirculationSettings(database.db, nsu.id)).mode).toBe('ncip');
    await applyNetworkConfig(database.db, parseConfigText(file(`    circulation: { mode: built-in }\n`), 'builtin.yaml'), 'builtin.yaml');
    expect(await ilsConnectionFor(database.db, nsu.id)).toBeUndefined();
    expect((await exportNetworkConfig(database.db)).institutions[0]?.circulation).toEqual({});
  });

  it.each([
    ['ncip mode without a connection', `    circulation: { mode: ncip }\n`, 'circulation.ncip'],
    ['a non-http URL', `    circulation: { mode: ncip, ncip: { url: "ftp://ils.example", toAgencyId: X } }\n`, 'circulation.ncip.url'],
    ['an unknown mode', `    circulation: { mode: carrier-pigeon }\n`, 'circulation.mode'],
    ['an unknown key', `    circulation: { mode: built-in, ils: alma }\n`, 'circulation'],
  ])('refuses %s, naming where', (_what, section, path) => {
    let error: unknown;
    try {
      parseConfigText(file(section), 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`institutions[0].${path}`);
  });
});

describe.skipIf(!available).each(backends)('circulation settings API and patron validation with the ILS on %s', (backend) => {
  let server: ApiServer;
  let ils: NcipResponder;
  const settingsPath = '/api/v1/institutions/US-NSU/settings/circulation';

  beforeAll(async () => {
    ils = await startNcipResponder();
    server = await startApiServer(backend, { network: testNetwork, networkFile: 'test', demo: true, background: false });
  });
  afterAll(async () => {
    await server?.stop();
    await ils?.close();
  });

  async function send(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const api = server.client();
    const response = await fetch(`${server.base}${path}`, {
      method,
      headers: { ...(await api.authorization(path)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }
  const borrow = (patronId: string) => send('POST', '/api/v1/institutions/US-NSU/borrowing-requests', { patronId, citation: { title: 'Dune' }, rota: ['HCPL'], send: false });
  const requestCount = async () => Number((await server.db.selectFrom('borrowing_request').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('GET gives built-in by default; PUT validates (400 with the path) and saves', async () => {
    expect(await send('GET', settingsPath)).toEqual({ status: 200, json: { mode: 'built-in' } });
    const bad = await send('PUT', settingsPath, { mode: 'ncip' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('ncip');
    const hostile = await send('PUT', settingsPath, { mode: 'ncip', ncip: { url: 'javascript:alert(1)', toAgencyId: 'X' } });
    expect(hostile.status).toBe(400);
    expect((await send('GET', settingsPath)).json).toEqual({ mode: 'built-in' });
    const saved = await send('PUT', settingsPath, { mode: 'ncip', ncip: { url: ils.url, toAgencyId: 'NSU-ILS', timeoutMs: 1000 } });
    expect(saved).toEqual({ status: 200, json: { mode: 'ncip', ncip: { url: ils.url, toAgencyId: 'NSU-ILS', timeoutMs: 1000 } } });
  });

  it('a patron the ILS knows: LookupUser (schema-valid, from our symbol) and the request is created', async () => {
    ils.answer('LookupUser', { xml: lookupUserResponse('P-77', 'Ada', 'Lovelace') });
    const before = ils.received.length;
    const created = await borrow('P-77');
    expect(created.status).toBe(201);
    const sent = ils.received.slice(before);
    expect(sent.map((m) => m.service)).toEqual(['LookupUser']);
    expect(sent[0]?.xml).toContain('<UserIdentifierValue>P-77</UserIdentifierValue>');
    expect(sent[0]?.xml).toMatch(/<ToAgencyId>\s*<AgencyId>NSU-ILS<\/AgencyId>/);
    expect(ils.invalid).toEqual([]);
  });

  it('an unknown or blocked patron is refused with the ILS words; nothing is created', async () => {
    const count = await requestCount();
    ils.answer('LookupUser', { xml: lookupUserUnknown('P-404') });
    const unknown = await borrow('P-404');
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toBe('patron P-404 could not be validated: The ILS refused LookupUser: Unknown User (User P-404 is not known to the ILS), for P-404 [element UserIdentifierValue]');
    ils.answer('LookupUser', { xml: lookupUserResponse('P-9', 'Bob', 'Late', ['Overdue Items']) });
    const blocked = await borrow('P-9');
    expect(blocked.status).toBe(400);
    expect(blocked.json.detail).toBe('patron P-9 may not borrow: the ILS reports Overdue Items');
    expect(await requestCount()).toBe(count);
  });

  it('the ILS down, silent or answering HTML: 503 with a clear message, nothing created', async () => {
    const count = await requestCount();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await send('PUT', settingsPath, { mode: 'ncip', ncip: { url: `http://127.0.0.1:${port}/ncip`, toAgencyId: 'NSU-ILS', timeoutMs: 500 } });
    const down = await borrow('P-77');
    expect(down.status).toBe(503);
    expect(down.json.detail).toMatch(/^patron P-77 could not be validated, so no request was created; try again when the ILS answers \(LookupUser failed: the ILS at .* could not be reached/);

    await send('PUT', settingsPath, { mode: 'ncip', ncip: { url: ils.url, toAgencyId: 'NSU-ILS', timeoutMs: 300 } });
    ils.answer('LookupUser', { silent: true });
    expect((await borrow('P-77')).json.detail).toContain('the ILS did not answer within 300 ms');
    ils.answer('LookupUser', { html: true });
    const html = await borrow('P-77');
    expect([html.status, String(html.json.detail)]).toEqual([503, expect.stringContaining("the ILS's answer is not a valid NCIP message")]);
    expect(await requestCount()).toBe(count);
    expect(ils.invalid).toEqual([]);
  });

  it('back to built-in: no LookupUser is sent', async () => {
    await send('PUT', settingsPath, { mode: 'built-in' });
    const before = ils.received.length;
    expect((await borrow('P-77')).status).toBe(201);
    expect(ils.received.length).toBe(before);
  });
});
