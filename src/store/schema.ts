import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Timestamps are written as Date or ISO strings and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** An institution is a tenant: every row of institution data carries its id. */
export interface InstitutionTable {
  id: Generated<string>;
  code: string;
  name: string;
  created_at: CreatedAt;
}

export interface LibraryTable {
  id: Generated<string>;
  institution_id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
}

/** Agency ids (ISO 18626 agencyIdType + agencyIdValue); unique across the deployment. */
export interface AgencySymbolTable {
  id: Generated<string>;
  institution_id: string;
  library_id: string | null;
  id_type: string;
  id_value: string;
}

export type RequestKind = 'borrowing' | 'lending';

export interface LendingRequestTable {
  id: Generated<string>;
  institution_id: string;
  library_id: string | null;
  status: string;
  requesting_agency_id_type: string;
  requesting_agency_id_value: string;
  requesting_agency_request_id: string;
  supplying_agency_id_type: string;
  supplying_agency_id_value: string;
  supplying_agency_request_id: string;
  partner_id: string | null;
  protocol_version: string;
  service_type: string;
  title: string | null;
  author: string | null;
  /** The whole inbound request model (bibliographic, publication, service, patron … info). */
  citation: Json<Record<string, unknown>>;
  due_date: Timestamp | null;
  /** What we offered or set: conditions, due date note, delivery details. */
  terms: ColumnType<Record<string, unknown>, string | undefined, string>;
  cancel_requested: Generated<boolean>;
  /** Why staff should look (a parked message, an unexpected answer); null when all is well. */
  needs_attention: string | null;
  /** Bumped by every change: concurrent staff actions on one request cannot both win. */
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The staff user working the request (a user id, no foreign key); null when nobody is. */
  assigned_to: string | null;
}

export interface PartnerTable {
  id: Generated<string>;
  institution_id: string;
  code: string;
  name: string;
  id_type: string;
  id_value: string;
  endpoint_url: string | null;
  active: Generated<boolean>;
  average_supply_days: number | null;
  request_expiry: ColumnType<'none' | 'days' | 'date', 'none' | 'days' | 'date' | undefined, 'none' | 'days' | 'date'>;
  request_expiry_days: number | null;
  request_expiry_date: Timestamp | null;
  // Interop and verification (0009): which quirks apply, which directions it shares in.
  system_type: ColumnType<PartnerSystemType, PartnerSystemType | undefined, PartnerSystemType>;
  supports_borrowing: Generated<boolean>;
  supports_lending: Generated<boolean>;
  // The partner's profile (0007): how we deal with it beyond the protocol.
  profile_type: ColumnType<PartnerProfileType, PartnerProfileType | undefined, PartnerProfileType>;
  delivery_delay_days: number | null;
  /** ISO 4217 code of the partner's fees. */
  currency: string | null;
  send_requester_info: Generated<boolean>;
  shared_barcodes: Generated<boolean>;
  ignore_lender_shipping_cost: Generated<boolean>;
  resend_overdue_interval_days: number | null;
  /** Codes of workflow profiles of the same institution; null = every step on. */
  borrowing_workflow_profile: string | null;
  lending_workflow_profile: string | null;
  locate_profile: string | null;
  holdings_code: string | null;
  contacts: ColumnType<PartnerContact[], string | undefined, string>;
  notes: string | null;
  created_at: CreatedAt;
}

export type PartnerProfileType = 'iso18626' | 'ncip' | 'email' | 'broker';
export interface PartnerContact {
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  role?: string | undefined;
}

/** Which optional workflow steps apply with the partners a profile is attached to. */
export interface WorkflowProfileTable {
  id: Generated<string>;
  institution_id: string;
  code: string;
  kind: 'borrowing' | 'lending';
  name: string;
  disabled_steps: ColumnType<string[], string | undefined, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** An institution's borrowing and lending setups and lending terms of use, as validated documents. */
export interface LibrarySettingsTable {
  institution_id: string;
  borrowing: ColumnType<unknown, string | undefined, string>;
  lending: ColumnType<unknown, string | undefined, string>;
  terms_of_use: ColumnType<unknown, string | undefined, string>;
  updated_at: Timestamp;
}

export type PartnerSystemType = 'alma' | 'reshare' | 'illiad' | 'crosslink-broker' | 'interlend' | 'generic';

/**
 * A partner's credentials, apart from `partner` so secrets never ride along with it. Inbound
 * secrets are `sha256:` hashes (verified only); outbound ones are sent as stored, never shown.
 */
export interface PartnerCredentialsTable {
  partner_id: string;
  institution_id: string;
  inbound_account_id: string | null;
  inbound_security_code_hash: string | null;
  inbound_http_scheme: 'basic' | 'bearer' | null;
  inbound_http_username: string | null;
  inbound_http_secret_hash: string | null;
  outbound_account_id: string | null;
  outbound_security_code: string | null;
  outbound_http_scheme: 'basic' | 'bearer' | null;
  outbound_http_username: string | null;
  outbound_http_secret: string | null;
  updated_at: Timestamp;
}

export interface BorrowingRequestTable {
  id: Generated<string>;
  institution_id: string;
  library_id: string | null;
  status: string;
  request_number: string;
  patron_id: string;
  format: 'physical' | 'digital';
  service_type: 'loan' | 'copy';
  pickup_location: string | null;
  needed_before: Timestamp | null;
  title: string | null;
  author: string | null;
  citation: Json<Record<string, unknown>>;
  due_date: Timestamp | null;
  terms: ColumnType<Record<string, unknown>, string | undefined, string>;
  needs_attention: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The staff user working the request (a user id, no foreign key); null when nobody is. */
  assigned_to: string | null;
  /** Kept by a trigger on rota_entry: the lender asked last (else the next to ask), and every partner's request number. */
  current_partner_id: ColumnType<string | null, never, never>;
  partner_request_ids: ColumnType<string | null, never, never>;
}

export type RotaEntryStatus = 'pending' | 'sent' | 'rejected' | 'cancelled' | 'expired' | 'supplying';

export interface RotaEntryTable {
  id: Generated<string>;
  institution_id: string;
  borrowing_request_id: string;
  position: number;
  partner_id: string;
  status: ColumnType<RotaEntryStatus, RotaEntryStatus | undefined, RotaEntryStatus>;
  reason: string | null;
  supplying_agency_request_id: string | null;
  sent_at: Timestamp | null;
  expires_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface RequestEventTable {
  id: Generated<string>;
  institution_id: string;
  request_kind: RequestKind;
  request_id: string;
  at: Timestamp;
  actor: string;
  event: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** Every protocol message in or out, raw, with the confirmation it got or gave. */
export interface ProtocolMessageTable {
  id: Generated<string>;
  institution_id: string;
  request_kind: RequestKind | null;
  request_id: string | null;
  direction: 'in' | 'out';
  protocol: 'iso18626' | 'ncip';
  message_kind: string;
  summary: string | null;
  protocol_version: string | null;
  peer_id_type: string | null;
  peer_id_value: string | null;
  requesting_agency_request_id: string | null;
  body: string;
  body_sha256: string;
  confirmation: string | null;
  message_status: 'OK' | 'ERROR' | null;
  error_type: string | null;
  error_value: string | null;
  at: CreatedAt;
}

/** An outbound protocol message waiting for, or past, delivery (src/outbox). */
export interface OutboxMessageTable {
  id: Generated<string>;
  institution_id: string;
  request_kind: 'borrowing' | 'lending';
  request_id: string;
  protocol: ColumnType<string, string | undefined, string>;
  message_kind: string;
  summary: string | null;
  recipient_id_type: string | null;
  recipient_id_value: string | null;
  /** NULL: an institution of this deployment, delivered in-process. */
  endpoint_url: string | null;
  body: string;
  status: ColumnType<'pending' | 'delivered' | 'parked', 'pending' | 'delivered' | 'parked' | undefined, 'pending' | 'delivered' | 'parked'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  locked_by: string | null;
  last_error: string | null;
  confirmation: string | null;
  created_at: CreatedAt;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Who changed which configuration, when, from what to what. */
export interface AuditLogTable {
  id: Generated<string>;
  institution_id: string;
  at: CreatedAt;
  actor: string;
  entity_type: string;
  entity_key: string;
  action: 'create' | 'update' | 'delete';
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export type UserKind = 'staff' | 'patron';

/** A staff member or a patron who signs in; username unique per institution. */
export interface UserAccountTable {
  id: Generated<string>;
  institution_id: string;
  username: string;
  name: string;
  kind: UserKind;
  roles: ColumnType<string[], string | undefined, string>;
  /** Null: every library of the institution. */
  library_ids: ColumnType<string[] | null, string | null | undefined, string | null>;
  patron_id: string | null;
  password_hash: string;
  password_changed_at: Timestamp;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

/** A signed-in session; the token and CSRF token are kept only as sha256 hashes. */
export interface UserSessionTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  csrf_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** Moved forward at most once a minute while the session is used. */
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SignInFailureTable {
  id: Generated<string>;
  throttle_key: string;
  ip: string;
  failed_at: Timestamp;
}

/** An ordered or unordered list of partners that rota assignment rules add to requests. */
export interface RotaTemplateTable {
  id: Generated<string>;
  institution_id: string;
  code: string;
  name: string;
  ordered: Generated<boolean>;
  created_at: CreatedAt;
}

/** A partner's place in its (only) template. */
export interface RotaTemplatePartnerTable {
  institution_id: string;
  template_id: string;
  partner_id: string;
  position: number;
}

/** A rota assignment rule (output: a template) or a sending rule (output: a sending decision). */
export interface RuleTable {
  id: Generated<string>;
  institution_id: string;
  kind: 'rota-assignment' | 'sending';
  code: string;
  name: string;
  position: number;
  enabled: Generated<boolean>;
  conditions: Json<unknown[]>;
  template_id: string | null;
  sending: 'send-automatically' | 'wait-for-staff' | null;
}

/** text[] columns (identifier lists); the repository writes them as `sql\`…::text[]\`` expressions. */
type TextArray = ColumnType<string[], string[], string[]>;

/** A MARC21 bibliographic record of an institution's own catalogue (0011). */
export interface BibliographicRecordTable {
  id: Generated<string>;
  institution_id: string;
  /** The record's 001, or `sha256:…` of the record when it has none; unique per institution. */
  source_id: string;
  marc_format: 'iso2709' | 'marcxml';
  /** The record kept whole: MARCXML, or the ISO 2709 record as text. */
  marc: string;
  title: string;
  author: string | null;
  isbns: TextArray;
  issns: TextArray;
  lccn: string | null;
  oclc_numbers: TextArray;
  control_number: string | null;
  suppressed: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HoldingTable {
  id: Generated<string>;
  institution_id: string;
  bibliographic_record_id: string;
  library_id: string | null;
  location: string | null;
  call_number: string | null;
}

export type ItemStatus = 'available' | 'on_loan' | 'in_transit' | 'missing';

export interface ItemTable {
  id: Generated<string>;
  institution_id: string;
  holding_id: string;
  /** Unique per institution. */
  barcode: string;
  status: ItemStatus;
  policy: string | null;
  requestable_for_resource_sharing: Generated<boolean>;
  electronic: Generated<boolean>;
}

/** How to search a partner's catalogue (0012); partners name it by code (`partner.locate_profile`). */
export interface LocateProfileTable {
  id: Generated<string>;
  institution_id: string;
  code: string;
  name: string;
  protocol: 'sru' | 'z3950';
  /** SRU base URL; a path starting with "/" is this deployment's own /sru. */
  url: string | null;
  sru_version: '1.1' | '1.2' | '2.0' | null;
  host: string | null;
  port: number | null;
  database_name: string | null;
  /** LOCATE_BY_FIELDS, in the order they are tried. */
  match_fields: ColumnType<string[], string, string>;
  check_availability: Generated<boolean>;
  timeout_ms: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type LocateOutcome =
  /** Held, and (when checked) an item is available and requestable. */
  | 'held'
  /** Held, but every item is on loan, missing or not requestable. */
  | 'held-unavailable'
  | 'not-held'
  /** Nothing to search by: the citation has none of the profile's match fields. */
  | 'no-match-fields'
  /** The partner has no locate profile: kept in the rota unsearched. */
  | 'no-profile'
  | 'timeout'
  | 'unreachable'
  | 'error';

/** One search of one target for one request: the evidence shown on the rota (0012). */
export interface LocateResultTable {
  id: Generated<string>;
  institution_id: string;
  request_kind: RequestKind;
  request_id: string;
  run_id: string;
  rota_entry_id: string | null;
  partner_id: string | null;
  profile_code: string | null;
  protocol: 'sru' | 'z3950' | 'local';
  /** Where we searched: a URL, host:port/database, or "local catalogue". */
  target: string;
  query: string | null;
  outcome: LocateOutcome;
  hits: number | null;
  record_ids: ColumnType<string[], string | undefined, string>;
  availability: ColumnType<LocateAvailability[], string | undefined, string>;
  detail: string | null;
  duration_ms: number;
  at: Timestamp;
}

/** One holding or item a locate saw, as the target described it. */
export interface LocateAvailability {
  recordId?: string | undefined;
  library?: string | undefined;
  location?: string | undefined;
  callNumber?: string | undefined;
  barcode?: string | undefined;
  status: 'available' | 'on-loan' | 'unavailable' | 'unknown';
  requestable?: boolean | undefined;
}

/** A borrowing locate waiting for the locate worker; enqueued in the request's transaction (0012). */
export interface LocateJobTable {
  id: Generated<string>;
  institution_id: string;
  borrowing_request_id: string;
  status: ColumnType<'pending' | 'done' | 'failed', 'pending' | 'done' | 'failed' | undefined, 'pending' | 'done' | 'failed'>;
  send_when_found: Generated<boolean>;
  actor: string;
  attempts: Generated<number>;
  run_after: Timestamp;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  locked_by: string | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A local move (pick-from-shelf) request: staff fetch this item for a lending request (0012). */
export interface PickRequestTable {
  id: Generated<string>;
  institution_id: string;
  lending_request_id: string;
  item_id: string | null;
  barcode: string;
  library_id: string | null;
  location: string | null;
  call_number: string | null;
  status: ColumnType<'open' | 'picked' | 'cancelled', 'open' | 'picked' | 'cancelled' | undefined, 'open' | 'picked' | 'cancelled'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface Database {
  institution: InstitutionTable;
  library: LibraryTable;
  agency_symbol: AgencySymbolTable;
  lending_request: LendingRequestTable;
  partner: PartnerTable;
  partner_credentials: PartnerCredentialsTable;
  borrowing_request: BorrowingRequestTable;
  rota_entry: RotaEntryTable;
  request_event: RequestEventTable;
  protocol_message: ProtocolMessageTable;
  outbox_message: OutboxMessageTable;
  audit_log: AuditLogTable;
  rota_template: RotaTemplateTable;
  rota_template_partner: RotaTemplatePartnerTable;
  rule: RuleTable;
  workflow_profile: WorkflowProfileTable;
  library_settings: LibrarySettingsTable;
  user_account: UserAccountTable;
  user_session: UserSessionTable;
  sign_in_failure: SignInFailureTable;
  bibliographic_record: BibliographicRecordTable;
  holding: HoldingTable;
  item: ItemTable;
  locate_profile: LocateProfileTable;
  locate_result: LocateResultTable;
  locate_job: LocateJobTable;
  pick_request: PickRequestTable;
  directory_subscription: DirectorySubscriptionTable;
  directory_entry: DirectoryEntryTable;
}

export type Institution = Selectable<InstitutionTable>;
export type Library = Selectable<LibraryTable>;
export type AgencySymbol = Selectable<AgencySymbolTable>;
export type LendingRequest = Selectable<LendingRequestTable>;
export type NewLendingRequest = Insertable<LendingRequestTable>;
export type Partner = Selectable<PartnerTable>;
export type PartnerCredentials = Selectable<PartnerCredentialsTable>;
export type BorrowingRequest = Selectable<BorrowingRequestTable>;
export type RotaEntry = Selectable<RotaEntryTable>;
export type RequestEvent = Selectable<RequestEventTable>;
export type ProtocolMessage = Selectable<ProtocolMessageTable>;
export type NewProtocolMessage = Insertable<ProtocolMessageTable>;
export type OutboxMessage = Selectable<OutboxMessageTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type WorkflowProfile = Selectable<WorkflowProfileTable>;
export type UserAccount = Selectable<UserAccountTable>;
export type UserSession = Selectable<UserSessionTable>;
export type NewOutboxMessage = Insertable<OutboxMessageTable>;
export type BibliographicRecord = Selectable<BibliographicRecordTable>;
export type Holding = Selectable<HoldingTable>;
export type Item = Selectable<ItemTable>;
export type LocateProfile = Selectable<LocateProfileTable>;
export type LocateResult = Selectable<LocateResultTable>;
export type LocateJob = Selectable<LocateJobTable>;
export type PickRequest = Selectable<PickRequestTable>;

/** A subscription to another deployment's directory feed (`/directory/entries.json`). */
export interface DirectorySubscriptionTable {
  id: Generated<string>;
  institution_id: string;
  feed_url: string;
  status: ColumnType<'new' | 'ok' | 'failed', 'new' | 'ok' | 'failed' | undefined, 'new' | 'ok' | 'failed'>;
  last_sync_at: Date | null;
  last_error: string | null;
  entry_count: Generated<number>;
  created_at: CreatedAt;
}

/** A directory entry: published by an institution of this deployment, or learnt from a subscription. */
export interface DirectoryEntryTable {
  id: Generated<string>;
  institution_id: string | null;
  subscription_id: string | null;
  external_id: string;
  publish: Generated<boolean>;
  name: string;
  /** `TYPE:VALUE` strings. */
  symbols: ColumnType<string[], string, string>;
  endpoint_url: string | null;
  system_type: string | null;
  locate: ColumnType<unknown, string | null, string | null>;
  addresses: ColumnType<unknown[], string, string>;
  lending_policies: ColumnType<Record<string, unknown>, string, string>;
  contacts: ColumnType<unknown[], string, string>;
  updated_at: Timestamp;
}

export type DirectorySubscription = Selectable<DirectorySubscriptionTable>;
export type DirectoryEntry = Selectable<DirectoryEntryTable>;

/** A patron of the built-in circulation; `blocks` holds `{ code, reason, since, until? }` (calendar days). */
export interface PatronTable {
  id: Generated<string>;
  institution_id: string;
  barcode: string;
  name: string;
  email: string | null;
  phone: string | null;
  patron_group: string;
  home_library_id: string | null;
  blocks: ColumnType<{ code: string; reason: string; since: string; until?: string }[], string | undefined, string>;
  /** A calendar day; the repository reads it as `YYYY-MM-DD` text, never as an instant. */
  expires_on: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface Database {
  patron: PatronTable;
}
export type Patron = Selectable<PatronTable>;

/** An institution's circulation setting (`src/config/sections/circulation.ts`), one document. */
export interface CirculationSettingsTable {
  institution_id: string;
  settings: ColumnType<unknown, string | undefined, string>;
  updated_at: Timestamp;
}

export interface Database {
  circulation_settings: CirculationSettingsTable;
}

/** Circulation around resource sharing (0015): temporary records of a borrowed item, and an item lent out. */
export interface BibliographicRecordTable {
  /** Set on the temporary record of a received item; removed with the request's other temporary records. */
  temporary_for_request_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ItemTable {
  temporary_for_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  process_type: ColumnType<'resource sharing' | null, 'resource sharing' | null | undefined, 'resource sharing' | null>;
  on_loan_to_partner_id: ColumnType<string | null, string | null | undefined, string | null>;
  lent_for_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the item is for now (e.g. `RS` while lent); its holding keeps the permanent location. */
  temporary_location: ColumnType<string | null, string | null | undefined, string | null>;
}

export type HoldStatus = 'waiting' | 'on_shelf' | 'fulfilled' | 'cancelled' | 'expired';

export interface HoldTable {
  id: Generated<string>;
  institution_id: string;
  borrowing_request_id: string;
  patron_barcode: string;
  pickup_location: string;
  status: HoldStatus;
  on_shelf_since: Timestamp | null;
  shelf_expires_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LoanTable {
  id: Generated<string>;
  institution_id: string;
  item_id: string | null;
  item_barcode: string;
  borrowing_request_id: string;
  patron_barcode: string;
  due_date: Timestamp | null;
  renewals: Generated<number>;
  status: 'active' | 'returned';
  loaned_at: Timestamp;
  returned_at: Timestamp | null;
}

export interface Database {
  hold: HoldTable;
  loan: LoanTable;
}
export type Hold = Selectable<HoldTable>;
export type Loan = Selectable<LoanTable>;

/** An institution's own template for a slip kind (0017); none: the default template. */
export interface SlipTemplateTable {
  institution_id: string;
  kind: string;
  html: string;
  updated_at: Timestamp;
}

export interface Database {
  slip_template: SlipTemplateTable;
}
export type SlipTemplate = Selectable<SlipTemplateTable>;

/** Who owns a request's route to the item (0018): our rota, or a broker (its NCIP messages drive the request). */
export type RequestManager = 'rota' | 'broker';

export interface BorrowingRequestTable {
  managed_by: ColumnType<RequestManager, RequestManager | undefined, RequestManager>;
  /** The broker's RequestId of a broker-managed request. */
  broker_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The ItemId the broker knows the item by (the lender's barcode). */
  broker_item_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LendingRequestTable {
  managed_by: ColumnType<RequestManager, RequestManager | undefined, RequestManager>;
  broker_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Our item's barcode as the broker names it. */
  broker_item_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PartnerTable {
  /** Broker partners: a digital item delivered (AcceptItem) completes the request at once. */
  automatic_receive: Generated<boolean>;
}

export interface LoanTable {
  overdue_notice_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type PatronNoticeStatus = 'pending' | 'sent' | 'logged' | 'skipped' | 'failed';

/** An email to a patron (0018), queued with the change it tells about and sent by the notice worker. */
export interface PatronNoticeTable {
  id: Generated<string>;
  institution_id: string;
  borrowing_request_id: string | null;
  patron_barcode: string;
  kind: string;
  to_address: string | null;
  subject: string;
  body_text: string;
  status: ColumnType<PatronNoticeStatus, PatronNoticeStatus | undefined, PatronNoticeStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_error: string | null;
  message_id: string | null;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface Database {
  patron_notice: PatronNoticeTable;
}
export type PatronNotice = Selectable<PatronNoticeTable>;
