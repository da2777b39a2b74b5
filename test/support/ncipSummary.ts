/** A flat summary of the key fields of a parsed NCIP message, for table-driven assertions. */
import type { ItemId, NcipHeader, NcipMessage, UserId } from '../../src/protocols/ncip/index.js';

export interface NcipSummary {
  kind: string;
  from?: string;
  to?: string;
  user?: string;
  item?: string;
  request?: string;
  due?: string;
  problem?: string;
}

function first<T>(v: T | T[] | undefined): T | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function summarise(message: NcipMessage): NcipSummary {
  const b = message.body;
  const header: NcipHeader | undefined = b.initiationHeader ?? b.responseHeader;
  const s: NcipSummary = { kind: message.kind };
  const set = (key: keyof NcipSummary, value: string | undefined): void => {
    if (value !== undefined) s[key] = value;
  };
  set('from', header?.fromAgencyId.agencyId.value);
  set('to', header?.toAgencyId.agencyId.value);
  set('user', first<UserId>(b.userId)?.userIdentifierValue);
  set('item', first<ItemId>(b.itemId)?.itemIdentifierValue);
  set('request', b.requestId?.requestIdentifierValue);
  set('due', b.dateDue ?? b.dateForReturn);
  set('problem', b.problem?.[0]?.problemType.value);
  return s;
}
