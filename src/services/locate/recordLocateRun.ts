/**
 * The write half of a borrowing locate run, in ONE transaction: the evidence, the revised rota
 * (holders first, fallbacks after, the rest cancelled with the reason), the locate event, and
 * the send when the request was meant to go out.
 */
import { randomUUID } from 'node:crypto';
import { OUTCOME_LABELS, OUTCOME_ROLES, reviseRota, type LocatedEntry, type LocateOutcome, type RotaRole } from '../../domain/locate/index.js';
import { findBorrowingRequest, listRotaEntries, updateBorrowingRequest, updateRotaEntry } from '../../store/borrowingRequestRepository.js';
import type { Db } from '../../store/database.js';
import type { BorrowingRequest, LocateJob } from '../../store/schema.js';
import { applyBorrowingEvent } from '../borrowing/applyBorrowingEvent.js';
import type { SelfOwnership } from './checkSelfOwnership.js';
import type { LocatedTarget } from './locateRota.js';
import type { TargetEvidence } from './searchTarget.js';

export const LOCATE_ACTOR = 'system:locate';
const PROTOCOL_LABELS = { sru: 'SRU', z3950: 'Z39.50' } as const;

/** The evidence in a few words, for rota reasons and history notes. */
export function evidenceSummary(evidence: TargetEvidence): string {
  const said = evidence.hits === null ? (evidence.detail ?? evidence.outcome) : `${evidence.hits} hits`;
  return `${PROTOCOL_LABELS[evidence.protocol]} ${evidence.target} ${said}`;
}

export interface LocateRunOutcome {
  runId: string;
  /** The request as it is after the run; undefined when the job was no longer ours. */
  request: BorrowingRequest | undefined;
  applied: 'locate:found' | 'locate:none' | 'evidence-only';
}

function selfOutcome(self: SelfOwnership): LocateOutcome {
  if (self.hits === 0) return 'not-held';
  return self.heldLocally ? 'held' : 'held-unavailable';
}

export async function recordLocateRun(trx: Db, job: LocateJob, claimToken: string, results: readonly LocatedTarget[], self: SelfOwnership, now: Date): Promise<LocateRunOutcome> {
  const runId = randomUUID();
  // Only the worker still holding the lease may record: a stale worker's late result is dropped.
  const finished = await trx
    .updateTable('locate_job')
    .set({ status: 'done', finished_at: now, locked_until: null, last_error: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', claimToken)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (!finished) return { runId, request: undefined, applied: 'evidence-only' };
  const request = await findBorrowingRequest(trx, job.institution_id, job.borrowing_request_id, { lock: true });
  if (!request) return { runId, request: undefined, applied: 'evidence-only' };

  const base = { institution_id: job.institution_id, request_kind: 'borrowing' as const, request_id: request.id, run_id: runId, at: now };
  const rows = [
    {
      ...base,
      rota_entry_id: null,
      partner_id: null,
      profile_code: null,
      protocol: 'local' as const,
      target: 'local catalogue',
      query: self.query || null,
      outcome: selfOutcome(self),
      hits: self.hits,
      record_ids: JSON.stringify(self.recordIds),
      availability: JSON.stringify(self.availability),
      detail: self.heldLocally ? `held locally: ${self.heldLocally.barcode} at ${self.heldLocally.where}` : null,
      duration_ms: self.durationMs,
    },
    ...results.flatMap(({ entryId, partnerId, profile, evidence }) =>
      evidence
        ? [
            {
              ...base,
              rota_entry_id: entryId,
              partner_id: partnerId,
              profile_code: profile?.code ?? null,
              protocol: evidence.protocol,
              target: evidence.target,
              query: evidence.query,
              outcome: evidence.outcome,
              // Test servers and broad title searches report counts beyond an int column.
              hits: evidence.hits === null ? null : Math.min(evidence.hits, 2_147_483_647),
              record_ids: JSON.stringify(evidence.recordIds),
              availability: JSON.stringify(evidence.availability),
              detail: evidence.detail,
              duration_ms: evidence.durationMs,
            },
          ]
        : [],
    ),
  ];
  await trx.insertInto('locate_result').values(rows).execute();
  // The request moved on while we searched (cancelled, sent by staff): the evidence is all we keep.
  if (request.status !== 'locate_in_process') return { runId, request, applied: 'evidence-only' };

  const rota = await listRotaEntries(trx, request.institution_id, request.id);
  const searched = new Map(results.map((r) => [r.entryId, r]));
  const pending = rota.filter((entry) => entry.status === 'pending' && searched.has(entry.id));
  const located: LocatedEntry[] = pending.map((entry) => {
    const evidence = searched.get(entry.id)?.evidence;
    return evidence ? { entryId: entry.id, outcome: evidence.outcome, evidence: evidenceSummary(evidence) } : { entryId: entry.id, outcome: 'no-profile', evidence: 'not searched' };
  });
  const revised = reviseRota(located);
  await reorder(trx, pending, revised.order, now);
  for (const drop of revised.dropped) {
    await updateRotaEntry(trx, { id: drop.entryId, institution_id: request.institution_id }, { status: 'cancelled', reason: drop.reason }, now);
  }
  const note = runNote(pending, located);
  const applied = await applyBorrowingEvent(trx, request, revised.event, { actor: LOCATE_ACTOR, note }, now);
  if (!applied.ok) throw new Error(`${revised.event} refused: ${applied.reason}`);
  let current = applied.request;
  if (revised.event === 'locate:found') {
    if (self.heldLocally) {
      current = await updateBorrowingRequest(trx, current, { needs_attention: `held locally: ${self.heldLocally.barcode} at ${self.heldLocally.where}` }, now);
    } else if (job.send_when_found) {
      const sent = await applyBorrowingEvent(trx, current, 'send', { actor: job.actor }, now);
      // Refused (nobody left who lends, library inactive): the request waits, Ready to be sent.
      if (sent.ok) current = sent.request;
    }
  }
  return { runId, request: current, applied: revised.event };
}

/** The run in the request's history, by partner: "held: HCPL; fallback: DOWN (unreachable); dropped: LKC (not held)". */
function runNote(pending: readonly { id: string; partner_code: string }[], located: readonly LocatedEntry[]): string {
  const codes = new Map(pending.map((entry) => [entry.id, entry.partner_code]));
  const groups: Record<RotaRole, string[]> = { holder: [], fallback: [], drop: [] };
  for (const { entryId, outcome } of located) {
    const code = codes.get(entryId) ?? entryId;
    groups[OUTCOME_ROLES[outcome]].push(OUTCOME_ROLES[outcome] === 'holder' ? code : `${code} (${OUTCOME_LABELS[outcome]})`);
  }
  const parts = [
    ['held', groups.holder],
    ['fallback', groups.fallback],
    ['dropped', groups.drop],
  ] as const;
  return parts.flatMap(([label, list]) => (list.length > 0 ? [`${label}: ${list.join(', ')}`] : [])).join('; ') || 'no partner to search';
}

/** Holders first: the searched entries trade their positions (closed entries keep theirs). */
async function reorder(trx: Db, entries: readonly { id: string; institution_id: string; position: number }[], order: readonly string[], now: Date): Promise<void> {
  const slots = entries.map((e) => e.position).sort((a, b) => a - b);
  const target = new Map(order.map((id, i) => [id, slots[i]!]));
  const moving = entries.filter((e) => target.get(e.id) !== e.position);
  // Positions are unique per request and checked per statement: park the moving rows first.
  for (const [i, entry] of moving.entries()) await updateRotaEntry(trx, entry, { position: -1 - i }, now);
  for (const entry of moving) await updateRotaEntry(trx, entry, { position: target.get(entry.id)! }, now);
}
