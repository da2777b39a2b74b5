import type { Insertable, Updateable } from 'kysely';
import type { Db } from './database.js';
import type { WorkflowProfile, WorkflowProfileTable } from './schema.js';

/** The three documents of an institution's library settings; callers parse them with the section's schema. */
export type SettingsSection = 'borrowing' | 'lending' | 'terms_of_use';

/** The stored document of one section; `{}` when never set (every setting at its default). */
export async function findSettingsSection(db: Db, institutionId: string, section: SettingsSection): Promise<unknown> {
  const row = await db.selectFrom('library_settings').select(section).where('institution_id', '=', institutionId).executeTakeFirst();
  return row?.[section] ?? {};
}

export async function saveSettingsSection(db: Db, institutionId: string, section: SettingsSection, value: unknown, now: Date): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('library_settings')
    .values({ institution_id: institutionId, [section]: json, updated_at: now })
    .onConflict((oc) => oc.column('institution_id').doUpdateSet({ [section]: json, updated_at: now }))
    .execute();
}

export async function listWorkflowProfiles(db: Db, institutionId: string): Promise<WorkflowProfile[]> {
  return db.selectFrom('workflow_profile').selectAll().where('institution_id', '=', institutionId).orderBy('kind').orderBy('code').execute();
}

export async function findWorkflowProfile(db: Db, institutionId: string, code: string, options: { lock?: boolean } = {}): Promise<WorkflowProfile | undefined> {
  let query = db.selectFrom('workflow_profile').selectAll().where('institution_id', '=', institutionId).where('code', '=', code);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertWorkflowProfile(db: Db, profile: Insertable<WorkflowProfileTable>): Promise<WorkflowProfile> {
  return db.insertInto('workflow_profile').values(profile).returningAll().executeTakeFirstOrThrow();
}

export async function updateWorkflowProfile(db: Db, profile: Pick<WorkflowProfile, 'id'>, changes: Updateable<WorkflowProfileTable>): Promise<WorkflowProfile> {
  return db.updateTable('workflow_profile').set(changes).where('id', '=', profile.id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteWorkflowProfile(db: Db, profile: Pick<WorkflowProfile, 'id'>): Promise<void> {
  await db.deleteFrom('workflow_profile').where('id', '=', profile.id).execute();
}

/** Codes of the partners a profile is attached to, on either side. */
export async function partnersUsingWorkflowProfile(db: Db, institutionId: string, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('partner')
    .select('code')
    .where('institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('borrowing_workflow_profile', '=', code), eb('lending_workflow_profile', '=', code)]))
    .orderBy('code')
    .execute();
  return rows.map((row) => row.code);
}

/**
 * The steps a partner's workflow profile switches off, for one side; undefined when the partner
 * has no profile on that side (every step on).
 */
export async function findDisabledSteps(db: Db, institutionId: string, partnerId: string, kind: 'borrowing' | 'lending'): Promise<string[] | undefined> {
  const column = kind === 'borrowing' ? 'partner.borrowing_workflow_profile' : 'partner.lending_workflow_profile';
  const row = await db
    .selectFrom('partner')
    .innerJoin('workflow_profile', (join) => join.onRef('workflow_profile.institution_id', '=', 'partner.institution_id').onRef('workflow_profile.code', '=', column))
    .select('workflow_profile.disabled_steps')
    .where('partner.institution_id', '=', institutionId)
    .where('partner.id', '=', partnerId)
    .executeTakeFirst();
  return row?.disabled_steps;
}
