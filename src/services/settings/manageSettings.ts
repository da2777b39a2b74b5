import type { WorkflowProfileConfig } from '../../config/sections/settings.js';
import type { ServiceContext } from '../context.js';
import type { Institution, WorkflowProfile } from '../../store/schema.js';
import { writeSettings, type LibrarySettings, type SettingsSectionName } from './librarySettings.js';
import { removeWorkflowProfile, saveWorkflowProfile } from './workflowProfiles.js';

/** Replaces one section of the library settings (validated by the caller with its schema): one transaction, audited. */
export async function updateSettings<K extends SettingsSectionName>(
  ctx: ServiceContext,
  institution: Institution,
  section: K,
  value: LibrarySettings[K],
  actor: string,
): Promise<LibrarySettings[K]> {
  return ctx.db.transaction().execute((trx) => writeSettings(trx, institution, section, value, actor, ctx.now()));
}

export async function createWorkflowProfile(ctx: ServiceContext, institution: Institution, profile: WorkflowProfileConfig, actor: string): Promise<WorkflowProfile> {
  return ctx.db.transaction().execute((trx) => saveWorkflowProfile(trx, institution.id, profile, actor, ctx.now(), 'create'));
}

export async function replaceWorkflowProfile(ctx: ServiceContext, institution: Institution, profile: WorkflowProfileConfig, actor: string): Promise<WorkflowProfile> {
  return ctx.db.transaction().execute((trx) => saveWorkflowProfile(trx, institution.id, profile, actor, ctx.now(), 'update'));
}

export async function deleteWorkflowProfile(ctx: ServiceContext, institution: Institution, code: string, actor: string): Promise<void> {
  await ctx.db.transaction().execute((trx) => removeWorkflowProfile(trx, institution.id, code, actor));
}
