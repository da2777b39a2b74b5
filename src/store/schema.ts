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
  created_at: CreatedAt;
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
  protocol: 'iso18626';
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

export interface Database {
  institution: InstitutionTable;
  library: LibraryTable;
  agency_symbol: AgencySymbolTable;
  lending_request: LendingRequestTable;
  partner: PartnerTable;
  borrowing_request: BorrowingRequestTable;
  rota_entry: RotaEntryTable;
  request_event: RequestEventTable;
  protocol_message: ProtocolMessageTable;
  outbox_message: OutboxMessageTable;
  audit_log: AuditLogTable;
}

export type Institution = Selectable<InstitutionTable>;
export type Library = Selectable<LibraryTable>;
export type AgencySymbol = Selectable<AgencySymbolTable>;
export type LendingRequest = Selectable<LendingRequestTable>;
export type NewLendingRequest = Insertable<LendingRequestTable>;
export type Partner = Selectable<PartnerTable>;
export type BorrowingRequest = Selectable<BorrowingRequestTable>;
export type RotaEntry = Selectable<RotaEntryTable>;
export type RequestEvent = Selectable<RequestEventTable>;
export type ProtocolMessage = Selectable<ProtocolMessageTable>;
export type NewProtocolMessage = Insertable<ProtocolMessageTable>;
export type OutboxMessage = Selectable<OutboxMessageTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewOutboxMessage = Insertable<OutboxMessageTable>;
