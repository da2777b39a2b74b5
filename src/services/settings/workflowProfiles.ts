import type { WorkflowProfileConfig } from '../../config/sections/settings.js';
import { disabledSteps, stepSwitches } from '../../domain/settings/workflowSteps.js';
import type { OptionalStep } from '../../domain/stateMachine.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import {
  deleteWorkflowProfile,
  findWorkflowProfile,
  insertWorkflowProfile,
  partnersUsingWorkflowProfile,
  updateWorkflowProfile,
} from '../../store/settingsRepository.js';
import type { WorkflowProfile } from '../../store/schema.js';
import { NotFoundError } from '../errors.js';
import { ConflictError } from '../errors.js';

/** A profile as the API shows it and the network file writes it: every step named, on or off. */
export function workflowProfileView(profile: WorkflowProfile): WorkflowProfileConfig & { steps: Record<OptionalStep, boolean> } {
  const off = new Set(profile.disabled_steps);
  return {
    code: profile.code,
    kind: profile.kind,
    name: profile.name,
    steps: stepSwitches(Object.fromEntries([...off].map((step) => [step, false]))),
  };
}

const ENTITY = 'workflow-profile';

/**
 * Creates or replaces a profile by code, audited, in the caller's transaction. A profile's kind
 * cannot change while partners use it: their other side would silently get its steps.
 */
export async function saveWorkflowProfile(
  trx: Db,
  institutionId: string,
  profile: WorkflowProfileConfig,
  actor: string,
  now: Date,
  mode: 'create' | 'update' | 'upsert',
): Promise<WorkflowProfile> {
  const existing = await findWorkflowProfile(trx, institutionId, profile.code, { lock: true });
  if (existing && mode === 'create') throw new ConflictError(`workflow profile ${profile.code} already exists`);
  if (!existing && mode === 'update') throw new NotFoundError(`no workflow profile ${profile.code}`);
  const disabled = JSON.stringify(disabledSteps(profile.steps));
  let saved: WorkflowProfile;
  if (existing) {
    if (existing.kind !== profile.kind) {
      const users = await partnersUsingWorkflowProfile(trx, institutionId, profile.code);
      if (users.length > 0) throw new ConflictError(`workflow profile ${profile.code} is a ${existing.kind} profile of partner(s) ${users.join(', ')}; it cannot become a ${profile.kind} profile`);
    }
    saved = await updateWorkflowProfile(trx, existing, { kind: profile.kind, name: profile.name, disabled_steps: disabled, updated_at: now });
  } else {
    saved = await insertWorkflowProfile(trx, { institution_id: institutionId, code: profile.code, kind: profile.kind, name: profile.name, disabled_steps: disabled, updated_at: now });
  }
  await recordAudit(trx, {
    institutionId,
    actor,
    entityType: ENTITY,
    entityKey: profile.code,
    before: existing ? workflowProfileView(existing) : undefined,
    after: workflowProfileView(saved),
  });
  return saved;
}

/** Deletes a profile no partner uses, audited. */
export async function removeWorkflowProfile(trx: Db, institutionId: string, code: string, actor: string): Promise<void> {
  const existing = await findWorkflowProfile(trx, institutionId, code, { lock: true });
  if (!existing) throw new NotFoundError(`no workflow profile ${code}`);
  const users = await partnersUsingWorkflowProfile(trx, institutionId, code);
  if (users.length > 0) throw new ConflictError(`workflow profile ${code} is used by partner(s) ${users.join(', ')}`);
  await deleteWorkflowProfile(trx, existing);
  await recordAudit(trx, { institutionId, actor, entityType: ENTITY, entityKey: code, before: workflowProfileView(existing), after: undefined });
}

/** Why a partner cannot use the profile `code` on the `kind` side, or undefined when it can. */
export async function workflowProfileProblem(trx: Db, institutionId: string, code: string, kind: 'borrowing' | 'lending'): Promise<string | undefined> {
  const profile = await findWorkflowProfile(trx, institutionId, code);
  if (!profile) return `no workflow profile "${code}"`;
  if (profile.kind !== kind) return `workflow profile "${code}" is a ${profile.kind} profile, not a ${kind} one`;
  return undefined;
}
