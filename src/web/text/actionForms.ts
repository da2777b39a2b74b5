/**
 * What each staff action asks for before it is sent (the API's REQUIRED_FIELDS and the lending
 * and borrowing tables), and how a filled form becomes the action's body. Pure, unit-tested.
 */

export type FieldName = 'dueDate' | 'reason' | 'note' | 'approve' | 'barcode' | 'url' | 'replyBy';

export interface ActionField {
  name: FieldName;
  label: string;
  required: boolean;
  hint?: string;
}

/** ISO 18626 reasonUnfilled values (closed list), with plain words. */
export const REASONS_UNFILLED: readonly { value: string; label: string }[] = [
  { value: 'NotHeld', label: 'Not held' },
  { value: 'NotOnShelf', label: 'Not on shelf' },
  { value: 'NonCirculating', label: 'Non-circulating' },
  { value: 'NotAvailableForILL', label: 'Not available for interlibrary loan' },
  { value: 'PolicyProblem', label: 'Policy problem' },
  { value: 'PoorCondition', label: 'Poor condition' },
];

const note = (required = false): ActionField => ({ name: 'note', label: required ? 'Note (required)' : 'Note (optional)', required });

const FIELDS: Record<string, readonly ActionField[]> = {
  reject: [{ name: 'reason', label: 'Reason', required: true }],
  conditional: [{ name: 'replyBy', label: 'Reply by (optional)', required: false }],
  ship: [
    { name: 'dueDate', label: 'Due date', required: false, hint: 'Leave empty to use the loan period of the terms of use.' },
    { name: 'barcode', label: 'Item barcode (optional)', required: false },
  ],
  'ship-digitally': [{ name: 'url', label: 'Link to the copy (optional)', required: false }],
  'answer-renewal': [
    { name: 'approve', label: 'Renew?', required: true },
    { name: 'dueDate', label: 'New due date (when renewing)', required: false },
  ],
  'answer-cancel': [{ name: 'approve', label: 'Agree to cancel?', required: true }],
  recall: [{ name: 'dueDate', label: 'Return by (optional)', required: false }],
  receive: [{ name: 'barcode', label: "Lender's barcode (optional)", required: false }],
};

/** The fields of an action's form, the note always last (required for conditional). */
export function actionFields(action: string): ActionField[] {
  return [...(FIELDS[action] ?? []), note(action === 'conditional')];
}

const LABELS: Record<string, string> = {
  send: 'Send',
  approve: 'Approve',
  cancel: 'Cancel request',
  'cancel-partner': 'Cancel this partner',
  'accept-conditions': 'Accept conditions',
  'reject-conditions': 'Reject conditions',
  receive: 'Receive',
  'mark-received-digitally': 'Mark received digitally',
  'loan-to-patron': 'Loan to patron',
  'patron-return': 'Patron returned it',
  'request-renewal': 'Request renewal',
  'report-lost': 'Report lost',
  'report-damaged': 'Report damaged',
  'return-to-lender': 'Return to lender',
  complete: 'Complete',
  locate: 'Locate',
  'will-supply': 'Will supply',
  'expect-to-supply': 'Expect to supply',
  conditional: 'Offer conditions',
  reject: 'Reject',
  ship: 'Ship',
  'ship-digitally': 'Ship digitally',
  'answer-renewal': 'Answer renewal',
  'answer-cancel': 'Answer cancel request',
  recall: 'Recall',
  'mark-overdue': 'Mark overdue',
  'check-in': 'Check in',
};

export function actionLabel(action: string): string {
  return LABELS[action] ?? action.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export type FormValues = Partial<Record<FieldName, string>>;

export type ActionBody = {
  note?: string;
  reason?: string;
  dueDate?: string;
  barcode?: string;
  url?: string;
  approve?: boolean;
  replyBy?: string;
  expectedVersion?: number;
  override?: boolean;
};

/** The action's body from the form, or what is missing in the words of the form. */
export function buildActionBody(action: string, values: FormValues, expectedVersion?: number): { ok: true; body: ActionBody } | { ok: false; error: string } {
  const body: ActionBody = {};
  const missing: string[] = [];
  for (const field of actionFields(action)) {
    const raw = (values[field.name] ?? '').trim();
    if (!raw) {
      if (field.required) missing.push(field.label.replace(/ \(.*\)$/, '').toLowerCase());
      continue;
    }
    if (field.name === 'approve') {
      if (raw !== 'yes' && raw !== 'no') missing.push(field.label.toLowerCase());
      else body.approve = raw === 'yes';
    } else if (field.name === 'dueDate' || field.name === 'replyBy') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) return { ok: false, error: `${field.label.replace(/ \(.*\)$/, '')}: not a date` };
      body[field.name] = raw;
    } else {
      body[field.name] = raw;
    }
  }
  if (action === 'answer-renewal' && body.approve === true && !body.dueDate) missing.push('new due date');
  if (missing.length > 0) return { ok: false, error: `Please give: ${missing.join(', ')}.` };
  if (expectedVersion !== undefined) body.expectedVersion = expectedVersion;
  return { ok: true, body };
}

