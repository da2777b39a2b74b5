import type { BorrowingAction, BorrowingEvent } from '../../domain/borrowing/table.js';
import type { BorrowingRequest } from '../../store/schema.js';
import type { OutsideCall } from '../outsideCalls.js';

/** The calls a staff action on a borrowing request may need first (src/services/outsideCalls.ts), in the order they run. */
export const BORROWING_OUTSIDE_CALLS: readonly OutsideCall<BorrowingRequest, BorrowingAction, BorrowingEvent>[] = [];
