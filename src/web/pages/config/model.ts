/**
 * The configuration views the pure form logic works on (partner, rule condition) and the value
 * sets of the API, without the browser client, so unit tests (node) can load them.
 */

export const PROFILE_TYPES = ['iso18626', 'ncip', 'email', 'broker'] as const;
export const SYSTEM_TYPES = ['alma', 'reshare', 'illiad', 'crosslink-broker', 'interlend', 'generic'] as const;
export const STAFF_ROLES = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'] as const;
export const OPTIONAL_STEPS = ['expect-to-supply', 'will-supply', 'conditional', 'manual-renew', 'automatic-renew', 'lender-check-in', 'damaged-lost'] as const;
export const SENDING_DECISIONS = ['send-automatically', 'wait-for-staff'] as const;
export const LOCATE_BY_FIELDS = ['lccn', 'oclcNumber', 'systemControlNumber', 'isbn', 'issn', 'title'] as const;

export interface PartnerContact {
  name: string;
  email?: string;
  phone?: string;
  role?: string;
}

export type RequestExpiry = 'none' | { days: number } | { date: string };

/** A partner as `GET …/partners/{code}` shows it and `POST`/`PUT` take it. */
export interface Partner {
  code: string;
  name: string;
  symbol: string;
  endpoint?: string;
  active: boolean;
  averageSupplyDays?: number;
  requestExpiry: RequestExpiry;
  profileType: (typeof PROFILE_TYPES)[number];
  deliveryDelayDays?: number;
  currency?: string;
  sendRequesterInfo: boolean;
  sharedBarcodes: boolean;
  automaticReceive: boolean;
  ignoreLenderShippingCost: boolean;
  resendOverdueIntervalDays?: number;
  borrowingWorkflowProfile?: string;
  lendingWorkflowProfile?: string;
  locateProfile?: string;
  holdingsCode?: string;
  contacts: PartnerContact[];
  notes?: string;
  systemType?: (typeof SYSTEM_TYPES)[number];
  supportsBorrowing: boolean;
  supportsLending: boolean;
  /** Sent only to replace (or, as `{}`, remove) the stored credentials; never read back. */
  credentials?: PartnerCredentials;
  /** Read only: which credentials are stored (absent: none). */
  credentialsSet?: CredentialsSet;
}

/** The `credentials` body of POST/PUT: inbound secrets as `sha256:` hashes, outbound ones as given. */
export interface PartnerCredentials {
  inbound?: {
    requestingAgencyAuthentication?: { accountId: string; securityCodeHash: string };
    http?: { bearerHash: string } | { basic: { username: string; passwordHash: string } };
  };
  outbound?: {
    requestingAgencyAuthentication?: { accountId: string; securityCode: string };
    http?: { bearer: string } | { basic: { username: string; password: string } };
  };
}

export interface CredentialsSet {
  inboundAgencyAuthentication: boolean;
  inboundHttp: boolean;
  outboundAgencyAuthentication: boolean;
  outboundHttp: boolean;
}

export interface RuleCondition {
  field: string;
  operator: string;
  value?: string | number | string[];
}
