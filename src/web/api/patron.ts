/** The patron pages' view of the API: their borrowing requests, the request form, pickup locations. */
import { api, institutionPath } from './client.js';
import type { RequestBody } from '../pages/patron/requestBody.js';

export interface PatronRequestSummary {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  title: string | null;
  author: string | null;
  serviceType: 'loan' | 'copy';
  format: 'physical' | 'digital';
  dueDate: string | null;
  createdAt: string;
}

export interface PatronRequestDetail extends PatronRequestSummary {
  allowedActions: string[];
  pickupLocation: string | null;
  neededBefore: string | null;
  citation: Record<string, unknown>;
}

export interface PickupLocations {
  locations: { code: string; name: string }[];
  defaultLocation: string | null;
}

const borrowing = (symbol: string, rest = '') => institutionPath(symbol, `/borrowing-requests${rest}`);

/** The patron's own requests (the API narrows the list to them), newest first, each with its allowed actions. */
export async function listMyRequests(symbol: string): Promise<PatronRequestDetail[]> {
  const list = await api<{ items: PatronRequestSummary[] }>('GET', borrowing(symbol, '?sort=created&order=desc&limit=50'));
  return Promise.all(list.items.map((item) => getMyRequest(symbol, item.id)));
}

export function getMyRequest(symbol: string, id: string): Promise<PatronRequestDetail> {
  return api<PatronRequestDetail>('GET', borrowing(symbol, `/${encodeURIComponent(id)}`));
}

export function createMyRequest(symbol: string, body: RequestBody): Promise<PatronRequestDetail> {
  return api<PatronRequestDetail>('POST', borrowing(symbol), body);
}

export function takeAction(symbol: string, id: string, action: 'cancel' | 'request-renewal'): Promise<PatronRequestDetail> {
  return api<PatronRequestDetail>('POST', borrowing(symbol, `/${encodeURIComponent(id)}/actions/${action}`), {});
}

export function pickupLocations(symbol: string): Promise<PickupLocations> {
  return api<PickupLocations>('GET', institutionPath(symbol, '/pickup-locations'));
}
