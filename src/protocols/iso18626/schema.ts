/**
 * The ISO 18626 schemas as data: for each version, every complex element's children in XSD
 * sequence order with their type, cardinality and model field name. The parser, the builder
 * and the version projection are all driven by these tables, so element order and cardinality
 * are defined in exactly one place.
 *
 * Layouts
 * - 'read1x'  : how 1.1 and 1.2 messages are read (the 1.2 schema; 1.1 is a subset of it, so
 *               1.2-only elements are tolerated in 1.1 messages). header/multipleItemRequestId
 *               is treated as optional (the 2021 XSD notes it was "erroneously mandatory").
 * - '1.1'/'1.2'/'2021': what the builder writes for that version.
 *
 * Field keys are model names (model.ts). The 1.x messageInfo carries offeredCosts, retryAfter
 * and retryBefore, which the model keeps in retryInfo (moved in project.ts).
 */
import {
  ACTIONS_2021,
  ACTIONS_V1,
  ERROR_TYPES,
  MESSAGE_STATUSES,
  PREFERRED_EDITIONS,
  REASONS_FOR_MESSAGE,
  REQUEST_SUB_TYPES,
  REQUEST_TYPES,
  SERVICE_TYPES,
  STATUSES_2021,
  STATUSES_V1,
  YES_NO,
  type ErrorType,
  type Iso18626Version,
} from './codeLists.js';
import type { MessageKind } from './model.js';

export type Layout = '1.1' | '1.2' | '2021' | 'read1x';

export type LeafType =
  | { t: 'string' }
  | { t: 'dateTime' }
  | { t: 'integer'; min?: number }
  | { t: 'decimal' }
  | { t: 'boolean' }
  | { t: 'code'; list: readonly string[]; unknownError?: ErrorType }
  | { t: 'schemeValue' }
  /** A SchemeValue in the model written as a plain xs:string (2021 physicalAddress/region). */
  | { t: 'schemeValueAsString' };

export interface ComplexType {
  t: 'complex';
  fields: Field[];
  /** xs:choice: exactly one of the fields. */
  choice?: boolean;
}

export type FieldType = LeafType | ComplexType;

export interface Field {
  /** Element local name. */
  xml: string;
  /** Model property name. */
  key: string;
  type: FieldType;
  min: 0 | 1;
  /** Maximum occurrences in this version (Infinity for unbounded). */
  max: number;
  /** The model property is an array (the element repeats in at least one version). */
  array: boolean;
  /** Builder writes an empty element when the value is absent (1.2 header/multipleItemRequestId). */
  writeEmptyWhenAbsent?: boolean;
}

const STRING: LeafType = { t: 'string' };
const DATE_TIME: LeafType = { t: 'dateTime' };
const DECIMAL: LeafType = { t: 'decimal' };
const BOOLEAN: LeafType = { t: 'boolean' };
const SV: LeafType = { t: 'schemeValue' };
const YN: LeafType = { t: 'code', list: YES_NO };
const SERVICE_TYPE: LeafType = { t: 'code', list: SERVICE_TYPES };

interface FieldOptions {
  key?: string;
  min?: 0 | 1;
  max?: number;
  array?: boolean;
  writeEmptyWhenAbsent?: boolean;
}

/** Optional, single element (the common case). */
function opt(xml: string, type: FieldType, o: FieldOptions = {}): Field {
  const max = o.max ?? 1;
  return {
    xml,
    key: o.key ?? xml,
    type,
    min: o.min ?? 0,
    max,
    array: o.array ?? max > 1,
    ...(o.writeEmptyWhenAbsent ? { writeEmptyWhenAbsent: true } : {}),
  };
}

function req(xml: string, type: FieldType, o: FieldOptions = {}): Field {
  return opt(xml, type, { ...o, min: 1 });
}

/** Optional element that repeats in this version. */
function many(xml: string, type: FieldType, max = Infinity): Field {
  return opt(xml, type, { max, array: true });
}

function complex(fields: (Field | false)[], choice = false): ComplexType {
  return { t: 'complex', fields: fields.filter((f): f is Field => f !== false), ...(choice ? { choice } : {}) };
}

function buildLayout(layout: Layout): Record<MessageKind, ComplexType> {
  const is2021 = layout === '2021';
  const isV1 = !is2021;
  /** Has the 1.2 additions (1.2 builder, and the 1.x reader). */
  const has12 = layout === '1.2' || layout === 'read1x' || is2021;

  const agencyId = complex([req('agencyIdType', SV), req('agencyIdValue', STRING)]);
  const costs = complex([req('currencyCode', SV), req('monetaryValue', DECIMAL)]);
  const sortOrder: LeafType = is2021 ? { t: 'integer', min: 0 } : { t: 'integer' };

  const physicalAddress = complex([
    opt('line1', STRING),
    opt('line2', STRING),
    opt('locality', STRING),
    opt('postalCode', STRING),
    opt('region', is2021 ? { t: 'schemeValueAsString' } : SV),
    opt('country', SV),
  ]);
  const electronicAddress = complex([req('electronicAddressType', SV), req('electronicAddressData', STRING)]);
  const address = complex([opt('electronicAddress', electronicAddress), opt('physicalAddress', physicalAddress)], true);

  const bibliographicRecordId = complex([
    req('bibliographicRecordIdentifierCode', SV),
    req('bibliographicRecordIdentifier', STRING),
  ]);
  const bibliographicItemId = complex(
    is2021
      ? [req('bibliographicItemIdentifierCode', SV), req('bibliographicItemIdentifier', STRING)]
      : [req('bibliographicItemIdentifier', STRING), req('bibliographicItemIdentifierCode', SV)],
  );
  const authentication = complex([opt('accountId', STRING), opt('securityCode', STRING)]);

  const multipleItemRequestIdV1 =
    layout === '1.2'
      ? opt('multipleItemRequestId', STRING, { writeEmptyWhenAbsent: true })
      : layout === 'read1x' && opt('multipleItemRequestId', STRING);

  const headerV1 = complex([
    req('supplyingAgencyId', agencyId),
    req('requestingAgencyId', agencyId),
    multipleItemRequestIdV1,
    req('timestamp', DATE_TIME),
    req('requestingAgencyRequestId', STRING),
    opt('supplyingAgencyRequestId', STRING),
    opt('requestingAgencyAuthentication', authentication),
  ]);
  const requestHeader = is2021
    ? complex([
        opt('supplyingAgencyId', agencyId),
        req('requestingAgencyId', agencyId),
        opt('consortialId', agencyId),
        opt('multipleItemRequestId', STRING),
        req('timestamp', DATE_TIME),
        req('requestingAgencyRequestId', STRING),
        opt('requestingAgencyAuthentication', authentication),
      ])
    : headerV1;
  const supplyingAgencyMessageHeader = is2021
    ? complex([
        req('supplyingAgencyId', agencyId),
        req('requestingAgencyId', agencyId),
        req('timestamp', DATE_TIME),
        req('requestingAgencyRequestId', STRING),
        opt('supplyingAgencyRequestId', STRING),
      ])
    : headerV1;
  const requestingAgencyMessageHeader = is2021
    ? complex([
        req('supplyingAgencyId', agencyId),
        req('requestingAgencyId', agencyId),
        opt('consortialId', agencyId),
        req('timestamp', DATE_TIME),
        req('requestingAgencyRequestId', STRING),
        opt('supplyingAgencyRequestId', STRING),
        opt('requestingAgencyAuthentication', authentication),
      ])
    : headerV1;

  const confirmationHeader = complex([
    opt('supplyingAgencyId', agencyId),
    opt('requestingAgencyId', agencyId),
    req('timestamp', DATE_TIME),
    opt('requestingAgencyRequestId', STRING),
    isV1 && has12 && opt('multipleItemRequestId', STRING),
    req('timestampReceived', DATE_TIME),
    req('messageStatus', { t: 'code', list: MESSAGE_STATUSES }),
  ]);
  const errorData = complex([req('errorType', { t: 'code', list: ERROR_TYPES }), opt('errorValue', STRING)]);
  const errorDataField = is2021 ? many('errorData', errorData) : opt('errorData', errorData, { array: true });

  const bibliographicInfo = complex([
    opt('supplierUniqueRecordId', STRING),
    opt('title', STRING),
    opt('author', STRING),
    is2021 && opt('authorId', STRING),
    opt('subtitle', STRING),
    opt('seriesTitle', STRING),
    opt('edition', STRING),
    opt('titleOfComponent', STRING),
    opt('authorOfComponent', STRING),
    is2021 ? many('volume', STRING) : opt('volume', STRING, { array: true }),
    opt('issue', STRING),
    opt('pagesRequested', STRING),
    opt('estimatedNoPages', STRING),
    many('bibliographicItemId', bibliographicItemId),
    opt('sponsor', STRING),
    opt('informationSource', STRING),
    many('bibliographicRecordId', bibliographicRecordId),
  ]);
  const publicationInfo = complex([
    opt('publisher', STRING),
    is2021 && opt('publisherId', STRING),
    opt('publicationType', SV),
    opt('publicationDate', STRING),
    opt('placeOfPublication', STRING),
  ]);
  const requestSubType: LeafType = { t: 'code', list: REQUEST_SUB_TYPES };
  const serviceInfo = complex([
    opt('requestType', { t: 'code', list: REQUEST_TYPES }),
    has12 && (is2021 ? many('requestSubType', requestSubType) : many('requestSubType', requestSubType, 3)),
    opt('requestingAgencyPreviousRequestId', STRING),
    req('serviceType', SERVICE_TYPE),
    opt('serviceLevel', SV),
    is2021 ? opt('itemFormat', SV) : opt('preferredFormat', SV, { key: 'itemFormat' }),
    opt('needBeforeDate', DATE_TIME),
    opt('copyrightCompliance', SV),
    opt('anyEdition', YN),
    is2021 && opt('preferredEdition', { t: 'code', list: PREFERRED_EDITIONS }),
    is2021 && many('loanCondition', SV),
    has12 && opt('startDate', DATE_TIME),
    has12 && opt('endDate', DATE_TIME),
    opt('note', STRING),
  ]);
  const supplierInfo = complex([
    opt('sortOrder', sortOrder),
    opt('supplierCode', agencyId),
    opt('supplierDescription', STRING),
    opt('bibliographicRecordId', bibliographicRecordId),
    opt('callNumber', STRING),
    opt('summaryHoldings', STRING),
    opt('availabilityNote', STRING),
  ]);
  const requestedDeliveryInfo = complex([
    opt('sortOrder', sortOrder),
    opt('address', address),
    is2021 && opt('deliveryMethod', SV),
    is2021 && opt('courierName', SV),
  ]);
  const requestingAgencyInfo = complex([opt('name', STRING), opt('contactName', STRING), many('address', address)]);
  const patronInfo = complex([
    opt('patronId', STRING),
    opt('surname', STRING),
    opt('givenName', STRING),
    opt('patronType', SV),
    opt('sendToPatron', YN),
    many('address', address),
  ]);
  const billingInfo = complex([
    opt('paymentMethod', SV),
    opt('maximumCosts', costs),
    opt('billingMethod', SV),
    opt('billingName', STRING),
    opt('address', address),
  ]);

  const messageInfo = complex([
    req('reasonForMessage', { t: 'code', list: REASONS_FOR_MESSAGE, unknownError: 'UnsupportedReasonForMessageType' }),
    opt('answerYesNo', YN),
    opt('note', STRING),
    opt('reasonUnfilled', SV),
    opt('reasonRetry', SV),
    isV1 && opt('offeredCosts', costs),
    isV1 && opt('retryAfter', DATE_TIME),
    isV1 && opt('retryBefore', DATE_TIME),
  ]);
  const statusInfo = complex([
    req('status', { t: 'code', list: is2021 ? STATUSES_2021 : STATUSES_V1 }),
    opt('expectedDeliveryDate', DATE_TIME),
    opt('dueDate', DATE_TIME),
    req('lastChange', DATE_TIME),
  ]);
  const retryInfo = complex([
    many('loanCondition', SV),
    many('edition', STRING),
    many('itemFormat', SV),
    many('volume', STRING),
    opt('serviceType', SERVICE_TYPE),
    many('serviceLevel', SV),
    many('deliveryMethod', SV),
    many('courierName', SV),
    many('offeredCosts', costs),
    many('paymentMethod', SV),
    opt('retryBefore', DATE_TIME),
    opt('retryAfter', DATE_TIME),
  ]);
  const deliveryInfo = is2021
    ? complex([
        req('dateSent', DATE_TIME),
        many('itemId', STRING),
        opt('URL', STRING),
        opt('deliveryMethod', SV),
        opt('address', address),
        opt('sentToPatron', BOOLEAN),
        many('loanCondition', SV),
        opt('itemFormat', SV),
        opt('serviceType', SERVICE_TYPE),
        many('deliveryCosts', costs),
        opt('paymentMethod', SV),
      ])
    : complex([
        req('dateSent', DATE_TIME),
        opt('itemId', STRING, { array: true }),
        opt('sentVia', SV, { key: 'deliveryMethod' }),
        opt('sentToPatron', BOOLEAN),
        opt('loanCondition', SV, { array: true }),
        opt('deliveredFormat', SV, { key: 'itemFormat' }),
        opt('deliveryCosts', costs, { array: true }),
      ]);
  const shippingInfo = complex([
    opt('courierName', SV),
    many('trackingId', STRING),
    opt('insurance', YN),
    opt('insuranceThirdParty', YN),
    opt('thirdPartyName', STRING),
    many('insuranceCosts', costs),
  ]);
  const returnInfo = complex([opt('returnAgencyId', agencyId), opt('name', STRING), opt('physicalAddress', physicalAddress)]);

  const actions = is2021 ? ACTIONS_2021 : ACTIONS_V1;

  return {
    request: complex([
      req('header', requestHeader),
      req('bibliographicInfo', bibliographicInfo),
      opt('publicationInfo', publicationInfo),
      is2021 ? req('serviceInfo', serviceInfo) : opt('serviceInfo', serviceInfo),
      many('supplierInfo', supplierInfo),
      many('requestedDeliveryInfo', requestedDeliveryInfo),
      opt('requestingAgencyInfo', requestingAgencyInfo),
      opt('patronInfo', patronInfo),
      opt('billingInfo', billingInfo),
    ]),
    requestConfirmation: complex([req('confirmationHeader', confirmationHeader), errorDataField]),
    supplyingAgencyMessage: complex([
      req('header', supplyingAgencyMessageHeader),
      req('messageInfo', messageInfo),
      req('statusInfo', statusInfo),
      is2021 && opt('retryInfo', retryInfo),
      opt('deliveryInfo', deliveryInfo),
      is2021 && opt('shippingInfo', shippingInfo),
      opt('returnInfo', returnInfo),
    ]),
    supplyingAgencyMessageConfirmation: complex([
      req('confirmationHeader', confirmationHeader),
      opt('reasonForMessage', { t: 'code', list: REASONS_FOR_MESSAGE }),
      errorDataField,
    ]),
    requestingAgencyMessage: complex([
      req('header', requestingAgencyMessageHeader),
      req('action', { t: 'code', list: actions, unknownError: 'UnsupportedActionType' }),
      opt('note', STRING),
    ]),
    requestingAgencyMessageConfirmation: complex([
      req('confirmationHeader', confirmationHeader),
      opt('action', { t: 'code', list: actions }),
      errorDataField,
    ]),
  };
}

const cache = new Map<Layout, Record<MessageKind, ComplexType>>();

export function messageSchema(layout: Layout, kind: MessageKind): ComplexType {
  let schemas = cache.get(layout);
  if (!schemas) {
    schemas = buildLayout(layout);
    cache.set(layout, schemas);
  }
  return schemas[kind];
}

/** The layout used to read a message of the given version. */
export function readLayout(version: Iso18626Version): Layout {
  return version === '2021' ? '2021' : 'read1x';
}
