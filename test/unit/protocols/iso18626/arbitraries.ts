/**
 * fast-check arbitraries for ISO 18626 messages of one version ("native": only fields and
 * cardinalities that version has, so parse(build(m, v)) must deep-equal m exactly).
 * Text exercises XML-special characters, CR/LF/TAB, and unicode including astral planes.
 */
import fc from 'fast-check';
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
  type Iso18626Message,
  type Iso18626Version,
  type MessageKind,
} from '../../../../src/protocols/iso18626/index.js';

type Arb<T = unknown> = fc.Arbitrary<T>;

const specialChar = fc.constantFrom('<', '&', '>', '"', "'", ' ', '\n', '\t', '\r', ']]>', '&amp;', '<!--', '\u00e9', '\u6f22', '\u{1F600}', '\u{10FFFD}');
const asciiChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_.:/;'.split(''));
const bmpChar = fc.integer({ min: 0xa0, max: 0xd7ff }).map((cp) => String.fromCodePoint(cp));
const highBmpChar = fc.integer({ min: 0xe000, max: 0xfffd }).map((cp) => String.fromCodePoint(cp));
const astralChar = fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));

export const xmlText: Arb<string> = fc.string({
  unit: fc.oneof({ weight: 4, arbitrary: asciiChar }, { weight: 2, arbitrary: specialChar }, bmpChar, highBmpChar, astralChar),
  maxLength: 10,
});

const uriChunk = fc.string({ unit: fc.constantFrom(...'abcxyz019-._~!$&\'()*+,;=:@/?'.split(''), '%20', '%C3%A9'), maxLength: 12 });
export const uri: Arb<string> = fc.oneof(
  fc.constantFrom(
    'http://illtransactions.org/ISO18626/OpenCodeList/AgencyIdTypeList-V1.0',
    'https://www.iso.org/iso-4217-currency-codes.html',
    'urn:isbn:0451450523',
    'ISIL',
    '',
  ),
  fc.tuple(fc.constantFrom('http://example.org/', 'https://x.test/a?', 'urn:x:'), uriChunk, fc.option(uriChunk, { nil: undefined })).map(
    ([base, path, frag]) => (frag === undefined ? `${base}${path.replace(/^:/, '')}` : `${base}${path}#${frag}`),
  ),
);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export const dateTime: Arb<string> = fc
  .record({
    year: fc.integer({ min: 1900, max: 2199 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
    zone: fc.constantFrom('Z', '', '+01:00', '-05:30', '+14:00', '-12:00', '+00:00'),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone }) => {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const maxDay = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    const d = Math.min(day, maxDay);
    return `${pad(year, 4)}-${pad(month)}-${pad(d)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction ? `.${fraction}` : ''}${zone}`;
  });

const decimal: Arb<string> = fc.oneof(
  fc.stringMatching(/^[+-]?[0-9]{1,8}(\.[0-9]{0,4})?$/),
  fc.stringMatching(/^\.[0-9]{1,3}$/),
  fc.constantFrom('99.99', '0', '-0.50', '+12.'),
);

export const schemeValue: Arb<{ value: string; scheme?: string }> = fc.record(
  { value: xmlText, scheme: uri },
  { requiredKeys: ['value'] },
);

const agencyId = fc.record({ agencyIdType: schemeValue, agencyIdValue: xmlText });
const costs = fc.record({ currencyCode: schemeValue, monetaryValue: decimal });

function some<T>(arb: Arb<T>, maxLength = 3): Arb<T[]> {
  return fc.array(arb, { minLength: 1, maxLength });
}

/** Version-specific arbitraries for every message kind. */
export function messageArbitraries(version: Iso18626Version): Record<MessageKind, Arb<Iso18626Message>> {
  const is2021 = version === '2021';
  const has12 = version !== '1.1';
  const nonEmptyText = xmlText.filter((s) => s !== '');
  const sortOrder = is2021 ? fc.integer({ min: 0, max: 1_000_000 }) : fc.integer({ min: -1000, max: 1_000_000 });
  const region = is2021 ? fc.record({ value: xmlText }) : schemeValue;

  const physicalAddress = fc.record(
    { line1: xmlText, line2: xmlText, locality: xmlText, postalCode: xmlText, region, country: schemeValue },
    { requiredKeys: [] },
  );
  const address = fc.oneof(
    fc.record({ electronicAddress: fc.record({ electronicAddressType: schemeValue, electronicAddressData: xmlText }) }),
    fc.record({ physicalAddress }),
  );
  const authentication = fc.record({ accountId: xmlText, securityCode: xmlText }, { requiredKeys: [] });
  const bibliographicRecordId = fc.record({ bibliographicRecordIdentifierCode: schemeValue, bibliographicRecordIdentifier: xmlText });

  // Headers: 1.x has one header for all; 2021 one per message type.
  const v1Header = fc.record(
    {
      supplyingAgencyId: agencyId,
      requestingAgencyId: agencyId,
      ...(has12 ? { multipleItemRequestId: nonEmptyText } : {}),
      timestamp: dateTime,
      requestingAgencyRequestId: xmlText,
      supplyingAgencyRequestId: xmlText,
      requestingAgencyAuthentication: authentication,
    },
    { requiredKeys: ['supplyingAgencyId', 'requestingAgencyId', 'timestamp', 'requestingAgencyRequestId'] },
  );
  const requestHeader = is2021
    ? fc.record(
        {
          supplyingAgencyId: agencyId,
          requestingAgencyId: agencyId,
          consortialId: agencyId,
          multipleItemRequestId: nonEmptyText,
          timestamp: dateTime,
          requestingAgencyRequestId: xmlText,
          requestingAgencyAuthentication: authentication,
        },
        { requiredKeys: ['requestingAgencyId', 'timestamp', 'requestingAgencyRequestId'] },
      )
    : v1Header;
  const samHeader = is2021
    ? fc.record(
        {
          supplyingAgencyId: agencyId,
          requestingAgencyId: agencyId,
          timestamp: dateTime,
          requestingAgencyRequestId: xmlText,
          supplyingAgencyRequestId: xmlText,
        },
        { requiredKeys: ['supplyingAgencyId', 'requestingAgencyId', 'timestamp', 'requestingAgencyRequestId'] },
      )
    : v1Header;
  const ramHeader = is2021
    ? fc.record(
        {
          supplyingAgencyId: agencyId,
          requestingAgencyId: agencyId,
          consortialId: agencyId,
          timestamp: dateTime,
          requestingAgencyRequestId: xmlText,
          supplyingAgencyRequestId: xmlText,
          requestingAgencyAuthentication: authentication,
        },
        { requiredKeys: ['supplyingAgencyId', 'requestingAgencyId', 'timestamp', 'requestingAgencyRequestId'] },
      )
    : v1Header;

  const confirmationHeader = fc.record(
    {
      supplyingAgencyId: agencyId,
      requestingAgencyId: agencyId,
      timestamp: dateTime,
      requestingAgencyRequestId: xmlText,
      ...(has12 && !is2021 ? { multipleItemRequestId: nonEmptyText } : {}),
      timestampReceived: dateTime,
      messageStatus: fc.constantFrom(...MESSAGE_STATUSES),
    },
    { requiredKeys: ['timestamp', 'timestampReceived', 'messageStatus'] },
  );
  const errorData = fc.record({ errorType: fc.constantFrom(...ERROR_TYPES), errorValue: xmlText }, { requiredKeys: ['errorType'] });
  const errorDataList = some(errorData, is2021 ? 3 : 1);

  const bibliographicInfo = fc.record(
    {
      supplierUniqueRecordId: xmlText,
      title: xmlText,
      author: xmlText,
      ...(is2021 ? { authorId: xmlText } : {}),
      subtitle: xmlText,
      seriesTitle: xmlText,
      edition: xmlText,
      titleOfComponent: xmlText,
      authorOfComponent: xmlText,
      volume: some(xmlText, is2021 ? 3 : 1),
      issue: xmlText,
      pagesRequested: xmlText,
      estimatedNoPages: xmlText,
      bibliographicItemId: some(fc.record({ bibliographicItemIdentifier: xmlText, bibliographicItemIdentifierCode: schemeValue })),
      sponsor: xmlText,
      informationSource: xmlText,
      bibliographicRecordId: some(bibliographicRecordId),
    },
    { requiredKeys: [] },
  );
  const publicationInfo = fc.record(
    {
      publisher: xmlText,
      ...(is2021 ? { publisherId: xmlText } : {}),
      publicationType: schemeValue,
      publicationDate: xmlText,
      placeOfPublication: xmlText,
    },
    { requiredKeys: [] },
  );
  const serviceInfo = fc.record(
    {
      requestType: fc.constantFrom(...REQUEST_TYPES),
      ...(has12 ? { requestSubType: some(fc.constantFrom(...REQUEST_SUB_TYPES), is2021 ? 6 : 3) } : {}),
      requestingAgencyPreviousRequestId: xmlText,
      serviceType: fc.constantFrom(...SERVICE_TYPES),
      serviceLevel: schemeValue,
      itemFormat: schemeValue,
      needBeforeDate: dateTime,
      copyrightCompliance: schemeValue,
      anyEdition: fc.constantFrom(...YES_NO),
      ...(is2021 ? { preferredEdition: fc.constantFrom(...PREFERRED_EDITIONS), loanCondition: some(schemeValue) } : {}),
      ...(has12 ? { startDate: dateTime, endDate: dateTime } : {}),
      note: xmlText,
    },
    { requiredKeys: ['serviceType'] },
  );
  const supplierInfo = fc.record(
    {
      sortOrder,
      supplierCode: agencyId,
      supplierDescription: xmlText,
      bibliographicRecordId,
      callNumber: xmlText,
      summaryHoldings: xmlText,
      availabilityNote: xmlText,
    },
    { requiredKeys: [] },
  );
  const requestedDeliveryInfo = fc.record(
    { sortOrder, address, ...(is2021 ? { deliveryMethod: schemeValue, courierName: schemeValue } : {}) },
    { requiredKeys: [] },
  );
  const request = fc.record(
    {
      kind: fc.constant('request' as const),
      header: requestHeader,
      bibliographicInfo,
      publicationInfo,
      serviceInfo,
      supplierInfo: some(supplierInfo),
      requestedDeliveryInfo: some(requestedDeliveryInfo),
      requestingAgencyInfo: fc.record({ name: xmlText, contactName: xmlText, address: some(address) }, { requiredKeys: [] }),
      patronInfo: fc.record(
        {
          patronId: xmlText,
          surname: xmlText,
          givenName: xmlText,
          patronType: schemeValue,
          sendToPatron: fc.constantFrom(...YES_NO),
          address: some(address),
        },
        { requiredKeys: [] },
      ),
      billingInfo: fc.record(
        { paymentMethod: schemeValue, maximumCosts: costs, billingMethod: schemeValue, billingName: xmlText, address },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: is2021 ? ['kind', 'header', 'bibliographicInfo', 'serviceInfo'] : ['kind', 'header', 'bibliographicInfo'] },
  );

  const statuses = is2021 ? STATUSES_2021 : STATUSES_V1;
  const actions = is2021 ? ACTIONS_2021 : ACTIONS_V1;
  const retryInfo = is2021
    ? fc.record(
        {
          loanCondition: some(schemeValue),
          edition: some(xmlText),
          itemFormat: some(schemeValue),
          volume: some(xmlText),
          serviceType: fc.constantFrom(...SERVICE_TYPES),
          serviceLevel: some(schemeValue),
          deliveryMethod: some(schemeValue),
          courierName: some(schemeValue),
          offeredCosts: some(costs),
          paymentMethod: some(schemeValue),
          retryBefore: dateTime,
          retryAfter: dateTime,
        },
        { requiredKeys: [] },
      )
    : fc
        .record({ offeredCosts: some(costs, 1), retryBefore: dateTime, retryAfter: dateTime }, { requiredKeys: [] })
        .filter((r) => Object.keys(r).length > 0);
  const deliveryInfo = is2021
    ? fc.record(
        {
          dateSent: dateTime,
          itemId: some(xmlText),
          URL: xmlText,
          deliveryMethod: schemeValue,
          address,
          sentToPatron: fc.boolean(),
          loanCondition: some(schemeValue),
          itemFormat: schemeValue,
          serviceType: fc.constantFrom(...SERVICE_TYPES),
          deliveryCosts: some(costs),
          paymentMethod: schemeValue,
        },
        { requiredKeys: ['dateSent'] },
      )
    : fc.record(
        {
          dateSent: dateTime,
          itemId: some(xmlText, 1),
          deliveryMethod: schemeValue,
          sentToPatron: fc.boolean(),
          loanCondition: some(schemeValue, 1),
          itemFormat: schemeValue,
          deliveryCosts: some(costs, 1),
        },
        { requiredKeys: ['dateSent'] },
      );
  const supplyingAgencyMessage = fc.record(
    {
      kind: fc.constant('supplyingAgencyMessage' as const),
      header: samHeader,
      messageInfo: fc.record(
        {
          reasonForMessage: fc.constantFrom(...REASONS_FOR_MESSAGE),
          answerYesNo: fc.constantFrom(...YES_NO),
          note: xmlText,
          reasonUnfilled: schemeValue,
          reasonRetry: schemeValue,
        },
        { requiredKeys: ['reasonForMessage'] },
      ),
      statusInfo: fc.record(
        { status: fc.constantFrom(...statuses), expectedDeliveryDate: dateTime, dueDate: dateTime, lastChange: dateTime },
        { requiredKeys: ['status', 'lastChange'] },
      ),
      retryInfo,
      deliveryInfo,
      ...(is2021
        ? {
            shippingInfo: fc.record(
              {
                courierName: schemeValue,
                trackingId: some(xmlText),
                insurance: fc.constantFrom(...YES_NO),
                insuranceThirdParty: fc.constantFrom(...YES_NO),
                thirdPartyName: xmlText,
                insuranceCosts: some(costs),
              },
              { requiredKeys: [] },
            ),
          }
        : {}),
      returnInfo: fc.record({ returnAgencyId: agencyId, name: xmlText, physicalAddress }, { requiredKeys: [] }),
    },
    { requiredKeys: ['kind', 'header', 'messageInfo', 'statusInfo'] },
  );

  const requestingAgencyMessage = fc.record(
    { kind: fc.constant('requestingAgencyMessage' as const), header: ramHeader, action: fc.constantFrom(...actions), note: xmlText },
    { requiredKeys: ['kind', 'header', 'action'] },
  );
  const requestConfirmation = fc.record(
    { kind: fc.constant('requestConfirmation' as const), confirmationHeader, errorData: errorDataList },
    { requiredKeys: ['kind', 'confirmationHeader'] },
  );
  const supplyingAgencyMessageConfirmation = fc.record(
    {
      kind: fc.constant('supplyingAgencyMessageConfirmation' as const),
      confirmationHeader,
      reasonForMessage: fc.constantFrom(...REASONS_FOR_MESSAGE),
      errorData: errorDataList,
    },
    { requiredKeys: ['kind', 'confirmationHeader'] },
  );
  const requestingAgencyMessageConfirmation = fc.record(
    {
      kind: fc.constant('requestingAgencyMessageConfirmation' as const),
      confirmationHeader,
      action: fc.constantFrom(...actions),
      errorData: errorDataList,
    },
    { requiredKeys: ['kind', 'confirmationHeader'] },
  );

  // fc.record's inferred types are checked against the model here (no casts needed).
  return {
    request,
    requestConfirmation,
    supplyingAgencyMessage,
    supplyingAgencyMessageConfirmation,
    requestingAgencyMessage,
    requestingAgencyMessageConfirmation,
  };
}
