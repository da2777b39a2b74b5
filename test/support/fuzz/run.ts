/**
 * The fuzz loop shared by every endpoint: how many cases (FUZZ_CASES, default 10,000 per endpoint),
 * which seed (FUZZ_SEED, default fixed per endpoint so CI is reproducible), replaying one case
 * (FUZZ_CASE), a PRNG per case derived from (seed, case number) so a failing case can be
 * regenerated alone, failures collected with their replay line, and the rate measured.
 */
import { mulberry32 } from '../prng.js';

export type Random = () => number;

export interface FuzzSettings {
  endpoint: string;
  cases: number;
  seed: number;
  /** Set by FUZZ_CASE: run only this case. */
  only: number | undefined;
}

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}

export function fuzzSettings(endpoint: string, defaultSeed: number): FuzzSettings {
  return { endpoint, cases: intFromEnv('FUZZ_CASES') ?? 10_000, seed: intFromEnv('FUZZ_SEED') ?? defaultSeed, only: intFromEnv('FUZZ_CASE') };
}

/** The PRNG of case `index`: independent of every other case, so FUZZ_CASE replays it exactly. */
export function caseRandom(seed: number, index: number): Random {
  return mulberry32((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

export const pick = <T>(r: Random, items: readonly T[]): T => {
  if (items.length === 0) throw new Error('pick from nothing');
  return items[Math.floor(r() * items.length)] as T;
};
export const int = (r: Random, max: number): number => Math.floor(r() * max);

export interface FuzzFailure {
  index: number;
  label: string;
  problem: string;
}

export interface FuzzRun {
  settings: FuzzSettings;
  failures: FuzzFailure[];
  sent: number;
  seconds: number;
  /** Cases per mutation label, to show every kind of mutation was exercised. */
  labels: Map<string, number>;
}

/** How a failing case is reported: enough to replay it alone. */
export function describeFailures(run: FuzzRun, max = 5): string {
  const { endpoint, seed } = run.settings;
  return run.failures
    .slice(0, max)
    .map((f) => `${endpoint} case ${f.index} [${f.label}] (replay: FUZZ_SEED=${seed} FUZZ_CASE=${f.index}): ${f.problem.slice(0, 1500)}`)
    .join('\n\n');
}

/** Cases in flight at once (FUZZ_CONCURRENCY, default 8, measured ~10% faster than 4): the server's database commits overlap. */
export const FUZZ_CONCURRENCY = intFromEnv('FUZZ_CONCURRENCY') || 8;

export interface Sent<C, R> {
  fuzzCase: C;
  index: number;
  answer: R;
}

/**
 * Runs the cases in batches of FUZZ_CONCURRENCY sent at once. `send` sends one case and judges its
 * answer alone (a problem, or undefined); `settle` then checks the batch as a whole against the
 * database (a refused batch must leave the state as it found it) and answers problems by case.
 * A throw (the connection dropped, the server died) is a failure of that case too.
 */
export async function runFuzz<C extends { label: string }, R>(
  settings: FuzzSettings,
  generate: (r: Random, index: number) => C,
  send: (fuzzCase: C, index: number) => Promise<{ answer: R; problem?: string | undefined }>,
  settle: (batch: Sent<C, R>[]) => Promise<FuzzFailure[]>,
): Promise<FuzzRun> {
  const failures: FuzzFailure[] = [];
  const labels = new Map<string, number>();
  const started = performance.now();
  let sent = 0;
  const indices = settings.only !== undefined ? [settings.only] : Array.from({ length: settings.cases }, (_, i) => i);
  for (let at = 0; at < indices.length && failures.length < 50; at += FUZZ_CONCURRENCY) {
    const cases = indices.slice(at, at + FUZZ_CONCURRENCY).map((index) => ({ index, fuzzCase: generate(caseRandom(settings.seed, index), index) }));
    const results = await Promise.all(
      cases.map(async ({ index, fuzzCase }) => {
        labels.set(fuzzCase.label, (labels.get(fuzzCase.label) ?? 0) + 1);
        try {
          const { answer, problem } = await send(fuzzCase, index);
          if (problem !== undefined) failures.push({ index, label: fuzzCase.label, problem });
          return { index, fuzzCase, answer };
        } catch (error) {
          failures.push({ index, label: fuzzCase.label, problem: `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
          return undefined;
        }
      }),
    );
    sent += cases.length;
    failures.push(...(await settle(results.filter((x) => x !== undefined))));
  }
  const seconds = (performance.now() - started) / 1000;
  console.warn(
    `fuzz ${settings.endpoint}: ${sent} cases in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} cases/s, ${FUZZ_CONCURRENCY} at a time), seed ${settings.seed}, ${failures.length} failures; mutations: ${[...labels.entries()]
      .sort()
      .map(([l, n]) => `${l}=${n}`)
      .join(' ')}`,
  );
  return { settings, failures, sent, seconds, labels };
}
