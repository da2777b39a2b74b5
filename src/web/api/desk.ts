import { api, institutionPath } from './client.js';

/** The circulation desk's API: scan-in (`POST …/scan`) and the hold shelf (`GET …/hold-shelf`). */

export const SCAN_ACTIONS = ['receive', 'loan-to-patron', 'patron-return', 'return-to-lender', 'check-in', 'ship', 'arrive'] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

/** What each scan action is called at the desk. */
export const SCAN_ACTION_LABELS: Record<ScanAction, string> = {
  receive: 'Receive from the lender',
  'loan-to-patron': 'Loan to the patron',
  'patron-return': 'Return from the patron',
  'return-to-lender': 'Return to the lender',
  'check-in': 'Check in (our item back)',
  ship: 'Ship to the borrower',
  arrive: 'Arrived at the pickup library',
};

export interface ScanRequestRef {
  kind: 'borrowing' | 'lending';
  id: string;
  number: string;
  status: string;
}

/** What a scan did, or (ship without a due date) what it suggests. */
export type ScanOutcome =
  | { did: ScanAction; request: ScanRequestRef; message: string }
  | { suggested: ScanAction; request: ScanRequestRef; message: string; dueDate: string | null };

/** The 409 of an ambiguous barcode lists these. */
export interface ScanCandidate {
  action: ScanAction;
  request: ScanRequestRef;
}

export function scan(institution: string, body: { barcode: string; action?: ScanAction | 'auto'; dueDate?: string }): Promise<ScanOutcome> {
  return api<ScanOutcome>('POST', institutionPath(institution, '/scan'), body);
}

export interface HoldShelfRow {
  requestId: string;
  requestNumber: string;
  title: string | null;
  patron: { id: string; name: string | null };
  pickupLocation: string;
  itemBarcode: string | null;
  onShelfSince: string | null;
  shelfExpiresAt: string | null;
  lapsed: boolean;
}

export async function holdShelf(institution: string, pickupLocation?: string): Promise<HoldShelfRow[]> {
  const query = pickupLocation ? `?pickupLocation=${encodeURIComponent(pickupLocation)}&limit=500` : '?limit=500';
  return (await api<{ holds: HoldShelfRow[] }>('GET', institutionPath(institution, `/hold-shelf${query}`))).holds;
}

/** The request page of a request the desk touched. */
export function requestPath(request: { kind: 'borrowing' | 'lending'; id: string }): string {
  return `/staff/${request.kind}/${encodeURIComponent(request.id)}`;
}

/** The receive slip of a borrowing request (printable HTML, opened in a new tab). */
export function receiveSlipPath(institution: string, requestId: string): string {
  return institutionPath(institution, `/borrowing-requests/${encodeURIComponent(requestId)}/slips/receive`);
}

/** The little of a request view the desk shows after a scan. */
export interface RequestSummary {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  title?: string | null;
  citation?: { title?: string | null };
}

export function requestSummary(institution: string, request: { kind: 'borrowing' | 'lending'; id: string }): Promise<RequestSummary> {
  return api<RequestSummary>('GET', institutionPath(institution, `/${request.kind}-requests/${encodeURIComponent(request.id)}`));
}

/** Acting on one request directly (when a barcode is ambiguous, staff pick the request). */
export function actOnRequest(institution: string, request: { kind: 'borrowing' | 'lending'; id: string }, action: string, body: Record<string, unknown> = {}): Promise<RequestSummary> {
  return api<RequestSummary>('POST', institutionPath(institution, `/${request.kind}-requests/${encodeURIComponent(request.id)}/actions/${action}`), body);
}
