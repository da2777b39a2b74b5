import type { BorrowingAction, BorrowingEvent } from '../../domain/borrowing/table.js';
import type { BorrowingRequest } from '../../store/schema.js';
import type { OutsideCall } from '../outsideCalls.js';
import { ilsBorrowingCall } from '../ncip/client/ilsBorrowingCalls.js';
import { renewWithBroker } from '../broker/borrowing/renewWithBroker.js';

/** The calls a staff action on a borrowing request may need first (src/services/outsideCalls.ts), in the order they run. */
export const BORROWING_OUTSIDE_CALLS: readonly OutsideCall<BorrowingRequest, BorrowingAction, BorrowingEvent>[] = [
  ilsBorrowingCall,
  renewWithBroker,
];
