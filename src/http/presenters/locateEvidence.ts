import { OUTCOME_LABELS } from '../../domain/locate/index.js';
import type { LocateRun } from '../../services/locate/borrowingLocateEvidence.js';
import type { LocateResult } from '../../store/schema.js';

export function presentLocateResult(result: LocateResult, partnerCodes: ReadonlyMap<string, string>) {
  return {
    id: result.id,
    rotaEntryId: result.rota_entry_id,
    partner: result.partner_id === null ? null : (partnerCodes.get(result.partner_id) ?? null),
    profile: result.profile_code,
    protocol: result.protocol,
    target: result.target,
    query: result.query,
    outcome: result.outcome,
    outcomeLabel: OUTCOME_LABELS[result.outcome],
    hits: result.hits,
    recordIds: result.record_ids,
    availability: result.availability,
    detail: result.detail,
    durationMs: result.duration_ms,
    at: result.at.toISOString(),
  };
}

export function presentLocateRuns(runs: readonly LocateRun[], partnerCodes: ReadonlyMap<string, string>) {
  return { runs: runs.map((run) => ({ runId: run.runId, at: run.at.toISOString(), results: run.results.map((r) => presentLocateResult(r, partnerCodes)) })) };
}
