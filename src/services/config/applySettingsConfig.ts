import { ConfigError } from '../../config/loadConfigFile.js';
import type { InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';
import { findInstitution } from '../../store/institutionRepository.js';
import { ConflictError } from '../errors.js';
import { writeSettings } from '../settings/librarySettings.js';
import { saveWorkflowProfile, workflowProfileProblem } from '../settings/workflowProfiles.js';

/**
 * Loads an institution's workflow profiles, library settings and terms of use from the network
 * file, inside the caller's transaction. Profiles are created or updated by code (never deleted);
 * a settings section in the file replaces the stored one, a section left out is kept. Partners
 * were loaded just before: their workflow profiles are checked here, once the profiles exist.
 */
export async function applySettingsConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, path: string): Promise<void> {
  const actor = `config:${source}`;
  const now = new Date();
  const institution = await findInstitution(trx, institutionId);
  if (!institution) throw new Error(`institution ${institutionId} vanished while loading ${source}`);
  for (const [w, profile] of config.workflowProfiles.entries()) {
    try {
      await saveWorkflowProfile(trx, institutionId, profile, actor, now, 'upsert');
    } catch (error) {
      if (error instanceof ConflictError) throw new ConfigError([`${source}: ${path}.workflowProfiles[${w}]: ${error.message}`]);
      throw error;
    }
  }
  const problems: string[] = [];
  for (const [p, partner] of config.partners.entries()) {
    for (const [kind, key] of [['borrowing', 'borrowingWorkflowProfile'], ['lending', 'lendingWorkflowProfile']] as const) {
      const code = partner[key];
      const problem = code === undefined ? undefined : await workflowProfileProblem(trx, institutionId, code, kind);
      if (problem) problems.push(`${source}: ${path}.partners[${p}].${key}: ${problem}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.borrowingSettings) await writeSettings(trx, institution, 'borrowing', config.borrowingSettings, actor, now);
  if (config.lendingSettings) await writeSettings(trx, institution, 'lending', config.lendingSettings, actor, now);
  if (config.termsOfUse) await writeSettings(trx, institution, 'termsOfUse', config.termsOfUse, actor, now);
}
