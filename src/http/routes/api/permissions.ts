import type { Access, StaffRole } from '../../auth.js';

const ALL_STAFF: readonly StaffRole[] = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'];
const OPERATORS: readonly StaffRole[] = ['fulfillment-admin', 'services-operator'];
const DESK: readonly StaffRole[] = ['fulfillment-admin', 'services-operator', 'circulation-desk'];

/** Actions the circulation desk takes on the item itself; the rest is the resource-sharing office's. */
const CIRCULATION_ACTIONS = new Set(['receive', 'mark-received-digitally', 'loan-to-patron', 'patron-return', 'return-to-lender', 'ship', 'check-in']);

/** Who may call each kind of route: one table, so the role × route matrix is reviewable in one place. */
export const ACCESS = {
  readRequests: { staff: ALL_STAFF },
  createBorrowingRequest: { staff: OPERATORS, patron: true },
  outbox: { staff: OPERATORS },
  configuration: { staff: ['fulfillment-admin'] },
  partners: { staff: ['fulfillment-admin', 'partners-manager'] },
} as const satisfies Record<string, Access>;

export function accessForAction(action: string): Access {
  return { staff: CIRCULATION_ACTIONS.has(action) ? DESK : OPERATORS };
}
