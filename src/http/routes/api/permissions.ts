import type { RequestKind } from '../../../store/schema.js';
import type { Access, StaffRole } from '../../auth.js';

const ALL_STAFF: readonly StaffRole[] = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'];
const OPERATORS: readonly StaffRole[] = ['fulfillment-admin', 'services-operator'];
const DESK: readonly StaffRole[] = ['fulfillment-admin', 'services-operator', 'circulation-desk'];

/** Actions the circulation desk takes on the item itself; the rest is the resource-sharing office's. */
const CIRCULATION_ACTIONS = new Set(['receive', 'mark-received-digitally', 'loan-to-patron', 'patron-return', 'return-to-lender', 'ship', 'check-in']);

/** Who may call each kind of route: one table, so the role × route matrix is reviewable in one place. */
export const ACCESS = {
  readRequests: { staff: ALL_STAFF },
  /** Patrons see their own borrowing requests (authorize narrows them). */
  readBorrowingRequests: { staff: ALL_STAFF, patron: true },
  /** Signing out: anyone signed in. */
  signedIn: { staff: ALL_STAFF, patron: true },
  users: { staff: ['fulfillment-admin'] },
  createBorrowingRequest: { staff: OPERATORS, patron: true },
  /** The libraries a patron may pick their items up at (the request form's choice): patrons and staff. */
  pickupLocations: { staff: ALL_STAFF, patron: true },
  outbox: { staff: OPERATORS },
  /** Task lists: taking a request on (or off) one's list; bulk actions then check the action's own access. */
  assignRequests: { staff: DESK },
  bulkActions: { staff: DESK },
  configuration: { staff: ['fulfillment-admin'] },
  configurationExport: { staff: ['fulfillment-admin'] },
  audit: { staff: ['fulfillment-admin'] },
  partners: { staff: ['fulfillment-admin', 'partners-manager'] },
  /** Rota templates, rota assignment rules and their dry run. */
  rotaRules: { staff: ['fulfillment-admin', 'partners-manager'] },
  sendingRules: { staff: ['fulfillment-admin'] },
  /** Browsing the resource-sharing directory: any staff. */
  directory: { staff: ALL_STAFF },
  /** The pick list of lending requests: whoever works the shelves and the desk. */
  pickList: { staff: DESK },
  /** The patron register of the built-in circulation: the desk registers and blocks patrons. */
  patrons: { staff: DESK },
  /** The hold shelf of received items waiting for patrons: the desk's. */
  holdShelf: { staff: DESK },
  /** Printing pick, shipping, receive and return slips: the desk's. */
  slips: { staff: DESK },
  /** Scan-in: the desk scans a barcode and the request takes its next step (every scan action is a desk action). */
  scan: { staff: DESK },
  /** Patron notices of the built-in circulation: the desk reads them and resends a failed one. */
  notices: { staff: DESK },
  /** The dashboard's statistics (fill rate, turnaround, open counts): any staff. */
  statistics: { staff: ALL_STAFF },
} as const satisfies Record<string, Access>;

/** The actions a patron may take on their own request. */
const PATRON_ACTIONS: Record<RequestKind, ReadonlySet<string>> = { borrowing: new Set(['cancel', 'request-renewal']), lending: new Set() };

export function accessForAction(kind: RequestKind, action: string): Access {
  return { staff: CIRCULATION_ACTIONS.has(action) ? DESK : OPERATORS, patron: PATRON_ACTIONS[kind].has(action) };
}
