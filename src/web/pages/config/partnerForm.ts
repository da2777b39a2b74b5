import type { Partner, PartnerContact } from './model.js';
import { numberOrText, optionalText } from '../../components/forms/problems.js';

/**
 * A partner as the form edits it (texts and switches) and back to the body of POST/PUT
 * …/partners. Pure, unit-tested. Keys are the API's, so server problems land on their fields.
 */
export interface PartnerDraft {
  code: string;
  name: string;
  symbol: string;
  endpoint: string;
  active: boolean;
  profileType: string;
  /** '' = the server's default (generic; interlend for a partner without endpoint). */
  systemType: string;
  supportsBorrowing: boolean;
  supportsLending: boolean;
  averageSupplyDays: string;
  requestExpiryKind: 'none' | 'days' | 'date';
  requestExpiryDays: string;
  requestExpiryDate: string;
  deliveryDelayDays: string;
  currency: string;
  sendRequesterInfo: boolean;
  sharedBarcodes: boolean;
  automaticReceive: boolean;
  ignoreLenderShippingCost: boolean;
  resendOverdueIntervalDays: string;
  borrowingWorkflowProfile: string;
  lendingWorkflowProfile: string;
  locateProfile: string;
  holdingsCode: string;
  contacts: ContactDraft[];
  notes: string;
}

export interface ContactDraft {
  name: string;
  email: string;
  phone: string;
  role: string;
}

export const EMPTY_CONTACT: ContactDraft = { name: '', email: '', phone: '', role: '' };

export const EMPTY_PARTNER: PartnerDraft = {
  code: '',
  name: '',
  symbol: '',
  endpoint: '',
  active: true,
  profileType: 'iso18626',
  systemType: '',
  supportsBorrowing: true,
  supportsLending: true,
  averageSupplyDays: '',
  requestExpiryKind: 'none',
  requestExpiryDays: '',
  requestExpiryDate: '',
  deliveryDelayDays: '',
  currency: '',
  sendRequesterInfo: false,
  sharedBarcodes: false,
  automaticReceive: false,
  ignoreLenderShippingCost: false,
  resendOverdueIntervalDays: '',
  borrowingWorkflowProfile: '',
  lendingWorkflowProfile: '',
  locateProfile: '',
  holdingsCode: '',
  contacts: [],
  notes: '',
};

const text = (value: number | string | undefined) => (value === undefined ? '' : String(value));

export function partnerToDraft(partner: Partner): PartnerDraft {
  const expiry = partner.requestExpiry;
  return {
    code: partner.code,
    name: partner.name,
    symbol: partner.symbol,
    endpoint: text(partner.endpoint),
    active: partner.active,
    profileType: partner.profileType,
    systemType: text(partner.systemType),
    supportsBorrowing: partner.supportsBorrowing,
    supportsLending: partner.supportsLending,
    averageSupplyDays: text(partner.averageSupplyDays),
    requestExpiryKind: expiry === 'none' ? 'none' : 'days' in expiry ? 'days' : 'date',
    requestExpiryDays: typeof expiry === 'object' && 'days' in expiry ? String(expiry.days) : '',
    requestExpiryDate: typeof expiry === 'object' && 'date' in expiry ? expiry.date.slice(0, 10) : '',
    deliveryDelayDays: text(partner.deliveryDelayDays),
    currency: text(partner.currency),
    sendRequesterInfo: partner.sendRequesterInfo,
    sharedBarcodes: partner.sharedBarcodes,
    automaticReceive: partner.automaticReceive,
    ignoreLenderShippingCost: partner.ignoreLenderShippingCost,
    resendOverdueIntervalDays: text(partner.resendOverdueIntervalDays),
    borrowingWorkflowProfile: text(partner.borrowingWorkflowProfile),
    lendingWorkflowProfile: text(partner.lendingWorkflowProfile),
    locateProfile: text(partner.locateProfile),
    holdingsCode: text(partner.holdingsCode),
    contacts: partner.contacts.map((c) => ({ name: c.name, email: text(c.email), phone: text(c.phone), role: text(c.role) })),
    notes: text(partner.notes),
  };
}

/** Leaves out what is blank (the server's default applies); numbers typed wrong go as typed, for the server to name. */
export function draftToPartner(draft: PartnerDraft): Partner {
  const body: Record<string, unknown> = {
    code: draft.code.trim(),
    name: draft.name.trim(),
    symbol: draft.symbol.trim(),
    endpoint: optionalText(draft.endpoint),
    active: draft.active,
    profileType: draft.profileType,
    systemType: optionalText(draft.systemType),
    supportsBorrowing: draft.supportsBorrowing,
    supportsLending: draft.supportsLending,
    averageSupplyDays: numberOrText(draft.averageSupplyDays),
    requestExpiry:
      draft.requestExpiryKind === 'days'
        ? { days: numberOrText(draft.requestExpiryDays) ?? '' }
        : draft.requestExpiryKind === 'date'
          ? { date: draft.requestExpiryDate.trim() }
          : 'none',
    deliveryDelayDays: numberOrText(draft.deliveryDelayDays),
    currency: optionalText(draft.currency),
    sendRequesterInfo: draft.sendRequesterInfo,
    sharedBarcodes: draft.sharedBarcodes,
    automaticReceive: draft.automaticReceive,
    ignoreLenderShippingCost: draft.ignoreLenderShippingCost,
    resendOverdueIntervalDays: numberOrText(draft.resendOverdueIntervalDays),
    borrowingWorkflowProfile: optionalText(draft.borrowingWorkflowProfile),
    lendingWorkflowProfile: optionalText(draft.lendingWorkflowProfile),
    locateProfile: optionalText(draft.locateProfile),
    holdingsCode: optionalText(draft.holdingsCode),
    contacts: draft.contacts.map(
      (c): PartnerContact => Object.fromEntries(Object.entries({ name: c.name.trim(), email: optionalText(c.email), phone: optionalText(c.phone), role: optionalText(c.role) }).filter(([, v]) => v !== undefined)) as unknown as PartnerContact,
    ),
    notes: optionalText(draft.notes),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as unknown as Partner;
}
