import { ConfigError } from '../../config/loadConfigFile.js';
import type { InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';
import { locateProfileProblem, saveLocateProfile } from '../locate/locateProfiles.js';

/**
 * Loads an institution's locate profiles from the network file (created or replaced by code,
 * never deleted; a section left out keeps the database as is), then checks that every partner's
 * `locateProfile` names a profile of the same institution. Runs before partners are saved.
 */
export async function applyLocateConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, path: string): Promise<void> {
  for (const profile of config.locateProfiles ?? []) await saveLocateProfile(trx, institutionId, profile, `config:${source}`);
  const problems: string[] = [];
  for (const [p, partner] of config.partners.entries()) {
    const problem = partner.locateProfile === undefined ? undefined : await locateProfileProblem(trx, institutionId, partner.locateProfile);
    if (problem) problems.push(`${source}: ${path}.partners[${p}].locateProfile: ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
