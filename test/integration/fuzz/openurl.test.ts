/**
 * Fuzzing GET /openurl with hostile query strings: the server answers the UI shell (the mapping
 * runs in the browser), never 5xx, and changes nothing. The mapping itself is fuzzed in
 * test/unit/web/openurlFuzz.test.ts. FUZZ_CASES, FUZZ_SEED, FUZZ_CASE: see test/support/fuzz/run.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../support/apiServer.js';
import { fingerprintReader, PROTOCOL_TABLES, StateGuard } from '../../support/fuzz/fingerprint.js';
import { fuzzClient, type FuzzClient } from '../../support/fuzz/httpClient.js';
import { startFuzzServer } from '../../support/fuzz/network.js';
import { mutateQuery, requestLineSafe } from '../../support/fuzz/queryMutations.js';
import { describeFailures, fuzzSettings, pick, runFuzz } from '../../support/fuzz/run.js';

const settings = fuzzSettings('openurl', 1988);

const SEEDS: Record<string, string>[] = [
  { url_ver: 'Z39.88-2004', rft_val_fmt: 'info:ofi/fmt:kev:mtx:book', 'rft.btitle': 'The Left Hand of Darkness', 'rft.au': 'Le Guin', 'rft.isbn': '9780441478125', rfr_id: 'info:sid/primo' },
  { url_ver: 'Z39.88-2004', rft_val_fmt: 'info:ofi/fmt:kev:mtx:journal', 'rft.jtitle': 'Nature', 'rft.atitle': 'A paper', 'rft.volume': '1', 'rft.spage': '3', 'rft.epage': '9', rft_id: 'info:doi/10.1000/xyz' },
  { genre: 'article', title: 'Science', atitle: 'Old style', issn: '0036-8075', sid: 'EBSCO', id: 'pmid:123' },
  {},
];

describe('fuzzing GET /openurl', () => {
  let server: ApiServer;
  let client: FuzzClient;
  let guard: StateGuard;
  let shell = '';

  beforeAll(async () => {
    ({ server } = await startFuzzServer());
    client = fuzzClient(server.base);
    guard = new StateGuard(await fingerprintReader(server.db, PROTOCOL_TABLES));
    const plain = await client.send({ method: 'GET', path: '/openurl' });
    expect(plain.status, 'the UI must be built (the integration project builds it first)').toBe(200);
    shell = plain.body;
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it(`answers ${settings.cases} hostile links with the UI shell, never 5xx, never a change`, { timeout: 900_000 }, async () => {
    const statuses = new Map<number, number>();
    await guard.start();
    const run = await runFuzz(
      settings,
      (r) => {
        const { label, query } = mutateQuery(pick(r, SEEDS), r);
        return { label, path: requestLineSafe(`/openurl?${query}`) };
      },
      async (fuzzCase) => {
        const response = await client.send({ method: 'GET', path: fuzzCase.path });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const answer = { refused: true };
        if (response.status >= 500) return { answer, problem: `GET ${fuzzCase.path.slice(0, 300)}: HTTP ${response.status}: ${response.body.slice(0, 500)}` };
        // Node refuses request lines beyond its header limit before any route runs.
        if (response.status === 431) return { answer };
        if (response.status !== 200 || response.body !== shell) return { answer, problem: `GET ${fuzzCase.path.slice(0, 300)}: HTTP ${response.status}, not the UI shell: ${response.body.slice(0, 300)}` };
        return { answer };
      },
      (batch) => guard.settle(batch.map(({ fuzzCase, index }) => ({ index, label: fuzzCase.label, unchanging: true, mayKeep: 0 }))),
    );
    console.warn(`fuzz openurl: answers ${[...statuses.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}`);
    expect(run.failures, describeFailures(run)).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/health' })).status).toBe(200);
  });
});
