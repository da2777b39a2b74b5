/**
 * Fuzzing POST /iso18626 with hostile mutants of real messages (see test/support/fuzz/): every
 * answer is an ISO 18626 confirmation, never 5xx, XSD-valid in its version; a refused message
 * changes no state (it may only be kept, once, as a refusal — never when unreadable); the server
 * keeps answering /health. FUZZ_CASES, FUZZ_SEED and FUZZ_CASE: see test/support/fuzz/run.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import type { ApiServer } from '../../support/apiServer.js';
import { AnswerCollector } from '../../support/fuzz/answers.js';
import { changedTables, fingerprintReader, PROTOCOL_TABLES, StateGuard, type Fingerprint } from '../../support/fuzz/fingerprint.js';
import { fuzzClient, type FuzzClient } from '../../support/fuzz/httpClient.js';
import { isoSeed, mixVersions } from '../../support/fuzz/iso18626Seeds.js';
import { startFuzzServer } from '../../support/fuzz/network.js';
import { describeFailures, fuzzSettings, runFuzz } from '../../support/fuzz/run.js';
import { mutateXml, type XmlCase } from '../../support/fuzz/xmlMutations.js';
import { requestXml, requestingAgencyMessageXml } from '../../support/iso18626Messages.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { requireXmllint } from '../../support/xmllint.js';

const xmllint = requireXmllint('validation of the fuzzed ISO 18626 answers');
const settings = fuzzSettings('iso18626', 18626);

interface IsoAnswer {
  status: number;
  messageStatus: 'OK' | 'ERROR' | undefined;
  errorType: string | undefined;
  xsd: string;
  body: string;
  problem?: string;
}

describe.skipIf(!xmllint)('fuzzing POST /iso18626', () => {
  let server: ApiServer;
  let client: FuzzClient;
  let fingerprint: () => Promise<Fingerprint>;

  beforeAll(async () => {
    ({ server } = await startFuzzServer());
    client = fuzzClient(server.base);
    fingerprint = await fingerprintReader(server.db, PROTOCOL_TABLES);
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  async function post(body: string | Buffer, contentType: string | undefined = 'application/xml'): Promise<IsoAnswer> {
    const answer = await client.send({ method: 'POST', path: '/iso18626', headers: contentType === undefined ? {} : { 'content-type': contentType }, body });
    const parsed = parseIso18626(answer.body);
    const confirmation = parsed.ok && 'confirmationHeader' in parsed.message ? parsed.message : undefined;
    const result: IsoAnswer = {
      status: answer.status,
      messageStatus: confirmation?.confirmationHeader.messageStatus,
      errorType: confirmation?.errorData?.[0]?.errorType,
      xsd: parsed.ok && parsed.version === '2021' ? ISO18626_XSD['2021'] : ISO18626_XSD['1.2'],
      body: answer.body,
    };
    if (answer.status >= 500) result.problem = `HTTP ${answer.status}: ${answer.body}`;
    else if (!/xml/.test(answer.contentType)) result.problem = `answered ${answer.contentType}: ${answer.body}`;
    else if (!confirmation) result.problem = `not an ISO 18626 confirmation (HTTP ${answer.status}): ${answer.body}`;
    else if (answer.status >= 400 && result.messageStatus !== 'ERROR') result.problem = `HTTP ${answer.status} with messageStatus ${result.messageStatus}`;
    return result;
  }

  it('accepts a valid seed (state changes) and refuses the same message out of order (nothing changes)', async () => {
    const before = await fingerprint();
    const accepted = await post(requestXml({ from: 'US-HCPL', to: 'US-NSU', id: 'FUZZ-SANITY-1' }));
    expect(accepted.messageStatus, accepted.body).toBe('OK');
    const afterAccepted = await fingerprint();
    expect(changedTables(before, afterAccepted)).not.toEqual([]);
    const outOfOrder = await post(requestingAgencyMessageXml('ShippedReturn', { from: 'US-HCPL', to: 'US-NSU', id: 'FUZZ-SANITY-1' }));
    expect(outOfOrder.messageStatus, outOfOrder.body).toBe('ERROR');
    expect(changedTables(afterAccepted, await fingerprint())).toEqual([]);
  });

  it('refuses an identifier too long for the database, and keeps a huge title (clipped) without failing', async () => {
    // Letters that do not compress: the database's index entries are bounded after compression.
    const noise = (length: number) => Array.from({ length }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919 + ((i * i) % 31)) % 36]).join('');
    const longId = await post(requestXml({ from: 'US-HCPL', to: 'US-NSU', id: noise(20_000) }));
    expect(longId.status).toBe(200);
    expect(longId.errorType, longId.body).toBe('UnrecognisedDataValue');
    const longTitle = await post(requestXml({ from: 'US-HCPL', to: 'US-NSU', id: 'FUZZ-LONG-TITLE', title: noise(200_000) }));
    expect(longTitle.messageStatus, longTitle.body).toBe('OK');
  });

  it(`answers ${settings.cases} hostile mutants with schema-valid confirmations, never 5xx, never a change from a refusal`, { timeout: 900_000 }, async () => {
    const answers = new AnswerCollector();
    const acceptedRequests: { from: string; to: string; id: string }[] = [];
    const statuses = new Map<string, number>();
    const guard = new StateGuard(fingerprint);
    await guard.start();

    const run = await runFuzz(
      settings,
      (r, index): XmlCase & { requestId: string | undefined } => {
        const seed = isoSeed(r, index, acceptedRequests);
        return { ...mutateXml(seed.xml, r, { mixVersions }), requestId: seed.kind === 'newRequest' ? `FUZZ-${index}` : undefined };
      },
      async (fuzzCase, index) => {
        const answer = await post(fuzzCase.body, fuzzCase.contentType);
        if (answer.problem) return { answer, problem: answer.problem };
        answers.add(answer.xsd, answer.body, index);
        const key = `${answer.status} ${answer.messageStatus}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (fuzzCase.label.startsWith('bomb') && /root:|daemon:/.test(answer.body)) return { answer, problem: `an entity was expanded: ${answer.body}` };
        if (answer.messageStatus === 'OK' && fuzzCase.requestId) acceptedRequests.push({ from: 'US-HCPL', to: 'US-NSU', id: fuzzCase.requestId });
        if (index % 100 === 99) {
          const health = await client.send({ method: 'GET', path: '/health' });
          if (health.status !== 200) return { answer, problem: `/health answered ${health.status}: ${health.body}` };
        }
        return { answer };
      },
      (batch) =>
        guard.settle(
          batch.map(({ fuzzCase, index, answer }) => ({
            index,
            label: fuzzCase.label,
            unchanging: answer.messageStatus !== 'OK',
            // Unreadable bodies (and anything with a DTD) are never kept; a readable refusal is kept once.
            mayKeep: answer.errorType === 'BadlyFormedMessage' || fuzzCase.label.startsWith('bomb') ? 0 : 1,
          })),
        ),
    );
    console.warn(`fuzz iso18626: answers ${[...statuses.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}; ${answers.distinct} distinct of ${answers.collected} validated; refusals state-checked ${guard.refusalsChecked}, in batches with an accepted case ${guard.refusalsUnchecked}`);

    expect(run.failures, describeFailures(run)).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/health' })).status).toBe(200);
    const invalid = answers.invalid();
    expect(invalid, invalid.slice(0, 3).join('\n\n')).toEqual([]);
    if (settings.only === undefined) {
      // The run reached both outcomes and every kind of mutation.
      expect([...statuses.keys()].some((k) => k.endsWith('OK'))).toBe(true);
      expect([...statuses.keys()].some((k) => k.endsWith('ERROR'))).toBe(true);
      for (const label of ['seed', 'truncate', 'byteFlip', 'invalidUtf8', 'utf16', 'bom', 'deepNesting', 'hugeUnderCap', 'hugeOverCap', 'wrongContentType', 'emptyBody']) {
        expect(run.labels.get(label) ?? 0, label).toBeGreaterThan(0);
      }
      expect([...run.labels.keys()].filter((l) => l.startsWith('bomb:')).length).toBeGreaterThan(3);
      expect(guard.refusalsChecked).toBeGreaterThan(guard.refusalsUnchecked);
    }
  });
});
