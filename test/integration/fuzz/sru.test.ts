/**
 * Fuzzing GET /sru/:institution (and /sru) with hostile query strings and CQL: every answer is a
 * well-formed SRU document (records or a diagnostic), never 5xx, and nothing changes in the
 * database (SRU only reads). FUZZ_CASES, FUZZ_SEED, FUZZ_CASE: see test/support/fuzz/run.ts.
 */
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../support/apiServer.js';
import { fingerprintReader, PROTOCOL_TABLES, StateGuard } from '../../support/fuzz/fingerprint.js';
import { fuzzClient, type FuzzClient } from '../../support/fuzz/httpClient.js';
import { startFuzzServer } from '../../support/fuzz/network.js';
import { mutateQuery, requestLineSafe } from '../../support/fuzz/queryMutations.js';
import { describeFailures, fuzzSettings, pick, runFuzz } from '../../support/fuzz/run.js';

const settings = fuzzSettings('sru', 1202);

const SEEDS: Record<string, string>[] = [
  { operation: 'searchRetrieve', version: '1.2', query: 'dc.title=elephants', maximumRecords: '5', recordSchema: 'marcxml' },
  { operation: 'searchRetrieve', version: '1.1', query: 'bath.isbn=9780441478125', startRecord: '1' },
  { operation: 'searchRetrieve', version: '2.0', query: 'dc.creator any "le guin" and dc.title all "left hand"', recordPacking: 'xml' },
  { operation: 'searchRetrieve', version: '1.2', query: 'cql.serverChoice adj "book" or rec.id=1 not bath.lccn=x' },
  { operation: 'explain', version: '1.2' },
  { operation: 'scan', version: '1.2', scanClause: 'dc.title=a' },
  { version: '1.2', query: 'x' },
  {},
];

describe('fuzzing GET /sru', () => {
  let server: ApiServer;
  let client: FuzzClient;
  let guard: StateGuard;

  beforeAll(async () => {
    ({ server } = await startFuzzServer());
    client = fuzzClient(server.base);
    guard = new StateGuard(await fingerprintReader(server.db, PROTOCOL_TABLES));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it(`answers ${settings.cases} hostile searches with well-formed SRU, never 5xx, never a change`, { timeout: 900_000 }, async () => {
    const statuses = new Map<string, number>();
    await guard.start();
    const run = await runFuzz(
      settings,
      (r) => {
        const { label, query } = mutateQuery(pick(r, SEEDS), r);
        const target = pick(r, ['/sru/NSU', '/sru/MIT', '/sru/NSU', '/sru', '/sru/NOPE', `/sru/${pick(r, ['%00', '..%2F..', '%ZZ', 'x'.repeat(300), 'NSU%20'])}`]);
        return { label, path: requestLineSafe(`${target}?${query}`) };
      },
      async (fuzzCase, index) => {
        const response = await client.send({ method: 'GET', path: fuzzCase.path });
        const kind = /<(?:[\w-]+:)?(searchRetrieveResponse|explainResponse|scanResponse)\b/.exec(response.body)?.[1] ?? 'none';
        const diagnostic = /<(?:[\w-]+:)?diagnostic\b/.test(response.body);
        statuses.set(`${response.status} ${kind}${diagnostic ? '+diagnostic' : ''}`, (statuses.get(`${response.status} ${kind}${diagnostic ? '+diagnostic' : ''}`) ?? 0) + 1);
        const answer = { refused: true };
        if (response.status >= 500) return { answer, problem: `GET ${fuzzCase.path.slice(0, 300)}: HTTP ${response.status}: ${response.body}` };
        // Refused before any route runs, so not in SRU's words: Node for request lines beyond its header
        // limit (431); the router for a path parameter over its length limit (414); a path it cannot
        // decode (400, as problem JSON like every refusal outside a protocol's own words).
        if (response.status === 431 || response.status === 414) return { answer };
        if (response.status === 400 && response.contentType.startsWith('application/problem+json') && response.body.includes('FST_ERR_BAD_URL')) return { answer };
        if (!/xml/.test(response.contentType)) return { answer, problem: `GET ${fuzzCase.path.slice(0, 300)}: answered ${response.contentType} (HTTP ${response.status}): ${response.body.slice(0, 500)}` };
        const wellFormed = XMLValidator.validate(response.body);
        if (wellFormed !== true) return { answer, problem: `not well-formed: ${JSON.stringify(wellFormed)}\n${response.body.slice(0, 1000)}` };
        if (kind === 'none' && !diagnostic) return { answer, problem: `neither records nor a diagnostic: ${response.body.slice(0, 1000)}` };
        if (response.status >= 400 && !diagnostic) return { answer, problem: `HTTP ${response.status} without a diagnostic` };
        if (index % 100 === 99 && (await client.send({ method: 'GET', path: '/health' })).status !== 200) return { answer, problem: '/health failed' };
        return { answer };
      },
      // SRU only reads: every case is held to "no change", kept messages included.
      (batch) => guard.settle(batch.map(({ fuzzCase, index }) => ({ index, label: fuzzCase.label, unchanging: true, mayKeep: 0 }))),
    );
    console.warn(`fuzz sru: answers ${[...statuses.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}`);
    expect(run.failures, describeFailures(run)).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/health' })).status).toBe(200);
    if (settings.only === undefined) {
      expect([...statuses.keys()].some((k) => k.startsWith('200 searchRetrieveResponse') && !k.endsWith('diagnostic'))).toBe(true);
      expect([...statuses.keys()].some((k) => k.endsWith('diagnostic'))).toBe(true);
    }
  });
});
