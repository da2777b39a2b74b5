/**
 * Borrowing-request statuses in the words a patron understands. Pure (no DOM): unit-tested.
 * Staff labels ("Request sent to partner", "Will supply") say where the office is; a patron only
 * needs to know whether to wait, come to the desk, or bring the item back.
 */

export interface PatronStatusInput {
  status: string;
  /** Where the item waits (the request's pickup location, a library code or name). */
  pickupLocation?: string | null | undefined;
  /** ISO date-time of the due date, when on loan. */
  dueDate?: string | null | undefined;
}

export type PatronPhase = 'requested' | 'on-its-way' | 'ready' | 'on-loan' | 'returned' | 'closed' | 'problem';

export interface PatronStatus {
  phase: PatronPhase;
  text: string;
}

const PHASE: Record<string, PatronPhase> = {
  created: 'requested',
  pending_approval: 'requested',
  locate_in_process: 'requested',
  ready_to_send: 'requested',
  locate_failed: 'problem',
  request_sent: 'requested',
  request_accepted: 'requested',
  will_supply: 'requested',
  conditional: 'problem',
  waiting_for_cancel: 'closed',
  shipped_physically: 'on-its-way',
  shipped_digitally: 'on-its-way',
  received_physically: 'ready',
  received_digitally: 'ready',
  loaned_to_patron: 'on-loan',
  renew_requested: 'on-loan',
  renewed: 'on-loan',
  renew_refused: 'on-loan',
  recalled: 'on-loan',
  overdue: 'on-loan',
  damaged_communicated: 'problem',
  lost_communicated: 'problem',
  returned_by_patron: 'returned',
  returned_to_partner: 'returned',
  completed: 'returned',
  cancelled: 'closed',
  expired: 'closed',
};

/** "12 March 2026": dates in words, the same in every time zone (UTC day). */
export function dayInWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function patronStatus({ status, pickupLocation, dueDate }: PatronStatusInput): PatronStatus {
  const until = dueDate ? ` until ${dayInWords(dueDate)}` : '';
  const at = pickupLocation ? ` at ${pickupLocation}` : '';
  switch (status) {
    case 'created':
    case 'pending_approval':
    case 'locate_in_process':
    case 'ready_to_send':
      return { phase: 'requested', text: 'Requested' };
    case 'request_sent':
    case 'request_accepted':
      return { phase: 'requested', text: 'Requested from another library' };
    case 'will_supply':
      return { phase: 'requested', text: 'Another library will send it' };
    case 'conditional':
      return { phase: 'problem', text: 'The library will contact you' };
    case 'locate_failed':
      return { phase: 'problem', text: 'Not found yet: the library will contact you' };
    case 'waiting_for_cancel':
      return { phase: 'closed', text: 'Being cancelled' };
    case 'shipped_physically':
      return { phase: 'on-its-way', text: 'On its way' };
    case 'shipped_digitally':
      return { phase: 'on-its-way', text: 'On its way (electronic copy)' };
    case 'received_physically':
      return { phase: 'ready', text: `Ready for pickup${at}` };
    case 'received_digitally':
      return { phase: 'ready', text: 'Your copy is ready' };
    case 'loaned_to_patron':
    case 'renewed':
      return { phase: 'on-loan', text: `On loan${until}` };
    case 'renew_requested':
      return { phase: 'on-loan', text: `On loan${until}, renewal asked for` };
    case 'renew_refused':
      return { phase: 'on-loan', text: `On loan${until}, renewal not granted` };
    case 'recalled':
      return { phase: 'on-loan', text: `Recalled: please return it${dueDate ? ` by ${dayInWords(dueDate)}` : ' soon'}` };
    case 'overdue':
      return { phase: 'on-loan', text: `Overdue: please return it${dueDate ? ` (was due ${dayInWords(dueDate)})` : ''}` };
    case 'damaged_communicated':
      return { phase: 'problem', text: 'Reported damaged' };
    case 'lost_communicated':
      return { phase: 'problem', text: 'Reported lost' };
    case 'returned_by_patron':
    case 'returned_to_partner':
    case 'completed':
      return { phase: 'returned', text: 'Returned' };
    case 'cancelled':
      return { phase: 'closed', text: 'Cancelled' };
    case 'expired':
      return { phase: 'closed', text: 'Not available: the request ended' };
    default:
      return { phase: PHASE[status] ?? 'requested', text: 'In progress' };
  }
}

/** Every status the wording knows (the server's borrowing states). */
export const KNOWN_STATUSES: readonly string[] = Object.keys(PHASE);

/** Actions a patron may take themselves, in the order shown, with their button words. */
export const PATRON_ACTIONS: readonly { action: string; label: string }[] = [
  { action: 'request-renewal', label: 'Renew' },
  { action: 'cancel', label: 'Cancel request' },
];
