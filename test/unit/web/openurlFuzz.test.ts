/**
 * Fuzzing the OpenURL mapping (src/web/openurl/mapOpenUrl.ts) with hostile links: it never throws,
 * and every field honours its contract (FIELD_LIMITS, no control characters, a known type).
 * FUZZ_CASES and FUZZ_SEED apply here too (see test/support/fuzz/run.ts).
 */
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS, mapOpenUrl } from '../../../src/web/openurl/mapOpenUrl.js';
import { mutateQuery } from '../../support/fuzz/queryMutations.js';
import { caseRandom, fuzzSettings, int, pick, type Random } from '../../support/fuzz/run.js';

const settings = fuzzSettings('openurl-mapping', 3988);
const KEYS = ['url_ver', 'rft_val_fmt', 'rft.genre', 'genre', 'rft.btitle', 'rft.jtitle', 'rft.atitle', 'title', 'atitle', 'rft.au', 'rft.aulast', 'rft.aufirst', 'rft.aucorp', 'rft.isbn', 'rft.issn', 'rft.date', 'rft.spage', 'rft.epage', 'rft.pages', 'rft_id', 'id', 'pid', 'rfr_id', 'sid', 'rft.pub', 'rft.place', 'rft.edition', 'rft.volume', 'rft.issue'];
const VALUES = ['book', 'article', 'bookitem', 'proceeding', 'info:doi/10.1/%ZZ', 'info:doi/%E0%A4%A', 'urn:isbn:978', 'info:pmid/1', 'info:oclcnum/1', 'info:lccn/x', 'https://doi.org/10.1/x', 'doi:', '\u0000\u0001\u2028', ' '.repeat(50), 'é'.repeat(3000), '😀'.repeat(1500), '\uD800', 'x'.repeat(10_000), 'info:ofi/fmt:kev:mtx:book', 'info:ofi/fmt:kev:mtx:journal'];

function hostileEntries(r: Random): [string, string][] {
  const entries: [string, string][] = [];
  for (let n = int(r, r() < 0.01 ? 2000 : 30); n > 0; n--) entries.push([r() < 0.9 ? pick(r, KEYS) : 'k'.repeat(int(r, 100)), pick(r, VALUES)]);
  return entries;
}

describe('mapOpenUrl under fuzzing', () => {
  it(`maps ${settings.cases} hostile links without throwing, every field within its limit`, { timeout: 300_000 }, () => {
    const problems: string[] = [];
    for (let index = 0; index < settings.cases; index++) {
      if (settings.only !== undefined && index !== settings.only) continue;
      const r = caseRandom(settings.seed, index);
      const roll = r();
      const input = roll < 0.4 ? mutateQuery(Object.fromEntries(hostileEntries(r).slice(0, 10)), r).query : roll < 0.8 ? new URLSearchParams(hostileEntries(r)) : hostileEntries(r);
      try {
        const draft = mapOpenUrl(input);
        if (!['book', 'article', 'chapter'].includes(draft.type)) problems.push(`case ${index}: type ${draft.type}`);
        for (const [field, limit] of Object.entries(FIELD_LIMITS)) {
          const value = draft[field as keyof typeof FIELD_LIMITS];
          // eslint-disable-next-line no-control-regex -- the contract: control characters are cleaned out
          if (typeof value !== 'string' || Array.from(value).length > limit || /[\u0000-\u001f\u007f-\u009f]/.test(value)) problems.push(`case ${index}: ${field} = ${JSON.stringify(value).slice(0, 80)}`);
        }
      } catch (error) {
        problems.push(`case ${index} threw ${String(error)}`);
      }
      if (problems.length > 20) break;
    }
    expect(problems, `replay: FUZZ_SEED=${settings.seed} FUZZ_CASE=<case>`).toEqual([]);
  });
});
