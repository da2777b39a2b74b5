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

export interface LendingRequestTable {
  id: Generated<string>;
  institution_id: string;
  library_id: string | null;
  status: string;
  requesting_agency_id_type: string;
  requesting_agency_id_value: string;
  requesting_agency_request_id: string;
  supplying_agency_request_id: string;
  protocol_version: string;
  service_type: string;
  title: string | null;
  author: string | null;
  /** The whole inbound request model (bibliographic, publication, service, patron … info). */
  citation: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RequestEventTable {
  id: Generated<string>;
  institution_id: string;
  lending_request_id: string;
  at: Timestamp;
  actor: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** Every protocol message in or out, raw, with the confirmation it got or gave. */
export interface ProtocolMessageTable {
  id: Generated<string>;
  institution_id: string;
  lending_request_id: string | null;
  direction: 'in' | 'out';
  protocol: 'iso18626';
  message_kind: string;
  protocol_version: string | null;
  peer_id_type: string | null;
  peer_id_value: string | null;
  requesting_agency_request_id: string | null;
  body: string;
  body_sha256: string;
  confirmation: string | null;
  message_status: 'OK' | 'ERROR';
  error_type: string | null;
  error_value: string | null;
  received_at: CreatedAt;
}

export interface Database {
  institution: InstitutionTable;
  library: LibraryTable;
  agency_symbol: AgencySymbolTable;
  lending_request: LendingRequestTable;
  request_event: RequestEventTable;
  protocol_message: ProtocolMessageTable;
}

export type Institution = Selectable<InstitutionTable>;
export type Library = Selectable<LibraryTable>;
export type AgencySymbol = Selectable<AgencySymbolTable>;
export type LendingRequest = Selectable<LendingRequestTable>;
export type NewLendingRequest = Insertable<LendingRequestTable>;
export type RequestEvent = Selectable<RequestEventTable>;
export type ProtocolMessage = Selectable<ProtocolMessageTable>;
export type NewProtocolMessage = Insertable<ProtocolMessageTable>;
