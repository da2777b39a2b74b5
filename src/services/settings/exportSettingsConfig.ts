import type { Db } from '../../store/database.js';
import { listWorkflowProfiles } from '../../store/settingsRepository.js';
import { readAllSettings } from './librarySettings.js';
import { workflowProfileView } from './workflowProfiles.js';

/** An institution's workflow profiles and settings in the network file's shape (`settingsShape`): loading it back changes nothing. */
export async function exportSettingsConfig(db: Db, institutionId: string) {
  const settings = await readAllSettings(db, institutionId);
  return {
    workflowProfiles: (await listWorkflowProfiles(db, institutionId)).map(workflowProfileView),
    borrowingSettings: settings.borrowing,
    lendingSettings: settings.lending,
    termsOfUse: settings.termsOfUse,
  };
}
