import { isInactive, untilText } from '../../domain/settings/libraryCalendar.js';
import { enabledSteps } from '../../domain/settings/workflowSteps.js';
import type { OptionalStep } from '../../domain/stateMachine.js';
import type { Db } from '../../store/database.js';
import { findDisabledSteps } from '../../store/settingsRepository.js';
import { readSettings } from './librarySettings.js';

/** What an institution's configuration says about a decision on a borrowing request. */
export interface BorrowingConfiguration {
  /** The partner's borrowing workflow profile; undefined = every step on. */
  steps: ReadonlySet<OptionalStep> | undefined;
  cancelOnLocateFailure: boolean;
  /** Set while the library is temporarily inactive for borrowing: why outgoing requests are held. */
  sendingHeld: string | undefined;
}

export async function borrowingConfiguration(db: Db, institutionId: string, partnerId: string | undefined, now: Date): Promise<BorrowingConfiguration> {
  const settings = await readSettings(db, institutionId, 'borrowing');
  const inactive = settings.temporarilyInactive;
  return {
    steps: partnerId === undefined ? undefined : enabledSteps(await findDisabledSteps(db, institutionId, partnerId, 'borrowing')),
    cancelOnLocateFailure: settings.cancelOnLocateFailure,
    sendingHeld:
      inactive && isInactive(inactive, now)
        ? `the library is temporarily inactive for borrowing (from ${inactive.from} ${untilText(inactive)}): outgoing requests are held`
        : undefined,
  };
}

/** The steps of the borrowing partner's lending workflow profile; undefined = every step on. */
export async function lendingSteps(db: Db, institutionId: string, partnerId: string | null): Promise<ReadonlySet<OptionalStep> | undefined> {
  return partnerId === null ? undefined : enabledSteps(await findDisabledSteps(db, institutionId, partnerId, 'lending'));
}
