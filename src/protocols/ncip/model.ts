/**
 * The NCIP message model. It is derived mechanically from the XSD (grammar.table.ts), so every
 * one of the 2.02 messages is represented, not only the ones issue 6 uses:
 * - an element becomes a property named after it in camelCase (ItemIdentifierValue →
 *   itemIdentifierValue); an element that may repeat where it stands becomes an array;
 * - SchemeValuePair elements are `{ scheme?, value }`; xs:string and xs:dateTime are strings
 *   (dateTimes checked lexically); integer types are numbers; empty flag elements are `true`;
 * - `Ext` is kept raw (its child elements, any namespace) and written back unchanged.
 * The interfaces below name the parts the circulation code reads; anything else a message may
 * carry is still present (as an NcipValue) and survives parse → build.
 */
import type { XmlElement } from '../iso18626/xml.js';

export const NCIP_NAMESPACE = 'http://www.niso.org/2008/ncip';

export type NcipVersion = '2.0' | '2.01' | '2.02';

export const VERSION_ATTRIBUTE: Record<NcipVersion, string> = {
  '2.0': 'http://www.niso.org/schemas/ncip/v2_0/imp1/xsd/ncip_v2_0.xsd',
  '2.01': 'http://www.niso.org/schemas/ncip/v2_01/ncip_v2_01.xsd',
  '2.02': 'http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd',
};

export interface SchemeValue {
  scheme?: string;
  value: string;
}

export type NcipValue = string | number | true | SchemeValue | XmlElement[] | NcipStruct | NcipValue[];
export interface NcipStruct {
  [key: string]: NcipValue | undefined;
}

export interface AgencyRef extends NcipStruct {
  agencyId: SchemeValue;
}

export interface NcipHeader extends NcipStruct {
  fromSystemId?: SchemeValue;
  fromAgencyId: AgencyRef;
  onBehalfOfAgency?: AgencyRef;
  toSystemId?: SchemeValue;
  toAgencyId: AgencyRef;
  applicationProfileType?: SchemeValue;
}

export interface UserId extends NcipStruct {
  agencyId?: SchemeValue;
  userIdentifierType?: SchemeValue;
  userIdentifierValue: string;
}

export interface ItemId extends NcipStruct {
  agencyId?: SchemeValue;
  itemIdentifierType?: SchemeValue;
  itemIdentifierValue: string;
}

export interface RequestId extends NcipStruct {
  agencyId?: SchemeValue;
  requestIdentifierType?: SchemeValue;
  requestIdentifierValue: string;
}

export interface BibliographicItemId extends NcipStruct {
  bibliographicItemIdentifier: string;
  bibliographicItemIdentifierCode?: SchemeValue;
}

export interface BibliographicRecordId extends NcipStruct {
  bibliographicRecordIdentifier: string;
  agencyId?: SchemeValue;
  bibliographicRecordIdentifierCode?: SchemeValue;
}

export interface BibliographicDescription extends NcipStruct {
  author?: string;
  bibliographicItemId?: BibliographicItemId;
  bibliographicRecordId?: BibliographicRecordId[];
  edition?: string;
  publicationDate?: string;
  publisher?: string;
  title?: string;
  mediumType?: SchemeValue;
}

export interface ItemOptionalFields extends NcipStruct {
  bibliographicDescription?: BibliographicDescription;
  circulationStatus?: SchemeValue;
  dateDue?: string;
}

export interface NcipProblem extends NcipStruct {
  problemType: SchemeValue;
  problemDetail?: string;
  problemElement?: string;
  problemValue?: string;
}

/** The fields the circulation code reads; which of them a kind allows is the XSD's business. */
export interface NcipBody extends NcipStruct {
  initiationHeader?: NcipHeader;
  responseHeader?: NcipHeader;
  userId?: UserId | UserId[];
  itemId?: ItemId | ItemId[];
  requestId?: RequestId;
  requestType?: SchemeValue;
  requestScopeType?: SchemeValue;
  requestedActionType?: SchemeValue;
  dateDue?: string;
  dateForReturn?: string;
  desiredDateDue?: string;
  renewalCount?: number;
  pickupLocation?: SchemeValue;
  pickupExpiryDate?: string;
  itemOptionalFields?: ItemOptionalFields;
  problem?: NcipProblem[];
  ext?: XmlElement[];
}

/** One NCIP message: `kind` is the element inside NCIPMessage (or 'Problem' for a bare problem list). */
export interface NcipMessage {
  kind: string;
  body: NcipBody;
}

/** camelCase property name of an element. */
export function keyOf(elementName: string): string {
  return elementName.charAt(0).toLowerCase() + elementName.slice(1);
}
