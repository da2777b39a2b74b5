import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { listAudit } from '../../../src/store/auditLogRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

const lender = (code: string) => `
  - code: ${code}
    name: ${code} Library
    symbols: ["ISIL:US-${code}"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: NSU, name: North State, symbol: "ISIL:US-NSU" }]`;

/** North State's rules: physical books go to the local partners (fastest first), parts to a far library; faculty requests wait for staff. */
const borrower = (rules: string) => `
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL", averageSupplyDays: 4 }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC", averageSupplyDays: 2 }
      - { code: FAR, name: Far Away, symbol: "ISIL:XX-FAR", endpoint: "http://127.0.0.1:9/iso18626", active: false }
${rules}`;

const RULES = `    rotaTemplates:
      - { code: LOCAL, name: Local partners, ordered: false, partners: [HCPL, LKC] }
      - { code: DISTANT, partners: [FAR] }
    rotaAssignmentRules:
      - code: books
        template: LOCAL
        conditions:
          - { field: citationType, operator: equals, value: book }
          - { field: format, operator: equals, value: physical }
      - { code: off, template: DISTANT, enabled: false }
      - { code: parts, template: DISTANT, conditions: [{ field: citationType, operator: in, value: [article, chapter] }] }
    sendingRules:
      - { code: faculty, sending: wait-for-staff, conditions: [{ field: patronGroup, operator: equals, value: faculty }] }`;

const network = (rules: string) => parseConfigText(`institutions:${borrower(rules)}${lender('HCPL')}${lender('LKC')}\n`, 'rules.yaml');

describe.each(backends)('rota templates, assignment and sending rules on %s', (backend) => {
  let server: ApiServer;
  let database: TestDatabase;
  let api: ApiClient;
  let base: string;
  const nsu = '/api/v1/institutions/US-NSU';

  beforeAll(async () => {
    server = await startApiServer(backend, { network: network(RULES), networkFile: 'rules.yaml', demo: true, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    ({ database, base } = server);
    api = server.client();
  }, 60_000);

  afterAll(() => server?.stop());

  /** Any method, with the client's credentials (or those of the institution `as`); answers status and JSON (none for 204). */
  async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, as = path): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(await api.authorization(as)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const items = async (path: string) => (await send('GET', path)).json.items as Record<string, unknown>[];
  const codes = async (path: string) => (await items(path)).map((i) => i.code);
  const audit = async (entityType: string) => listAudit(database.db, (await database.db.selectFrom('institution').select('id').where('code', '=', 'NSU').executeTakeFirstOrThrow()).id, { entityType, limit: 200 });

  const book = { citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742' } };
  const article = { citation: { title: 'Nature', articleTitle: 'On Dragons', issn: '0028-0836' }, serviceType: 'copy', format: 'digital' };

  describe('the network file', () => {
    it('loads templates and rules in file order, with an audit record per entity', async () => {
      expect(await items(`${nsu}/rota-templates`)).toEqual([
        { code: 'DISTANT', name: 'DISTANT', ordered: true, partners: ['FAR'] },
        { code: 'LOCAL', name: 'Local partners', ordered: false, partners: ['HCPL', 'LKC'] },
      ]);
      expect(await items(`${nsu}/rota-rules`)).toMatchObject([
        { code: 'books', position: 0, enabled: true, template: 'LOCAL', conditions: [{ field: 'citationType', operator: 'equals', value: 'book' }, { field: 'format', operator: 'equals', value: 'physical' }] },
        { code: 'off', position: 1, enabled: false, template: 'DISTANT', conditions: [] },
        { code: 'parts', position: 2, enabled: true, template: 'DISTANT' },
      ]);
      expect(await items(`${nsu}/sending-rules`)).toMatchObject([{ code: 'faculty', sending: 'wait-for-staff', position: 0 }]);
      const templates = await audit('rota-template');
      expect(templates.map((e) => [e.entity_key, e.action, e.actor]).sort()).toEqual([
        ['DISTANT', 'create', 'config:rules.yaml'],
        ['LOCAL', 'create', 'config:rules.yaml'],
      ]);
      expect((await audit('rota-assignment-rule')).map((e) => e.entity_key).sort()).toEqual(['books', 'off', 'parts']);
      expect(await audit('sending-rule')).toHaveLength(1);
    });

    it('loading the same file again changes nothing and records nothing', async () => {
      const before = (await audit('rota-template')).length + (await audit('rota-assignment-rule')).length + (await audit('sending-rule')).length;
      await applyNetworkConfig(database.db, network(RULES), 'rules.yaml');
      const after = (await audit('rota-template')).length + (await audit('rota-assignment-rule')).length + (await audit('sending-rule')).length;
      expect(after).toBe(before);
      expect(await codes(`${nsu}/rota-rules`)).toEqual(['books', 'off', 'parts']);
    });

    it.each([
      [
        'an unknown partner in a template',
        RULES.replace('partners: [HCPL, LKC]', 'partners: [HCPL, NOPE]').replace('name: Local partners', 'name: Renamed'),
        'rules.yaml: institutions[0].rotaTemplates[0].partners[1]: no partner NOPE at this institution',
      ],
      ['a rule naming an unknown template', RULES.replace('template: LOCAL', 'template: GONE'), 'rules.yaml: institutions[0].rotaAssignmentRules[0].template: no rota template GONE at this institution'],
      [
        'a template dropped while a rule still uses it',
        RULES.split('\n').filter((line) => !line.includes('DISTANT, partners')).join('\n').replace(/\n {4}rotaAssignmentRules:[\s\S]*$/, ''),
        'rules.yaml: institutions[0].rotaTemplates: rota template DISTANT is used by rota assignment rule(s) off, parts; change or delete them first',
      ],
    ])('refuses %s, naming where, and saves nothing', async (_name, rules, message) => {
      const before = await items(`${nsu}/rota-templates`);
      const auditBefore = (await audit('rota-template')).length;
      await expect(applyNetworkConfig(database.db, network(rules), 'rules.yaml')).rejects.toThrow(new ConfigError([message]));
      expect(await items(`${nsu}/rota-templates`)).toEqual(before);
      expect(await codes(`${nsu}/rota-rules`)).toEqual(['books', 'off', 'parts']);
      expect(await audit('rota-template')).toHaveLength(auditBefore);
    });

    it('refuses, before touching the database, a partner in two templates and a bad condition, with file positions', () => {
      const twice = RULES.replace('partners: [FAR]', 'partners: [FAR, LKC]');
      expect(() => network(twice)).toThrow(/rules\.yaml:\d+:\d+: institutions\[0\]\.rotaTemplates\[1\]\.partners\[1\]: partner LKC is already in rota template LOCAL: a partner belongs to one template only/);
      const badOperator = RULES.replace('{ field: format, operator: equals, value: physical }', '{ field: isbn, operator: equals, value: "1" }');
      expect(() => network(badOperator)).toThrow(/institutions\[0\]\.rotaAssignmentRules\[0\]\.conditions\[1\]\.operator: operator "equals" is not valid for field isbn; use empty, not-empty/);
      expect(() => network(RULES.replace('field: patronGroup', 'field: colour'))).toThrow(/sendingRules\[0\]\.conditions\[0\]\.field: unknown field "colour"/);
    });
  });

  describe('the API', () => {
    const templates = `${nsu}/rota-templates`;
    const rules = `${nsu}/rota-rules`;
    const sendingRules = `${nsu}/sending-rules`;
    const lastAudit = async (entityType: string) => (await audit(entityType))[0];

    it.each([
      ['no partners', { code: 'EMPTY', partners: [] }, 'partners: a rota template needs at least one partner', 400],
      ['an unknown partner', { code: 'NEW', partners: ['LKC2'] }, 'partners.0: no partner LKC2 at this institution', 400],
      ['a partner of another template', { code: 'NEW', partners: ['HCPL'] }, 'partners.0: partner HCPL is already in rota template LOCAL: a partner belongs to one template only', 400],
      ['a code in use', { code: 'LOCAL', partners: ['FAR'] }, 'rota template LOCAL already exists', 409],
      ['an unknown field', { code: 'NEW', partners: ['FAR'], colour: 'red' }, 'Unrecognized key: "colour"', 400],
    ])('refuses a template with %s, saving nothing', async (_name, body, detail, status) => {
      const auditBefore = (await audit('rota-template')).length;
      const answer = await send('POST', templates, body);
      expect(answer.status).toBe(status);
      expect(answer.json.detail).toContain(detail);
      expect(await codes(templates)).toEqual(['DISTANT', 'LOCAL']);
      expect(await audit('rota-template')).toHaveLength(auditBefore);
    });

    it('creates, replaces and deletes a template, each change audited with the user', async () => {
      expect(await send('PUT', `${templates}/LOCAL`, { name: 'Local partners', ordered: false, partners: ['HCPL'] })).toMatchObject({ status: 200, json: { partners: ['HCPL'] } });
      const created = await send('POST', templates, { code: 'LAKES', name: 'Lakes', partners: ['LKC'] });
      expect(created).toMatchObject({ status: 201, json: { code: 'LAKES', name: 'Lakes', ordered: true, partners: ['LKC'] } });
      expect(await send('GET', `${templates}/LAKES`)).toMatchObject({ status: 200, json: { partners: ['LKC'] } });
      expect((await lastAudit('rota-template'))?.actor).toMatch(/^user:/);
      expect(await lastAudit('rota-template')).toMatchObject({ entity_key: 'LAKES', action: 'create', before: null, after: { partners: ['LKC'] } });
      expect((await send('DELETE', `${templates}/LAKES`)).status).toBe(204);
      expect(await lastAudit('rota-template')).toMatchObject({ entity_key: 'LAKES', action: 'delete', before: { code: 'LAKES' }, after: null });
      expect(await send('GET', `${templates}/LAKES`)).toMatchObject({ status: 404 });
      // Put things back for the request tests.
      expect((await send('PUT', `${templates}/LOCAL`, { name: 'Local partners', ordered: false, partners: ['HCPL', 'LKC'] })).status).toBe(200);
      expect(await lastAudit('rota-template')).toMatchObject({ entity_key: 'LOCAL', action: 'update', before: { partners: ['HCPL'] }, after: { partners: ['HCPL', 'LKC'] } });
    });

    it('refuses to delete a template a rule uses, and answers 404 for unknown ones', async () => {
      const inUse = await send('DELETE', `${templates}/DISTANT`);
      expect(inUse.status).toBe(409);
      expect(inUse.json.detail).toBe('rota template DISTANT is used by rota assignment rule(s) off, parts; change or delete them first');
      expect((await send('DELETE', `${templates}/NOPE`)).status).toBe(404);
      expect((await send('PUT', `${templates}/NOPE`, { partners: ['FAR'] })).status).toBe(404);
      expect((await send('PUT', `${templates}/LOCAL`, { code: 'LOCAL', partners: ['FAR'] })).status).toBe(400);
      expect(await codes(templates)).toEqual(['DISTANT', 'LOCAL']);
    });

    it.each([
      ['a bad operator', { code: 'x', template: 'LOCAL', conditions: [{ field: 'isbn', operator: 'contains', value: '1' }] }, 'conditions.0.operator: operator "contains" is not valid for field isbn; use empty, not-empty'],
      ['a missing value', { code: 'x', template: 'LOCAL', conditions: [{ field: 'patronGroup', operator: 'in' }] }, 'conditions.0.value: value missing: in needs a list of values'],
      ['an unknown field', { code: 'x', template: 'LOCAL', conditions: [{ field: 'shelf', operator: 'empty' }] }, 'conditions.0.field: unknown field "shelf"'],
      ['an unknown template', { code: 'x', template: 'NOPE' }, 'template: no rota template NOPE at this institution'],
    ])('refuses a rule with %s, saving nothing', async (_name, body, detail) => {
      const answer = await send('POST', rules, body);
      expect(answer.status).toBe(400);
      expect(answer.json.detail).toContain(detail);
      expect(await codes(rules)).toEqual(['books', 'off', 'parts']);
    });

    it('adds a rule last, replaces it in place, reorders and deletes, auditing each change', async () => {
      const created = await send('POST', rules, { code: 'rush', name: 'Rush', template: 'LOCAL', conditions: [{ field: 'neededBefore', operator: 'before', value: 3 }] });
      expect(created).toMatchObject({ status: 201, json: { code: 'rush', position: 3, enabled: true } });
      expect((await send('POST', rules, { code: 'rush', template: 'LOCAL' })).status).toBe(409);
      expect(await send('PUT', `${rules}/rush`, { name: 'Rush', enabled: false, template: 'DISTANT' })).toMatchObject({ status: 200, json: { position: 3, enabled: false, template: 'DISTANT', conditions: [] } });
      expect(await lastAudit('rota-assignment-rule')).toMatchObject({ entity_key: 'rush', action: 'update', before: { enabled: true, template: 'LOCAL' }, after: { enabled: false, template: 'DISTANT' } });

      for (const [order, detail] of [
        [['books', 'off', 'parts'], 'missing: rush'],
        [['books', 'off', 'parts', 'rush', 'rush'], 'listed twice: rush'],
        [['books', 'off', 'parts', 'nope'], 'unknown rota assignment rule(s): nope'],
      ] as const) {
        const refused = await send('PUT', rules, { order });
        expect(refused.status).toBe(400);
        expect(refused.json.detail).toContain(detail);
      }
      expect(await codes(rules)).toEqual(['books', 'off', 'parts', 'rush']);
      const reordered = await send('PUT', rules, { order: ['rush', 'books', 'off', 'parts'] });
      expect((reordered.json.items as { code: string; position: number }[]).map((r) => [r.code, r.position])).toEqual([['rush', 0], ['books', 1], ['off', 2], ['parts', 3]]);
      expect(await codes(rules)).toEqual(['rush', 'books', 'off', 'parts']);
      expect((await audit('rota-assignment-rule')).slice(0, 4).map((e) => [e.entity_key, (e.before as { position: number }).position, (e.after as { position: number }).position]).sort()).toEqual([
        ['books', 0, 1],
        ['off', 1, 2],
        ['parts', 2, 3],
        ['rush', 3, 0],
      ]);

      expect((await send('DELETE', `${rules}/rush`)).status).toBe(204);
      // The rules after it move up, and say so.
      expect((await audit('rota-assignment-rule')).slice(0, 4).map((e) => [e.entity_key, e.action, (e.after as { position: number } | null)?.position]).reverse()).toEqual([
        ['rush', 'delete', undefined],
        ['books', 'update', 0],
        ['off', 'update', 1],
        ['parts', 'update', 2],
      ]);
      expect((await items(rules)).map((r) => r.position)).toEqual([0, 1, 2]);
      expect((await send('DELETE', `${rules}/rush`)).status).toBe(404);
      expect((await send('GET', `${rules}/rush`)).status).toBe(404);
      expect(await codes(rules)).toEqual(['books', 'off', 'parts']);
    });

    it('manages sending rules the same way', async () => {
      expect((await send('POST', sendingRules, { code: 'x', sending: 'later' })).status).toBe(400);
      expect((await send('POST', sendingRules, { code: 'x', template: 'LOCAL', sending: 'wait-for-staff' })).status).toBe(400);
      expect(await send('POST', sendingRules, { code: 'copies', sending: 'send-automatically', conditions: [{ field: 'serviceType', operator: 'equals', value: 'copy' }] })).toMatchObject({ status: 201, json: { position: 1 } });
      expect(await send('PUT', sendingRules, { order: ['copies', 'faculty'] })).toMatchObject({ status: 200 });
      // Copies now go out automatically even for faculty: the first match wins.
      expect((await send('POST', `${nsu}/rota-rules/dry-run`, { ...article, patronGroup: 'faculty' })).json).toMatchObject({ sending: 'send-automatically', sendingRule: { code: 'copies' } });
      expect((await send('DELETE', `${sendingRules}/copies`)).status).toBe(204);
      expect((await audit('sending-rule')).slice(0, 2).map((e) => [e.entity_key, e.action])).toEqual([
        ['faculty', 'update'],
        ['copies', 'delete'],
      ]);
      expect(await codes(sendingRules)).toEqual(['faculty']);
    });

    it("keeps each institution's rules to itself: another institution's staff get 404 and see nothing", async () => {
      const hcpl = '/api/v1/institutions/US-HCPL';
      expect(await items(`${hcpl}/rota-templates`)).toEqual([]);
      expect(await items(`${hcpl}/rota-rules`)).toEqual([]);
      // Harbor City has no partner LKC, whatever North State has.
      expect(await send('POST', `${hcpl}/rota-templates`, { code: 'LOCAL', partners: ['LKC'] })).toMatchObject({ status: 400 });
      for (const [method, path, body] of [
        ['GET', templates, undefined],
        ['GET', `${templates}/LOCAL`, undefined],
        ['PUT', `${templates}/LOCAL`, { partners: ['HCPL'] }],
        ['DELETE', `${rules}/books`, undefined],
        ['PUT', rules, { order: ['parts', 'off', 'books'] }],
        ['GET', sendingRules, undefined],
        ['POST', `${nsu}/rota-rules/dry-run`, book],
      ] as const) {
        const answer = await send(method, path, body, hcpl);
        expect([method, path, answer.status]).toEqual([method, path, 404]);
        expect(JSON.stringify(answer.json)).not.toMatch(/LOCAL|books|HCPL|LKC/);
      }
      expect(await codes(rules)).toEqual(['books', 'off', 'parts']);
      expect((await items(templates)).find((t) => t.code === 'LOCAL')?.partners).toEqual(['HCPL', 'LKC']);
    });
  });

  describe('dry run', () => {
    it('shows the matching rules, the rota they build (fastest first for an unordered template) and the sending decision', async () => {
      const answer = await send('POST', `${nsu}/rota-rules/dry-run`, book);
      expect(answer).toMatchObject({ status: 200 });
      expect(answer.json).toEqual({
        matchedRules: [{ code: 'books', name: 'books', position: 0, template: 'LOCAL' }],
        rota: ['LKC', 'HCPL'],
        skipped: [],
        sending: 'send-automatically',
        sendingRule: null,
      });
    });

    it('skips disabled rules, lists inactive partners apart, and names the sending rule that holds a request', async () => {
      const answer = await send('POST', `${nsu}/rota-rules/dry-run`, { ...article, patronGroup: 'Faculty' });
      expect(answer.json).toEqual({
        matchedRules: [{ code: 'parts', name: 'parts', position: 2, template: 'DISTANT' }],
        rota: [],
        skipped: [{ partner: 'FAR', reason: 'inactive' }],
        sending: 'wait-for-staff',
        sendingRule: { code: 'faculty', name: 'faculty', position: 0 },
      });
    });

    it('matches nothing for a digital book', async () => {
      expect((await send('POST', `${nsu}/rota-rules/dry-run`, { ...book, format: 'digital' })).json).toMatchObject({ matchedRules: [], rota: [] });
    });

    it('refuses a body that is not a request, naming the field', async () => {
      const answer = await send('POST', `${nsu}/rota-rules/dry-run`, { citation: { author: 'Nobody' }, format: 'scroll' });
      expect(answer.status).toBe(400);
      expect((answer.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['citation.title', 'format']);
    });

  });

  describe('requests built by the rules', () => {
    const create = (body: Record<string, unknown>) => send('POST', api.borrowing('US-NSU'), { patronId: 'P-1', ...body });
    type Full = RequestView & { rota: { partner: { code: string }; status: string }[] };

    it('builds the rota from the rules, sends to the fastest partner, and moves on when it answers Unfilled', async () => {
      const created = await create(book);
      expect(created.status).toBe(201);
      const view = created.json as unknown as Full;
      expect(view.rota.map((e) => [e.partner.code, e.status])).toEqual([
        ['LKC', 'sent'],
        ['HCPL', 'pending'],
      ]);
      expect(view.history[0]?.note).toBe('rota: LKC, HCPL (ordered), by rules books');
      const lkc = await api.findLendingRequest('US-LKC', view.number);
      await api.call('POST', `${api.lending('US-LKC', lkc.id)}/actions/reject`, { reason: 'NotHeld' });
      // Harbor City hears of the request only once North State has moved on.
      const hcpl = await api.findLendingRequest('US-HCPL', view.number);
      expect(hcpl.status).toBe('created');
      const moved = await api.call<Full>('GET', api.borrowing('US-NSU', view.id));
      expect(moved.status).toBe('request_sent');
      expect(moved.rota.map((e) => [e.partner.code, e.status])).toEqual([
        ['LKC', 'rejected'],
        ['HCPL', 'sent'],
      ]);
    });

    it('refuses a request no rule matches, and saves nothing', async () => {
      const before = (await api.call<{ total: number }>('GET', api.borrowing('US-NSU'))).total;
      const answer = await create({ ...book, format: 'digital' });
      expect(answer).toMatchObject({ status: 400, json: { detail: 'no rota assignment rule matches this request' } });
      expect((await api.call<{ total: number }>('GET', api.borrowing('US-NSU'))).total).toBe(before);
    });

    it('holds what a sending rule sends to staff: pending approval, approve, ready to be sent, send', async () => {
      const created = await create({ ...book, patronGroup: 'faculty' });
      const view = created.json as unknown as Full;
      expect(view.status).toBe('pending_approval');
      expect(view.allowedActions).toContain('approve');
      expect(view.rota.map((e) => e.status)).toEqual(['pending', 'pending']);
      expect(view.history.map((h) => [h.event, h.note])).toEqual([
        ['create', 'rota: LKC, HCPL (ordered), by rules books'],
        ['rules:hold-for-approval', 'sending rule faculty'],
      ]);
      const path = api.borrowing('US-NSU', view.id);
      expect((await api.call<Full>('POST', `${path}/actions/approve`, {})).status).toBe('ready_to_send');
      const sent = await api.call<Full>('POST', `${path}/actions/send`, {});
      expect(sent.status).toBe('request_sent');
      expect(sent.rota.map((e) => [e.partner.code, e.status])).toEqual([
        ['LKC', 'sent'],
        ['HCPL', 'pending'],
      ]);
    });

    it('keeps an explicit rota and send flag as they are', async () => {
      const explicit = await create({ ...book, patronGroup: 'faculty', rota: ['HCPL'], send: true });
      expect((explicit.json as unknown as Full).status).toBe('request_sent');
      expect((explicit.json as unknown as Full).rota.map((e) => e.partner.code)).toEqual(['HCPL']);
      const ready = await create({ ...book, send: false });
      expect((ready.json as unknown as Full).status).toBe('created');
      // An explicit rota still passes by the sending rules when send is left out.
      const held = await create({ ...book, patronGroup: 'faculty', rota: ['LKC'] });
      expect((held.json as unknown as Full).status).toBe('pending_approval');
    });
  });
});
