/**
 * Fuzzing the JSON API (/api/v1/...) as NSU's fulfilment administrator: every route of the app's
 * own route table, with hostile bodies (sampled from the route's JSON schema in the OpenAPI
 * document, then damaged), query strings and path parameters. Never 5xx; every 4xx is RFC 9457
 * problem JSON with its status; a 4xx changes nothing in the database. FUZZ_CASES, FUZZ_SEED,
 * FUZZ_CASE: see test/support/fuzz/run.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRoute } from '../../../src/http/app.js';
import { apiRouteTable } from '../../../src/http/routes/api/index.js';
import type { ApiServer } from '../../support/apiServer.js';
import { bearer, signIn } from '../../support/auth/accounts.js';
import { fingerprintReader, StateGuard } from '../../support/fuzz/fingerprint.js';
import { fuzzClient, type FuzzClient } from '../../support/fuzz/httpClient.js';
import { HOSTILE_PATH_VALUES, mutateJson, sampleSchema, type JsonSchema } from '../../support/fuzz/jsonMutations.js';
import { FUZZ_ADMIN, startFuzzServer } from '../../support/fuzz/network.js';
import { mutateQuery, requestLineSafe } from '../../support/fuzz/queryMutations.js';
import { describeFailures, fuzzSettings, pick, runFuzz } from '../../support/fuzz/run.js';
import { requestXml } from '../../support/iso18626Messages.js';

const settings = fuzzSettings('api', 9457);

/** Routes that would end the fuzzer's own session rather than test input handling. */
const LEFT_OUT = new Set(['DELETE /api/v1/session']);

const QUERY_SEEDS: Record<string, string>[] = [{}, { limit: '10', offset: '0' }, { status: 'sent', q: 'Dune' }, { from: '2026-01-01', to: '2026-12-31' }, { format: 'csv', kind: 'loan' }];

describe('fuzzing the JSON API', () => {
  let server: ApiServer;
  let client: FuzzClient;
  let guard: StateGuard;
  let headers: Record<string, string>;
  let routes: AppRoute[];
  const bodies = new Map<string, JsonSchema>();
  const known: Record<string, string> = { symbol: FUZZ_ADMIN.institution, username: 'desk' };
  let borrowingId = '';
  let lendingId = '';

  beforeAll(async () => {
    ({ server } = await startFuzzServer());
    client = fuzzClient(server.base);
    const session = await signIn(server.base, FUZZ_ADMIN.institution, FUZZ_ADMIN.username);
    headers = bearer(session);
    const created = await fetch(`${server.base}/api/v1/institutions/US-NSU/borrowing-requests`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ patronId: 'P-1', citation: { title: 'Fuzzed' }, rota: ['HCPL'] }),
    });
    borrowingId = String(((await created.json()) as { id: string }).id);
    await fetch(`${server.base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: requestXml({ from: 'US-HCPL', to: 'US-NSU', id: 'FUZZ-API-1' }) });
    lendingId = (await server.db.selectFrom('lending_request').select('id').where('requesting_agency_request_id', '=', 'FUZZ-API-1').executeTakeFirstOrThrow()).id;
    const openapi = (await (await fetch(`${server.base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
    for (const [path, operations] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (schema) bodies.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, schema);
      }
    }
    routes = apiRouteTable(server.interlend.app).filter((route) => !LEFT_OUT.has(`${route.method} ${route.url}`));
    guard = new StateGuard(await fingerprintReader(server.db, 'all'));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('found the routes and their body schemas', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(bodies.size).toBeGreaterThan(15);
  });

  it(`answers ${settings.cases} hostile calls without 5xx, problem JSON for every 4xx, no change from a 4xx`, { timeout: 900_000 }, async () => {
    const statuses = new Map<string, number>();
    await guard.start();
    const run = await runFuzz(
      settings,
      (r) => {
        const route = pick(r, routes);
        const hostilePath = r() < 0.25;
        const path = route.url.replace(/:(\w+)/g, (_m, name: string) => {
          if (hostilePath && r() < 0.7) return pick(r, HOSTILE_PATH_VALUES);
          if (name === 'id') return route.url.includes('/lending-requests/') ? lendingId : borrowingId;
          return known[name] ?? pick(r, ['1', 'loan', 'pickup', 'no-such-thing']);
        });
        const query = r() < 0.4 ? mutateQuery(pick(r, QUERY_SEEDS), r).query : '';
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const body = hasBody ? mutateJson(sampleSchema(bodies.get(`${route.method} ${route.url}`), r), r) : { label: 'noBody', body: undefined, contentType: undefined };
        return { label: `${hostilePath ? 'path+' : ''}${body.label}`, route: `${route.method} ${route.url}`, method: route.method, path: requestLineSafe(query ? `${path}?${query}` : path), body: body.body, contentType: body.contentType };
      },
      async (fuzzCase) => {
        const response = await client.send({
          method: fuzzCase.method,
          path: fuzzCase.path,
          headers: { ...headers, ...(fuzzCase.contentType ? { 'content-type': fuzzCase.contentType } : {}) },
          ...(fuzzCase.body !== undefined ? { body: fuzzCase.body } : {}),
        });
        const answer = { refused: response.status >= 400 };
        const key = `${Math.floor(response.status / 100)}xx`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        const where = `${fuzzCase.method} ${fuzzCase.path.slice(0, 200)} (${fuzzCase.route}) body ${String(fuzzCase.body).slice(0, 200)}`;
        if (response.status >= 500) return { answer, problem: `${where}: HTTP ${response.status}: ${response.body.slice(0, 500)}` };
        // Signing in with a fuzzed password is refused (401) as it should be; anywhere else 401 means the fuzzer lost its session.
        if (response.status === 401 && fuzzCase.route !== 'POST /api/v1/session') return { answer, problem: `${where}: the fuzzer's session was lost (401)` };
        if (response.status >= 400) {
          // Refused before any route runs (parameter too long, request line too big): fastify's or Node's own answer.
          if (response.status === 431 || response.status === 414) return { answer };
          if (!response.contentType.startsWith('application/problem+json')) return { answer, problem: `${where}: HTTP ${response.status} as ${response.contentType}: ${response.body.slice(0, 300)}` };
          const problem = JSON.parse(response.body) as { status?: unknown; title?: unknown };
          if (problem.status !== response.status || typeof problem.title !== 'string') return { answer, problem: `${where}: problem ${response.body.slice(0, 300)} for HTTP ${response.status}` };
        }
        return { answer };
      },
      (batch) => guard.settle(batch.map(({ fuzzCase, index, answer }) => ({ index, label: `${fuzzCase.label} ${fuzzCase.route}`, unchanging: answer.refused || fuzzCase.method === 'GET', mayKeep: 0 }))),
    );
    console.warn(`fuzz api: answers ${[...statuses.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}; ${routes.length} routes; refusals state-checked ${guard.refusalsChecked}, unchecked ${guard.refusalsUnchecked}`);
    expect(run.failures, describeFailures(run)).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/health' })).status).toBe(200);
    if (settings.only === undefined) {
      expect(statuses.get('2xx') ?? 0).toBeGreaterThan(0);
      expect(statuses.get('4xx') ?? 0).toBeGreaterThan(0);
      expect(guard.refusalsChecked).toBeGreaterThan(guard.refusalsUnchecked);
    }
  });
});
