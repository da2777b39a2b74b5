/** ISO 18626 codec: wire format only (parse, build, confirmations). Pure, synchronous, no I/O. */
export type {
  Action,
  ErrorType,
  Iso18626Version,
  MessageStatus,
  PreferredEdition,
  ReasonForMessage,
  RequestSubType,
  RequestType,
  ServiceType,
  Status,
  YesNo,
} from './codeLists.js';
export {
  ACTIONS_2021,
  ACTIONS_V1,
  actionsFor,
  ERROR_TYPES,
  ISO18626_VERSIONS,
  MESSAGE_STATUSES,
  PREFERRED_EDITIONS,
  REASONS_FOR_MESSAGE,
  REQUEST_SUB_TYPES,
  REQUEST_TYPES,
  SERVICE_TYPES,
  STATUSES_2021,
  STATUSES_V1,
  statusesFor,
  YES_NO,
} from './codeLists.js';
export type {
  Address,
  AgencyId,
  BibliographicInfo,
  BibliographicItemId,
  BibliographicRecordId,
  BillingInfo,
  ConfirmationHeader,
  ConfirmationKind,
  ConfirmationMessage,
  Costs,
  DeliveryInfo,
  ElectronicAddress,
  ErrorData,
  Header,
  Iso18626Message,
  MessageInfo,
  MessageKind,
  PatronInfo,
  PhysicalAddress,
  PublicationInfo,
  RequestConfirmation,
  RequestedDeliveryInfo,
  RequestingAgencyAuthentication,
  RequestingAgencyInfo,
  RequestingAgencyMessage,
  RequestingAgencyMessageConfirmation,
  RequestMessage,
  RetryInfo,
  ReturnInfo,
  SchemeValue,
  ServiceInfo,
  ShippingInfo,
  StatusInfo,
  SupplierAddressedHeader,
  SupplierInfo,
  SupplyingAgencyMessage,
  SupplyingAgencyMessageConfirmation,
} from './model.js';
export { MESSAGE_KINDS } from './model.js';
export type { ParseOutcome, ProtocolIssue } from './parse.js';
export { parseIso18626 } from './parse.js';
export { buildIso18626, Iso18626BuildError, ISO18626_NAMESPACE } from './build.js';
export { toVersion } from './project.js';
export type { VersionHints } from './version.js';
export { CANONICAL_VERSION_ATTRIBUTE, detectVersion, versionFromAttribute } from './version.js';
export type { ConfirmationOptions, ConfirmationSource } from './confirmation.js';
export { confirmationFor } from './confirmation.js';
