import { api, institutionPath } from './client.js';
import { PROFILE_TYPES, SYSTEM_TYPES, STAFF_ROLES, OPTIONAL_STEPS, SENDING_DECISIONS, LOCATE_BY_FIELDS, type Partner, type PartnerContact, type RequestExpiry, type RuleCondition } from '../pages/config/model.js';

/**
 * The configuration API as the configuration pages use it: partners, rota templates, rules and
 * their dry run, workflow profiles, library settings, accounts, locate profiles and the
 * directory. The view types mirror the server's presenters (the web code does not import them).
 */

export { PROFILE_TYPES, SYSTEM_TYPES, STAFF_ROLES, OPTIONAL_STEPS, SENDING_DECISIONS, LOCATE_BY_FIELDS };
export type { Partner, PartnerContact, RequestExpiry, RuleCondition };

export interface RotaTemplate {
  code: string;
  name: string;
  ordered: boolean;
  partners: string[];
}

export interface Rule {
  code: string;
  name: string;
  enabled: boolean;
  position: number;
  conditions: RuleCondition[];
  template?: string;
  sending?: (typeof SENDING_DECISIONS)[number];
}

export type RuleKind = 'rota-rules' | 'sending-rules';

export interface DryRunInput {
  citation: Record<string, string>;
  format?: string;
  serviceType?: string;
  pickupLocation?: string;
  patronGroup?: string;
  neededBefore?: string;
}

export interface DryRunResult {
  matchedRules: { code: string; name: string; position: number; template: string }[];
  rota: string[];
  skipped: { partner: string; reason: string }[];
  sending: string;
  sendingRule: { code: string; name: string; position: number } | null;
}

export interface WorkflowProfile {
  code: string;
  kind: 'borrowing' | 'lending';
  name: string;
  steps: Partial<Record<(typeof OPTIONAL_STEPS)[number], boolean>>;
}

export interface InactivePeriod {
  from: string;
  until?: string;
}

export interface BorrowingSettings {
  cancelOnLocateFailure: boolean;
  autoLocate: boolean;
  temporarilyInactive: InactivePeriod | null;
  defaultLocation: string | null;
  defaultPickupLocation: string | null;
  extendDueDateOnRenewalRequest: boolean;
  holdShelfDays: number;
  patronNotices: boolean;
  noticeFromAddress: string | null;
}

export interface LendingSettings {
  autoLocate: boolean;
  rejectWhen: { locateFails: boolean; noAvailableItems: boolean; noRequestableItems: boolean; onlyElectronic: boolean };
  ignoreElectronic: boolean;
  temporarilyInactive: InactivePeriod | null;
  defaultLocation: string | null;
  locateBy: string[];
  createLocalMoveAutomatically: boolean;
}

export interface TermsOfUse {
  requestableLocations: string[];
  requestableItemPolicies: string[];
  loanPeriodDays: number | null;
}

export interface Account {
  username: string;
  name: string;
  kind: 'staff' | 'patron';
  roles: string[];
  libraries: string[] | null;
  patronId: string | null;
  active: boolean;
  passwordChangedAt: string;
}

export interface LocateProfile {
  code: string;
  name?: string;
  protocol: string;
}

export interface DirectoryEntry {
  id: string;
  source: 'local' | 'feed';
  name: string;
  symbols: string[];
  iso18626Endpoint: string | null;
  systemType: string | null;
  locate: { protocol: string; url?: string; host?: string; port?: number; database?: string; matchFields?: string[] } | null;
  addresses: { label?: string; line1: string; line2?: string; city: string; region?: string; postalCode?: string; country: string }[];
  lendingPolicies: { text?: string; loanPeriodDays?: number; services?: string[]; formats?: string[] } | null;
  contacts: PartnerContact[];
  publish: boolean;
  updatedAt: string;
}

const path = (symbol: string, rest: string) => institutionPath(symbol, rest);
const seg = encodeURIComponent;

export const configApi = {
  partners: (s: string) => api<{ items: Partner[] }>('GET', path(s, '/partners')).then((r) => r.items),
  partner: (s: string, code: string) => api<Partner>('GET', path(s, `/partners/${seg(code)}`)),
  createPartner: (s: string, body: Partner) => api<Partner>('POST', path(s, '/partners'), body),
  updatePartner: (s: string, code: string, body: Partner) => api<Partner>('PUT', path(s, `/partners/${seg(code)}`), body),

  locateProfiles: (s: string) => api<{ items: LocateProfile[] }>('GET', path(s, '/locate-profiles')).then((r) => r.items),

  rotaTemplates: (s: string) => api<{ items: RotaTemplate[] }>('GET', path(s, '/rota-templates')).then((r) => r.items),
  createRotaTemplate: (s: string, body: RotaTemplate) => api<RotaTemplate>('POST', path(s, '/rota-templates'), body),
  updateRotaTemplate: (s: string, { code, ...body }: RotaTemplate) => api<RotaTemplate>('PUT', path(s, `/rota-templates/${seg(code)}`), body),
  deleteRotaTemplate: (s: string, code: string) => api<void>('DELETE', path(s, `/rota-templates/${seg(code)}`)),

  rules: (s: string, kind: RuleKind) => api<{ items: Rule[] }>('GET', path(s, `/${kind}`)).then((r) => r.items),
  createRule: (s: string, kind: RuleKind, body: Omit<Rule, 'position'>) => api<Rule>('POST', path(s, `/${kind}`), body),
  updateRule: (s: string, kind: RuleKind, { code, ...body }: Omit<Rule, 'position'>) => api<Rule>('PUT', path(s, `/${kind}/${seg(code)}`), body),
  deleteRule: (s: string, kind: RuleKind, code: string) => api<void>('DELETE', path(s, `/${kind}/${seg(code)}`)),
  reorderRules: (s: string, kind: RuleKind, order: string[]) => api<{ items: Rule[] }>('PUT', path(s, `/${kind}`), { order }).then((r) => r.items),
  dryRun: (s: string, body: DryRunInput) => api<DryRunResult>('POST', path(s, '/rota-rules/dry-run'), body),

  workflowProfiles: (s: string) => api<{ items: WorkflowProfile[] }>('GET', path(s, '/workflow-profiles')).then((r) => r.items),
  createWorkflowProfile: (s: string, body: WorkflowProfile) => api<WorkflowProfile>('POST', path(s, '/workflow-profiles'), body),
  updateWorkflowProfile: (s: string, body: WorkflowProfile) => api<WorkflowProfile>('PUT', path(s, `/workflow-profiles/${seg(body.code)}`), body),
  deleteWorkflowProfile: (s: string, code: string) => api<void>('DELETE', path(s, `/workflow-profiles/${seg(code)}`)),

  borrowingSettings: (s: string) => api<BorrowingSettings>('GET', path(s, '/settings/borrowing')),
  lendingSettings: (s: string) => api<LendingSettings>('GET', path(s, '/settings/lending')),
  termsOfUse: (s: string) => api<TermsOfUse>('GET', path(s, '/settings/terms-of-use')),
  saveBorrowingSettings: (s: string, body: BorrowingSettings) => api<BorrowingSettings>('PUT', path(s, '/settings/borrowing'), body),
  saveLendingSettings: (s: string, body: LendingSettings) => api<LendingSettings>('PUT', path(s, '/settings/lending'), body),
  saveTermsOfUse: (s: string, body: TermsOfUse) => api<TermsOfUse>('PUT', path(s, '/settings/terms-of-use'), body),

  accounts: (s: string) => api<{ items: Account[] }>('GET', path(s, '/users')).then((r) => r.items),
  createAccount: (s: string, body: { username: string; name: string; roles?: string[]; libraries?: string[]; patronId?: string; active: boolean; password: string }) =>
    api<Account>('POST', path(s, '/users'), body),
  changeAccount: (s: string, username: string, body: { name?: string; roles?: string[]; libraries?: string[] | null; active?: boolean; password?: string }) =>
    api<Account>('PATCH', path(s, `/users/${seg(username)}`), body),

  directory: (s: string, filter: { q?: string; symbol?: string; service?: string }) => {
    const entries: [string, string][] = Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, v] as [string, string]]));
    const query = new URLSearchParams(entries).toString();
    return api<{ items: DirectoryEntry[] }>('GET', path(s, `/directory${query ? `?${query}` : ''}`)).then((r) => r.items);
  },
  directoryEntry: (s: string, id: string) => api<DirectoryEntry>('GET', path(s, `/directory/entries/${seg(id)}`)),
  addPartnerFromDirectory: (s: string, body: { entryId: string; code?: string; locateProfileCode?: string }) =>
    api<{ partner: Partner; locateProfile: LocateProfile | null }>('POST', path(s, '/partners/from-directory'), body),
};
