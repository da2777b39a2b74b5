import { OUTCOME_LABELS } from '../../domain/locate/index.js';
import type { Db } from '../../store/database.js';
import type { LocateResult } from '../../store/schema.js';

/** One borrowing locate run: every target it searched, in the order they were recorded. */
export interface LocateRun {
  runId: string;
  at: Date;
  results: LocateResult[];
}

/** The evidence of every locate run of a borrowing request, newest run first. */
export async function borrowingLocateRuns(db: Db, institutionId: string, requestId: string): Promise<LocateRun[]> {
  const rows = await db
    .selectFrom('locate_result')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('request_kind', '=', 'borrowing')
    .where('request_id', '=', requestId)
    .orderBy('at', 'desc')
    .orderBy('run_id')
    .orderBy('id')
    .execute();
  const runs = new Map<string, LocateRun>();
  for (const row of rows) {
    const run = runs.get(row.run_id) ?? { runId: row.run_id, at: row.at, results: [] };
    run.results.push(row);
    runs.set(row.run_id, run);
  }
  return [...runs.values()];
}

export interface LatestLocateOutcome {
  outcome: LocateResult['outcome'];
  label: string;
  at: Date;
}

/** Each rota entry's most recent locate outcome, by rota entry id. */
export async function latestLocateOutcomes(db: Db, institutionId: string, requestId: string): Promise<Map<string, LatestLocateOutcome>> {
  const rows = await db
    .selectFrom('locate_result')
    .select(['rota_entry_id', 'outcome', 'at'])
    .where('institution_id', '=', institutionId)
    .where('request_kind', '=', 'borrowing')
    .where('request_id', '=', requestId)
    .where('rota_entry_id', 'is not', null)
    .orderBy('at', 'asc')
    .execute();
  const latest = new Map<string, LatestLocateOutcome>();
  for (const row of rows) if (row.rota_entry_id) latest.set(row.rota_entry_id, { outcome: row.outcome, label: OUTCOME_LABELS[row.outcome], at: row.at });
  return latest;
}
