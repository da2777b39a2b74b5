import type { RequestKind } from '../../store/schema.js';
import type { SlipFieldSet } from './render.js';

export const SLIP_KINDS = ['pick', 'shipping', 'receive', 'return'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

const address: SlipFieldSet = { line: 'text' };
const common: SlipFieldSet = { institutionName: 'text', printedAt: 'text', requestNumber: 'text', title: 'text', author: 'text', status: 'text' };

/**
 * Each slip: the request it belongs to, the statuses where printing it makes sense (a reprint
 * included), and the fields its template may use. One table, read by the API and the template check.
 */
export const SLIPS: Record<SlipKind, { request: RequestKind; label: string; statuses: readonly string[]; fields: SlipFieldSet }> = {
  pick: {
    request: 'lending',
    label: 'Pick slip',
    statuses: ['being_processed', 'expect_to_supply', 'will_supply', 'conditional'],
    fields: {
      ...common,
      callNumber: 'text',
      location: 'text',
      barcode: 'text',
      requester: 'text',
      requesterSymbol: 'text',
      requesterRequestId: 'text',
      dueDate: 'text',
      items: { barcode: 'text', callNumber: 'text', location: 'text' },
    },
  },
  shipping: {
    request: 'lending',
    label: 'Shipping slip',
    statuses: ['will_supply', 'shipped_physically'],
    fields: {
      ...common,
      borrower: 'text',
      borrowerSymbol: 'text',
      shipTo: address,
      requesterRequestId: 'text',
      barcode: 'text',
      dueDate: 'text',
    },
  },
  receive: {
    request: 'borrowing',
    label: 'Receive slip',
    statuses: ['received_physically'],
    fields: {
      ...common,
      patronName: 'text',
      patronBarcode: 'text',
      pickupLocation: 'text',
      holdShelfExpiry: 'text',
      temporaryBarcode: 'text',
      lender: 'text',
      dueDate: 'text',
    },
  },
  return: {
    request: 'borrowing',
    label: 'Return slip',
    statuses: ['returned_by_patron', 'returned_to_partner', 'recalled'],
    fields: {
      ...common,
      lender: 'text',
      lenderSymbol: 'text',
      lenderRequestId: 'text',
      returnTo: address,
      barcode: 'text',
      dueDate: 'text',
    },
  },
};

export function slipsFor(request: RequestKind): SlipKind[] {
  return SLIP_KINDS.filter((kind) => SLIPS[kind].request === request);
}

/** Why a slip cannot be printed now, or undefined when it can. */
export function slipRefusal(kind: SlipKind, status: string): string | undefined {
  const slip = SLIPS[kind];
  if (slip.statuses.includes(status)) return undefined;
  return `a ${slip.label.toLowerCase()} is printed when the ${slip.request} request is ${slip.statuses.join(', ')}; it is ${status}`;
}

/** Picks the address meant for a purpose by its label ("Shipping", "Returns"), else the first. */
export function chooseAddress<T extends { label?: string | undefined }>(addresses: readonly T[], purpose: RegExp): T | undefined {
  return addresses.find((a) => a.label !== undefined && purpose.test(a.label)) ?? addresses[0];
}

export function addressLines(a: { label?: string | undefined; line1: string; line2?: string | undefined; city: string; region?: string | undefined; postalCode?: string | undefined; country: string }): { line: string }[] {
  const cityLine = [a.postalCode, a.city, a.region].filter((part) => part !== undefined && part !== '').join(' ');
  return [a.line1, a.line2, cityLine, a.country].filter((line): line is string => line !== undefined && line !== '').map((line) => ({ line }));
}
