import type { BibliographicDescription, NcipBody, NcipStruct, NcipValue, UserId } from '../../../protocols/ncip/index.js';
import { exchange, type ExchangeRecord, type IlsResult } from './exchange.js';
import type { NcipConnection } from './transport.js';

/**
 * One function per NCIP service Interlend asks of an institution's own ILS. Each builds its
 * message, sends it and reads the typed parts of the answer; failures are results (exchange.ts).
 */

/** What the ILS tells about a patron. */
export interface IlsUser {
  userId: string;
  name?: string;
  /** BlockOrTrap types the ILS reports; any one means the patron may not borrow. */
  blocks: string[];
}

export interface IlsLoan {
  itemId: string;
  userId?: string;
  /** ISO instant; absent when the ILS gives none (indeterminate loan, non-returnable). */
  dueDate?: string;
  renewalCount?: number;
}

const user = (userId: string): UserId => ({ userIdentifierValue: userId });
const item = (itemId: string) => ({ itemIdentifierValue: itemId });

function first<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function asStruct(value: NcipValue | undefined): NcipStruct | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as NcipStruct) : undefined;
}

function asArray(value: NcipValue | undefined): NcipValue[] {
  // Ext content (raw XmlElement[]) is never read here, so arrays are NcipValue lists.
  return value === undefined ? [] : Array.isArray(value) ? (value as NcipValue[]) : [value];
}

function schemeValue(value: NcipValue | undefined): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.value === 'string' ? value.value : undefined;
}

/** "Given Surname", or the unstructured name, from UserOptionalFields/NameInformation. */
export function userNameOf(optional: NcipStruct | undefined): string | undefined {
  const personal = asStruct(asStruct(optional?.nameInformation)?.personalNameInformation);
  if (!personal) return undefined;
  if (typeof personal.unstructuredPersonalUserName === 'string') return personal.unstructuredPersonalUserName;
  const structured = asStruct(personal.structuredPersonalUserName);
  const parts = [structured?.givenName, structured?.surname].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function userBlocksOf(optional: NcipStruct | undefined): string[] {
  return asArray(optional?.blockOrTrap)
    .map((block) => schemeValue(asStruct(block)?.blockOrTrapType))
    .filter((type): type is string => type !== undefined);
}

function loanOf(response: NcipBody, fallbackItemId: string): IlsLoan {
  const loan: IlsLoan = { itemId: first(response.itemId)?.itemIdentifierValue ?? fallbackItemId };
  const userId = first(response.userId)?.userIdentifierValue;
  if (userId) loan.userId = userId;
  if (response.dateDue) loan.dueDate = response.dateDue;
  if (response.renewalCount !== undefined) loan.renewalCount = response.renewalCount;
  return loan;
}

/** Validates a patron: name and blocks. */
export async function lookupUser(connection: NcipConnection, userId: string, record?: ExchangeRecord): Promise<IlsResult<{ user: IlsUser }>> {
  const body: NcipBody = { userId: user(userId), userElementType: [{ value: 'Name Information' }, { value: 'Block Or Trap' }] };
  const result = await exchange(connection, 'LookupUser', body, record);
  if (!result.ok) return result;
  const optional = asStruct(result.response.userOptionalFields);
  const name = userNameOf(optional);
  const found: IlsUser = { userId: first(result.response.userId)?.userIdentifierValue ?? userId, blocks: userBlocksOf(optional), ...(name ? { name } : {}) };
  return { ok: true, user: found };
}

export interface AcceptItemInput {
  /** Our request id (the borrowing request number). */
  requestId: string;
  itemId: string;
  userId: string;
  bibliographic: BibliographicDescription;
  pickupLocation?: string;
  /** The lender's due date, an ISO instant; the ILS's DateForReturn. */
  dueDate?: string;
}

/** Tells the ILS a borrowed item arrived and is to be held for the patron (receive). */
export async function acceptItem(connection: NcipConnection, input: AcceptItemInput, record?: ExchangeRecord): Promise<IlsResult<{ requestId: string; itemId?: string }>> {
  const body: NcipBody = {
    requestId: { requestIdentifierValue: input.requestId },
    requestedActionType: { value: 'Hold For Pickup' },
    userId: user(input.userId),
    itemId: item(input.itemId),
    ...(input.dueDate ? { dateForReturn: input.dueDate } : {}),
    itemOptionalFields: { bibliographicDescription: input.bibliographic },
    ...(input.pickupLocation ? { pickupLocation: { value: input.pickupLocation } } : {}),
  };
  const result = await exchange(connection, 'AcceptItem', body, record);
  if (!result.ok) return result;
  const itemId = first(result.response.itemId)?.itemIdentifierValue;
  return { ok: true, requestId: result.response.requestId?.requestIdentifierValue ?? input.requestId, ...(itemId ? { itemId } : {}) };
}

/** Lends an item to a patron (or, lending side, to the borrowing institution's ILS user). */
export async function checkOutItem(connection: NcipConnection, itemId: string, userId: string, dueDate?: string, record?: ExchangeRecord): Promise<IlsResult<{ loan: IlsLoan }>> {
  const body: NcipBody = { userId: user(userId), itemId: item(itemId), ...(dueDate ? { desiredDateDue: dueDate } : {}) };
  const result = await exchange(connection, 'CheckOutItem', body, record);
  return result.ok ? { ok: true, loan: loanOf(result.response, itemId) } : result;
}

/** Returns an item (patron return, or the lender's check-in). */
export async function checkInItem(connection: NcipConnection, itemId: string, record?: ExchangeRecord): Promise<IlsResult<{ itemId: string; userId?: string }>> {
  const result = await exchange(connection, 'CheckInItem', { itemId: item(itemId) }, record);
  if (!result.ok) return result;
  const userId = first(result.response.userId)?.userIdentifierValue;
  return { ok: true, itemId: first(result.response.itemId)?.itemIdentifierValue ?? itemId, ...(userId ? { userId } : {}) };
}

/** RenewItem's body; `desiredDateDue` (an ISO instant) asks for that due date, e.g. the one the lender granted. */
export function renewItemBody(itemId: string, userId: string, desiredDateDue?: string): NcipBody {
  return { userId: user(userId), itemId: item(itemId), ...(desiredDateDue ? { desiredDateDue } : {}) };
}

export async function renewItem(connection: NcipConnection, itemId: string, userId: string, record?: ExchangeRecord): Promise<IlsResult<{ loan: IlsLoan; pending: boolean }>> {
  const result = await exchange(connection, 'RenewItem', renewItemBody(itemId, userId), record);
  if (!result.ok) return result;
  return { ok: true, loan: loanOf(result.response, itemId), pending: result.response.pending !== undefined };
}

/** Removes the temporary item from the ILS when the borrowing request closes. */
export function deleteItemBody(itemId: string): NcipBody {
  return { itemId: item(itemId) };
}

export async function deleteItem(connection: NcipConnection, itemId: string, record?: ExchangeRecord): Promise<IlsResult<{ itemId: string }>> {
  const result = await exchange(connection, 'DeleteItem', deleteItemBody(itemId), record);
  return result.ok ? { ok: true, itemId: first(result.response.itemId)?.itemIdentifierValue ?? itemId } : result;
}

export interface RequestItemInput {
  /** The ILS user standing for the borrowing institution. */
  userId: string;
  itemId: string;
  /** Our lending request id. */
  requestId: string;
  requestType?: 'Loan' | 'Hold' | 'Page';
  pickupLocation?: string;
}

/** Lending side: asks the ILS to page (pull) an item for a partner's request. */
export async function requestItem(connection: NcipConnection, input: RequestItemInput, record?: ExchangeRecord): Promise<IlsResult<{ requestId?: string; itemId?: string }>> {
  const body: NcipBody = {
    userId: user(input.userId),
    itemId: [item(input.itemId)],
    requestId: { requestIdentifierValue: input.requestId },
    requestType: { value: input.requestType ?? 'Page' },
    requestScopeType: { value: 'Item' },
    ...(input.pickupLocation ? { pickupLocation: { value: input.pickupLocation } } : {}),
  };
  const result = await exchange(connection, 'RequestItem', body, record);
  if (!result.ok) return result;
  const requestId = result.response.requestId?.requestIdentifierValue;
  const itemId = first(result.response.itemId)?.itemIdentifierValue;
  return { ok: true, ...(requestId ? { requestId } : {}), ...(itemId ? { itemId } : {}) };
}
