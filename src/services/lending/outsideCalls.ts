import type { LendingAction, LendingEvent } from '../../domain/lending/table.js';
import type { LendingRequest } from '../../store/schema.js';
import type { OutsideCall } from '../outsideCalls.js';
import { ilsLendingCall } from '../ncip/client/ilsLendingCalls.js';

/** The calls a staff action on a lending request may need first (src/services/outsideCalls.ts), in the order they run. */
export const LENDING_OUTSIDE_CALLS: readonly OutsideCall<LendingRequest, LendingAction, LendingEvent>[] = [
  ilsLendingCall,
];
