/**
 * Fuzzing POST /ncip with hostile mutants of the OCLC samples and grammar-generated messages: every
 * answer is NCIP (a response or a Problem), never 5xx, valid against ncip_v2_02.xsd; a refused
 * message changes no state (it may only be kept, once, when attributable); the server keeps
 * answering /health. FUZZ_CASES, FUZZ_SEED, FUZZ_CASE: see test/support/fuzz/run.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNcipMessage, parseNcipMessage, type NcipBody } from '../../../src/protocols/ncip/index.js';
import type { ApiServer } from '../../support/apiServer.js';
import { AnswerCollector } from '../../support/fuzz/answers.js';
import { fingerprintReader, PROTOCOL_TABLES, StateGuard } from '../../support/fuzz/fingerprint.js';
import { fuzzClient, type FuzzClient } from '../../support/fuzz/httpClient.js';
import { NCIP_AGENCIES, startFuzzServer } from '../../support/fuzz/network.js';
import { describeFailures, fuzzSettings, pick, runFuzz, type Random } from '../../support/fuzz/run.js';
import { mutateXml } from '../../support/fuzz/xmlMutations.js';
import { ISSUE6_SERVICES, randomMessage } from '../../support/ncipArbitraries.js';
import { NCIP_XSD_PATH, ncipSamples } from '../../support/ncipSamples.js';
import { requireXmllint } from '../../support/xmllint.js';

const xmllint = requireXmllint('validation of the fuzzed NCIP answers');
const settings = fuzzSettings('ncip', 2002);

/** A grammar-generated message of a service the responder serves, addressed from a broker (or a stranger) to MIT. */
function generatedSeed(r: Random, index: number): string {
  const message = randomMessage(pick(r, ISSUE6_SERVICES), index);
  const from = r() < 0.8 ? pick(r, NCIP_AGENCIES.brokers) : pick(r, [NCIP_AGENCIES.inactive, NCIP_AGENCIES.wrongProfile, NCIP_AGENCIES.unknown]);
  const body: NcipBody = { ...message.body, initiationHeader: { fromAgencyId: { agencyId: { value: from } }, toAgencyId: { agencyId: { value: 'MIT' } } } };
  try {
    return buildNcipMessage({ kind: message.kind, body });
  } catch {
    return pick(r, ncipSamples).xml;
  }
}

/** Other NCIP versions and namespaces, as a text mutation. */
function mixVersions(xml: string, r: Random): string {
  const version = pick(r, ['http://www.niso.org/schemas/ncip/v2_0/imp1/xsd/ncip_v2_0.xsd', 'http://www.niso.org/schemas/ncip/v2_01/ncip_v2_01.xsd', 'http://www.niso.org/schemas/ncip/v1_0/imp1/dtd/ncip_v1_0.dtd', '3.0', '']);
  const out = xml.replace(/(:?version=")[^"]*"/, `$1${version}"`);
  return r() < 0.3 ? out.replace(/http:\/\/www\.niso\.org\/2008\/ncip/, pick(r, ['http://www.niso.org/ncip', 'urn:other', ''])) : out;
}

describe.skipIf(!xmllint)('fuzzing POST /ncip', () => {
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

  it(`answers ${settings.cases} hostile mutants with schema-valid NCIP, never 5xx, never a change from a refusal`, { timeout: 900_000 }, async () => {
    const answers = new AnswerCollector();
    const statuses = new Map<string, number>();
    await guard.start();
    const run = await runFuzz(
      settings,
      (r, index) => mutateXml(r() < 0.5 ? pick(r, ncipSamples).xml : generatedSeed(r, index), r, { mixVersions }),
      async (fuzzCase, index) => {
        const response = await client.send({ method: 'POST', path: '/ncip', headers: fuzzCase.contentType === undefined ? {} : { 'content-type': fuzzCase.contentType }, body: fuzzCase.body });
        const parsed = parseNcipMessage(response.body);
        const message = parsed.ok ? parsed.message : undefined;
        const refused = message === undefined || message.kind === 'Problem' || (message.body.problem?.length ?? 0) > 0;
        const answer = { refused };
        if (response.status >= 500) return { answer, problem: `HTTP ${response.status}: ${response.body}` };
        if (!/xml/.test(response.contentType) || !message) return { answer, problem: `not NCIP (HTTP ${response.status}, ${response.contentType}): ${response.body}` };
        if (response.status >= 400 && !refused) return { answer, problem: `HTTP ${response.status} without a Problem` };
        if (fuzzCase.label.startsWith('bomb') && /root:|daemon:/.test(response.body)) return { answer, problem: `an entity was expanded: ${response.body}` };
        answers.add(NCIP_XSD_PATH, response.body, index);
        const key = `${response.status} ${refused ? 'Problem' : message.kind}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (index % 100 === 99 && (await client.send({ method: 'GET', path: '/health' })).status !== 200) return { answer, problem: '/health failed' };
        return { answer };
      },
      (batch) =>
        guard.settle(
          batch.map(({ fuzzCase, index, answer }) => ({ index, label: fuzzCase.label, unchanging: answer.refused, mayKeep: fuzzCase.label.startsWith('bomb') ? 0 : 1 })),
        ),
    );
    console.warn(`fuzz ncip: answers ${[...statuses.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}; ${answers.distinct} distinct of ${answers.collected} validated; refusals state-checked ${guard.refusalsChecked}, unchecked ${guard.refusalsUnchecked}`);

    expect(run.failures, describeFailures(run)).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/health' })).status).toBe(200);
    const invalid = answers.invalid();
    expect(invalid, invalid.slice(0, 3).join('\n\n')).toEqual([]);
    if (settings.only === undefined) {
      expect([...statuses.keys()].some((k) => !k.endsWith('Problem'))).toBe(true);
      expect([...statuses.keys()].some((k) => k.endsWith('Problem'))).toBe(true);
      for (const label of ['seed', 'truncate', 'byteFlip', 'invalidUtf8', 'utf16', 'hugeOverCap', 'wrongContentType', 'emptyBody']) expect(run.labels.get(label) ?? 0, label).toBeGreaterThan(0);
      expect(guard.refusalsChecked).toBeGreaterThan(guard.refusalsUnchecked);
    }
  });
});
