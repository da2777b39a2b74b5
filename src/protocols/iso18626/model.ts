/**
 * Typed model of ISO 18626 messages: the union of versions 1.1 (2014), 1.2 (2017) and 2021.
 *
 * Conventions
 * - One field per data element. Where 2021 renamed or moved an element, the field carries the
 *   2021 name and location, and the comment names the 1.x element it maps to:
 *     serviceInfo.itemFormat        ⇔ 1.x serviceInfo/preferredFormat
 *     deliveryInfo.deliveryMethod   ⇔ 1.x deliveryInfo/sentVia
 *     deliveryInfo.itemFormat       ⇔ 1.x deliveryInfo/deliveredFormat
 *     retryInfo.offeredCosts/retryAfter/retryBefore ⇔ 1.x messageInfo/offeredCosts/retryAfter/retryBefore
 * - Elements that exist in one version only are optional and marked "(2021 only)" / "(1.2+)".
 * - Elements repeatable in any version are arrays (possibly longer than a 1.x message can carry;
 *   see `toVersion` in project.ts for what is written to each version). The parser never
 *   produces empty arrays: an absent repeating element is an absent field.
 * - Dates are the lexical xs:dateTime string as sent; monetary values are the lexical
 *   xs:decimal string (no float rounding). sortOrder (xs:integer) is a number.
 * - type_yesNo stays the code string 'Y' | 'N'; xs:boolean (deliveryInfo.sentToPatron) is a boolean.
 */
import type {
  Action,
  ErrorType,
  MessageStatus,
  PreferredEdition,
  ReasonForMessage,
  RequestSubType,
  RequestType,
  ServiceType,
  Status,
  YesNo,
} from './codeLists.js';

export type { Iso18626Version } from './codeLists.js';

export type MessageKind =
  | 'request'
  | 'requestConfirmation'
  | 'supplyingAgencyMessage'
  | 'supplyingAgencyMessageConfirmation'
  | 'requestingAgencyMessage'
  | 'requestingAgencyMessageConfirmation';

export const MESSAGE_KINDS = [
  'request',
  'requestConfirmation',
  'supplyingAgencyMessage',
  'supplyingAgencyMessageConfirmation',
  'requestingAgencyMessage',
  'requestingAgencyMessageConfirmation',
] as const satisfies readonly MessageKind[];

/** type_schemeValuePair: an open code list value with an optional scheme URI. */
export interface SchemeValue {
  value: string;
  scheme?: string;
}

/** type_agencyId */
export interface AgencyId {
  agencyIdType: SchemeValue;
  agencyIdValue: string;
}

/** type_costs */
export interface Costs {
  currencyCode: SchemeValue;
  /** xs:decimal, lexical form kept as sent (e.g. "99.99"). */
  monetaryValue: string;
}

export interface RequestingAgencyAuthentication {
  accountId?: string;
  securityCode?: string;
}

/**
 * Message header of request, supplyingAgencyMessage and requestingAgencyMessage.
 * 1.x has one header for all three; 2021 has one per message type (which fields each has is noted).
 */
export interface Header {
  /** Mandatory everywhere except the 2021 request header (transfer requests). */
  supplyingAgencyId?: AgencyId;
  requestingAgencyId: AgencyId;
  /** (2021 only) request and requestingAgencyMessage headers. */
  consortialId?: AgencyId;
  /** (1.2+) mandatory-but-often-empty in the 1.2 XSD; 2021: request header only. An empty element is read as absent. */
  multipleItemRequestId?: string;
  /** xs:dateTime */
  timestamp: string;
  requestingAgencyRequestId: string;
  /** 1.x: all headers; 2021: supplyingAgencyMessage and requestingAgencyMessage headers. */
  supplyingAgencyRequestId?: string;
  /** 1.x: all headers; 2021: request and requestingAgencyMessage headers. */
  requestingAgencyAuthentication?: RequestingAgencyAuthentication;
}

/** Header whose supplying agency is mandatory (supplyingAgencyMessage, requestingAgencyMessage). */
export type SupplierAddressedHeader = Header & { supplyingAgencyId: AgencyId };

export interface ConfirmationHeader {
  supplyingAgencyId?: AgencyId;
  requestingAgencyId?: AgencyId;
  /** xs:dateTime */
  timestamp: string;
  requestingAgencyRequestId?: string;
  /** (1.2 only) */
  multipleItemRequestId?: string;
  /** xs:dateTime */
  timestampReceived: string;
  messageStatus: MessageStatus;
}

export interface ErrorData {
  errorType: ErrorType;
  errorValue?: string;
}

export interface ElectronicAddress {
  electronicAddressType: SchemeValue;
  electronicAddressData: string;
}

export interface PhysicalAddress {
  line1?: string;
  line2?: string;
  locality?: string;
  postalCode?: string;
  /** 1.x: scheme/value pair (ISO 3166-2); 2021: plain string (the scheme is not written). */
  region?: SchemeValue;
  /** ISO 3166-1 */
  country?: SchemeValue;
}

/** xs:choice of electronicAddress | physicalAddress */
export type Address =
  | { electronicAddress: ElectronicAddress; physicalAddress?: undefined }
  | { physicalAddress: PhysicalAddress; electronicAddress?: undefined };

export interface BibliographicItemId {
  bibliographicItemIdentifier: string;
  bibliographicItemIdentifierCode: SchemeValue;
}

export interface BibliographicRecordId {
  bibliographicRecordIdentifierCode: SchemeValue;
  bibliographicRecordIdentifier: string;
}

export interface BibliographicInfo {
  supplierUniqueRecordId?: string;
  title?: string;
  author?: string;
  /** (2021 only) ISNI of the author. */
  authorId?: string;
  subtitle?: string;
  seriesTitle?: string;
  edition?: string;
  titleOfComponent?: string;
  authorOfComponent?: string;
  /** Repeatable in 2021; 1.x carries one (several are joined with "; " when written as 1.x). */
  volume?: string[];
  issue?: string;
  pagesRequested?: string;
  estimatedNoPages?: string;
  bibliographicItemId?: BibliographicItemId[];
  sponsor?: string;
  informationSource?: string;
  bibliographicRecordId?: BibliographicRecordId[];
}

export interface PublicationInfo {
  publisher?: string;
  /** (2021 only) ISNI of the publisher. */
  publisherId?: string;
  publicationType?: SchemeValue;
  publicationDate?: string;
  placeOfPublication?: string;
}

export interface ServiceInfo {
  requestType?: RequestType;
  /** (1.2+) at most 3 in 1.2, unbounded in 2021. */
  requestSubType?: RequestSubType[];
  requestingAgencyPreviousRequestId?: string;
  serviceType: ServiceType;
  serviceLevel?: SchemeValue;
  /** 2021 itemFormat ⇔ 1.x preferredFormat. */
  itemFormat?: SchemeValue;
  /** xs:dateTime */
  needBeforeDate?: string;
  copyrightCompliance?: SchemeValue;
  /** Deprecated in 2021 in favour of preferredEdition. */
  anyEdition?: YesNo;
  /** (2021 only) */
  preferredEdition?: PreferredEdition;
  /** (2021 only) */
  loanCondition?: SchemeValue[];
  /** (1.2+) xs:dateTime */
  startDate?: string;
  /** (1.2+) xs:dateTime */
  endDate?: string;
  note?: string;
}

export interface SupplierInfo {
  /** xs:integer; non-negative in 2021. */
  sortOrder?: number;
  supplierCode?: AgencyId;
  supplierDescription?: string;
  bibliographicRecordId?: BibliographicRecordId;
  callNumber?: string;
  summaryHoldings?: string;
  availabilityNote?: string;
}

export interface RequestedDeliveryInfo {
  /** xs:integer; non-negative in 2021. */
  sortOrder?: number;
  address?: Address;
  /** (2021 only) */
  deliveryMethod?: SchemeValue;
  /** (2021 only) */
  courierName?: SchemeValue;
}

export interface RequestingAgencyInfo {
  name?: string;
  contactName?: string;
  address?: Address[];
}

export interface PatronInfo {
  patronId?: string;
  surname?: string;
  givenName?: string;
  patronType?: SchemeValue;
  sendToPatron?: YesNo;
  address?: Address[];
}

export interface BillingInfo {
  paymentMethod?: SchemeValue;
  maximumCosts?: Costs;
  billingMethod?: SchemeValue;
  billingName?: string;
  address?: Address;
}

export interface MessageInfo {
  reasonForMessage: ReasonForMessage;
  answerYesNo?: YesNo;
  note?: string;
  reasonUnfilled?: SchemeValue;
  reasonRetry?: SchemeValue;
}

export interface StatusInfo {
  status: Status;
  /** xs:dateTime */
  expectedDeliveryDate?: string;
  /** xs:dateTime */
  dueDate?: string;
  /** xs:dateTime */
  lastChange: string;
}

/**
 * 2021 retryInfo. In 1.x only offeredCosts (first), retryAfter and retryBefore exist, inside
 * messageInfo; the 1.x parser puts them here and the 1.x builder writes them there.
 */
export interface RetryInfo {
  loanCondition?: SchemeValue[];
  edition?: string[];
  itemFormat?: SchemeValue[];
  volume?: string[];
  serviceType?: ServiceType;
  serviceLevel?: SchemeValue[];
  deliveryMethod?: SchemeValue[];
  courierName?: SchemeValue[];
  offeredCosts?: Costs[];
  paymentMethod?: SchemeValue[];
  /** xs:dateTime */
  retryBefore?: string;
  /** xs:dateTime */
  retryAfter?: string;
}

export interface DeliveryInfo {
  /** xs:dateTime */
  dateSent: string;
  /** Repeatable in 2021; 1.x carries the first. */
  itemId?: string[];
  /** (2021 only) */
  URL?: string;
  /** 2021 deliveryMethod ⇔ 1.x sentVia. */
  deliveryMethod?: SchemeValue;
  /** (2021 only) */
  address?: Address;
  sentToPatron?: boolean;
  /** Repeatable in 2021; 1.x carries the first. */
  loanCondition?: SchemeValue[];
  /** 2021 itemFormat ⇔ 1.x deliveredFormat. */
  itemFormat?: SchemeValue;
  /** (2021 only) */
  serviceType?: ServiceType;
  /** Repeatable in 2021; 1.x carries the first. */
  deliveryCosts?: Costs[];
  /** (2021 only) */
  paymentMethod?: SchemeValue;
}

/** (2021 only) */
export interface ShippingInfo {
  courierName?: SchemeValue;
  trackingId?: string[];
  insurance?: YesNo;
  insuranceThirdParty?: YesNo;
  thirdPartyName?: string;
  insuranceCosts?: Costs[];
}

export interface ReturnInfo {
  returnAgencyId?: AgencyId;
  name?: string;
  physicalAddress?: PhysicalAddress;
}

export interface RequestMessage {
  kind: 'request';
  header: Header;
  bibliographicInfo: BibliographicInfo;
  publicationInfo?: PublicationInfo;
  /** Optional in 1.x, mandatory in 2021. */
  serviceInfo?: ServiceInfo;
  supplierInfo?: SupplierInfo[];
  requestedDeliveryInfo?: RequestedDeliveryInfo[];
  requestingAgencyInfo?: RequestingAgencyInfo;
  patronInfo?: PatronInfo;
  billingInfo?: BillingInfo;
}

export interface SupplyingAgencyMessage {
  kind: 'supplyingAgencyMessage';
  header: SupplierAddressedHeader;
  messageInfo: MessageInfo;
  statusInfo: StatusInfo;
  /** 2021 element; see RetryInfo for 1.x. */
  retryInfo?: RetryInfo;
  deliveryInfo?: DeliveryInfo;
  /** (2021 only) */
  shippingInfo?: ShippingInfo;
  returnInfo?: ReturnInfo;
}

export interface RequestingAgencyMessage {
  kind: 'requestingAgencyMessage';
  header: SupplierAddressedHeader;
  action: Action;
  note?: string;
}

/** errorData: at most one in 1.x (the first is written), unbounded in 2021. */
export interface RequestConfirmation {
  kind: 'requestConfirmation';
  confirmationHeader: ConfirmationHeader;
  errorData?: ErrorData[];
}

export interface SupplyingAgencyMessageConfirmation {
  kind: 'supplyingAgencyMessageConfirmation';
  confirmationHeader: ConfirmationHeader;
  reasonForMessage?: ReasonForMessage;
  errorData?: ErrorData[];
}

export interface RequestingAgencyMessageConfirmation {
  kind: 'requestingAgencyMessageConfirmation';
  confirmationHeader: ConfirmationHeader;
  action?: Action;
  errorData?: ErrorData[];
}

export type Iso18626Message =
  | RequestMessage
  | RequestConfirmation
  | SupplyingAgencyMessage
  | SupplyingAgencyMessageConfirmation
  | RequestingAgencyMessage
  | RequestingAgencyMessageConfirmation;

export type ConfirmationMessage =
  | RequestConfirmation
  | SupplyingAgencyMessageConfirmation
  | RequestingAgencyMessageConfirmation;

export type ConfirmationKind = ConfirmationMessage['kind'];
