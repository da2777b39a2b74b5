/**
 * Closed code lists of ISO 18626 (the XSD enumerations), per version where they differ.
 *
 * Open code lists (agency id types, publication types, reasons unfilled, …) are
 * `type_schemeValuePair` in the schemas and accept any value: they are not listed here.
 *
 * Version 1.1 (2014) uses the same closed lists as 1.2 (2017): the 1.2 revision only added
 * elements (multipleItemRequestId, requestSubType, startDate, endDate).
 */

export type Iso18626Version = '1.1' | '1.2' | '2021';
export const ISO18626_VERSIONS = ['1.1', '1.2', '2021'] as const satisfies readonly Iso18626Version[];

/** type_action — 1.1/1.2. */
export const ACTIONS_V1 = [
  'StatusRequest',
  'Received',
  'Cancel',
  'Renew',
  'ShippedReturn',
  'ShippedForward',
  'Notification',
] as const;
/** type_action — 2021 adds HoldReturn and Lost. */
export const ACTIONS_2021 = [
  'StatusRequest',
  'Received',
  'Cancel',
  'Renew',
  'HoldReturn',
  'ShippedReturn',
  'ShippedForward',
  'Notification',
  'Lost',
] as const;
export type Action = (typeof ACTIONS_2021)[number];

export const ERROR_TYPES = [
  'UnsupportedActionType',
  'UnsupportedReasonForMessageType',
  'UnrecognisedDataElement',
  'UnrecognisedDataValue',
  'BadlyFormedMessage',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export const MESSAGE_STATUSES = ['OK', 'ERROR'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** type_preferredEdition — 2021 only. */
export const PREFERRED_EDITIONS = ['MostRecentEdition', 'ThisEdition', 'AnyEdition'] as const;
export type PreferredEdition = (typeof PREFERRED_EDITIONS)[number];

export const REASONS_FOR_MESSAGE = [
  'RequestResponse',
  'StatusRequestResponse',
  'RenewResponse',
  'CancelResponse',
  'StatusChange',
  'Notification',
] as const;
export type ReasonForMessage = (typeof REASONS_FOR_MESSAGE)[number];

export const REQUEST_TYPES = ['New', 'Retry', 'Reminder'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** type_requestSubType — 1.2 and 2021 (not in 1.1). */
export const REQUEST_SUB_TYPES = [
  'BookingRequest',
  'MultipleItemRequest',
  'PatronRequest',
  'TransferRequest',
  'SupplyingLibrarysChoice',
] as const;
export type RequestSubType = (typeof REQUEST_SUB_TYPES)[number];

export const SERVICE_TYPES = ['Copy', 'Loan', 'CopyOrLoan'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** type_status — 1.1/1.2. */
export const STATUSES_V1 = [
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'Loaned',
  'Overdue',
  'Recalled',
  'RetryPossible',
  'Unfilled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
] as const;
/** type_status — 2021 adds HoldReturn and ReleaseHoldReturn. */
export const STATUSES_2021 = [
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'Loaned',
  'Overdue',
  'Recalled',
  'RetryPossible',
  'Unfilled',
  'HoldReturn',
  'ReleaseHoldReturn',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
] as const;
export type Status = (typeof STATUSES_2021)[number];

export const YES_NO = ['Y', 'N'] as const;
export type YesNo = (typeof YES_NO)[number];

/** The closed lists that differ between versions, looked up by version. */
export function actionsFor(version: Iso18626Version): readonly Action[] {
  return version === '2021' ? ACTIONS_2021 : ACTIONS_V1;
}

export function statusesFor(version: Iso18626Version): readonly Status[] {
  return version === '2021' ? STATUSES_2021 : STATUSES_V1;
}

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
