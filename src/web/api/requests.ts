/**
 * The request views the staff workspace uses (task lists, a request, its actions), typed here
 * because web code does not import the server's presenters.
 */
import { api, institutionPath } from './client.js';
import type { ActionBody } from '../text/actionForms.js';

export type Kind = 'borrowing' | 'lending';

export const KIND_PATH: Record<Kind, string> = { borrowing: 'borrowing-requests', lending: 'lending-requests' };

export interface RequestSummary {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  title: string | null;
  author: string | null;
  patronId?: string;
  requester?: string;
  requesterRequestId?: string;
  serviceType: string;
  dueDate: string | null;
  needsAttention: string | null;
  assignedTo: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TaskListFacets {
  status: { value: string; label: string; count: number }[];
  partner: { partner: { id: string; code: string; name: string } | null; count: number }[];
  library: { library: { id: string; code: string; name: string } | null; count: number }[];
  assignedTo: { value: string | null; count: number; me: boolean }[];
  created: { today: number; '7d': number; '30d': number; older: number };
  needsAttention: { yes: number; no: number };
}

export interface TaskListPage {
  items: RequestSummary[];
  total: number;
  limit: number;
  next: string | null;
  facets?: TaskListFacets;
}

export interface HistoryEvent {
  at: string;
  actor: string;
  event: string;
  from: string | null;
  fromLabel: string | null;
  to: string;
  toLabel: string;
  note: string | null;
}

export interface ProtocolMessage {
  at: string;
  direction: 'in' | 'out';
  protocol: string;
  kind: string;
  summary: string | null;
  version: string | null;
  peer: string | null;
  status: string;
  errorType: string | null;
  errorValue: string | null;
  body: string;
  confirmation: string | null;
}

export interface RotaEntry {
  position: number;
  partner: { code: string; name: string; symbol: string; active: boolean };
  status: string;
  reason: string | null;
  supplyingAgencyRequestId: string | null;
  sentAt: string | null;
  expiresAt: string | null;
  locate: { outcome: string; label: string; at: string } | null;
}

export interface Circulation {
  item: { barcode: string; status: string } | null;
  hold: { status: string; patronId: string; pickupLocation: string | null; onShelfSince: string | null; shelfExpiresAt: string | null } | null;
  loan: { status: string; itemBarcode: string; patronId: string; dueDate: string | null; renewals: number; loanedAt: string | null; returnedAt: string | null } | null;
}

export type Citation = Record<string, unknown>;

export interface RequestView extends RequestSummary {
  allowedActions: string[];
  citation: Citation;
  history: HistoryEvent[];
  messages: ProtocolMessage[];
  // borrowing
  pickupLocation?: string | null;
  neededBefore?: string | null;
  rota?: RotaEntry[];
  circulation?: Circulation;
  // lending
  partner?: { code: string; name: string; symbol: string } | null;
  cancelRequested?: boolean;
  borrower?: string | null;
}

export interface LocateResult {
  id: string;
  partner: string | null;
  profile: string | null;
  protocol: string;
  target: string;
  query: string;
  outcome: string;
  outcomeLabel: string;
  hits: number;
  availability: unknown;
  detail: string | null;
  at: string;
}

export interface LocateRuns {
  runs: { runId: string; at: string; results: LocateResult[] }[];
}

export interface BulkResult {
  results: ({ id: string; ok: true; status: string; statusLabel: string } | { id: string; ok: false; status?: number; title?: string; detail?: string })[];
  succeeded: number;
  failed: number;
}

const path = (symbol: string, kind: Kind, rest = '') => institutionPath(symbol, `/${KIND_PATH[kind]}${rest}`);

export const requestsApi = {
  list: (symbol: string, kind: Kind, query: string) => api<TaskListPage>('GET', path(symbol, kind, query)),
  get: (symbol: string, kind: Kind, id: string) => api<RequestView>('GET', path(symbol, kind, `/${encodeURIComponent(id)}`)),
  act: (symbol: string, kind: Kind, id: string, action: string, body: ActionBody) =>
    api<RequestView>('POST', path(symbol, kind, `/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`), body),
  assign: (symbol: string, kind: Kind, id: string, assign: boolean) => api<RequestSummary>('POST', path(symbol, kind, `/${encodeURIComponent(id)}/${assign ? 'assign' : 'unassign'}`), {}),
  bulk: (symbol: string, kind: Kind, action: string, ids: string[], body: ActionBody = {}) => api<BulkResult>('POST', path(symbol, kind, '/bulk'), { action, ids, body }),
  locateResults: (symbol: string, id: string) => api<LocateRuns>('GET', path(symbol, 'borrowing', `/${encodeURIComponent(id)}/locate-results`)),
  slipUrl: (symbol: string, kind: Kind, id: string, slip: string, pdf = false) => path(symbol, kind, `/${encodeURIComponent(id)}/slips/${slip}${pdf ? '?format=pdf' : ''}`),
};

/** The slips a request of this kind prints, and the statuses each applies to (README "Slips"). */
export const SLIPS: Record<Kind, { kind: string; label: string; statuses: string[] }[]> = {
  lending: [
    { kind: 'pick', label: 'Pick slip', statuses: ['being_processed', 'expect_to_supply', 'will_supply', 'conditional'] },
    { kind: 'shipping', label: 'Shipping slip', statuses: ['will_supply', 'shipped_physically'] },
  ],
  borrowing: [
    { kind: 'receive', label: 'Receive slip', statuses: ['received_physically'] },
    { kind: 'return', label: 'Return slip', statuses: ['returned_by_patron', 'returned_to_partner', 'recalled'] },
  ],
};
