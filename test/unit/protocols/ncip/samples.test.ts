import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildNcipMessage, parseNcipMessage, type NcipMessage } from '../../../../src/protocols/ncip/index.js';
import { generateGrammarTable } from '../../../support/ncipGrammarGen.js';
import { ncipSample, ncipSamples } from '../../../support/ncipSamples.js';
import { summarise, type NcipSummary } from '../../../support/ncipSummary.js';

// Key fields per OCLC sample (checked by hand against the sample files).
const EXPECTED: Record<string, NcipSummary> = {
  'AcceptItem.xml': { kind: 'AcceptItem', from: 'LENDER', to: 'MIT', user: 'OCLCTEST', item: '9998', request: 'VDX1234', due: '2010-11-20T00:00:00.329Z' },
  'AcceptItemD2D.xml': { kind: 'AcceptItem', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV', item: 'ABCDE', request: '12345', due: '2018-02-01T00:00:00Z' },
  'AcceptItemMinimalResponseSuccess.xml': { kind: 'AcceptItemResponse', from: 'OCWMS', to: 'OCWMS', item: 'ABCDE', request: '12345' },
  'AcceptItemReceived.xml': { kind: 'AcceptItem', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV', item: 'ABCDE', request: '12345', due: '2018-02-01T00:00:00Z' },
  'AcceptItemResponse.xml': { kind: 'AcceptItemResponse', problem: 'Agency Authentication Failed' },
  'CancelRequestItem.xml': { kind: 'CancelRequestItem', from: 'registry_id', to: 'registry_id', request: '101919' },
  'CancelRequestItemResponse.xml': { kind: 'CancelRequestItemResponse', user: '10923123', item: '19823098123', request: '101919' },
  'CheckInBarcodedItem.xml': { kind: 'CheckInItem', from: 'OCWMS', to: 'OCWMS', item: 'ABCDE' },
  'CheckInItem.xml': { kind: 'CheckInItem', from: 'ENG', to: 'MIT', item: '19823098123' },
  'CheckInItemMinimalResponseSuccess.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', item: 'ABCDE' },
  'CheckInItemResponse.xml': { kind: 'CheckInItemResponse', user: '10923123', item: '19823098123' },
  'CheckInRequestedItem.xml': { kind: 'CheckInItem', from: 'OCWMS', to: 'OCWMS', item: '12345' },
  'CheckInResponseBarcodedItemNotOnLoan.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Item Not Checked Out' },
  'CheckInResponseBarcodedItemSuccess.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', item: 'ABCDE' },
  'CheckInResponseBarcodedItemUnknown.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Unknown Item' },
  'CheckInResponseRequestedItemSuccess.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', item: '12345' },
  'CheckInResponseRequestedItemUnknown.xml': { kind: 'CheckInItemResponse', from: 'OCWMS', to: 'OCWMS', item: '12345' },
  'CheckOutItem.xml': { kind: 'CheckOutItem', from: 'ENG', to: 'MIT', user: '10923123', item: '19823098123', request: 'REQ123' },
  'CheckOutItemResponse.xml': { kind: 'CheckOutItemResponse', user: '10923123', item: '19823098123', due: '2010-11-18T16:17:03.291Z' },
  'CheckOutItemResponseItemUnknown.xml': { kind: 'CheckOutItemResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Unknown Item' },
  'CheckOutItemResponseRequirementsNotMet.xml': { kind: 'CheckOutItemResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Resource Cannot Be Provided' },
  'CheckOutItemResponseSuccess.xml': { kind: 'CheckOutItemResponse', from: 'OCWMS', to: 'OCWMS', user: 'NDOSU', item: 'ABCDE', due: '2018-02-01T12:34:56Z' },
  'CheckOutItemResponseUserUnknown.xml': { kind: 'CheckOutItemResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Unknown User' },
  'CheckOutItemToInstitutionForILL.xml': { kind: 'CheckOutItem', from: 'OCWMS', to: 'OCWMS', user: 'NDOSU', item: 'ABCDE', request: '12345' },
  'CheckOutItemToPatron.xml': { kind: 'CheckOutItem', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV', item: 'ABCDE' },
  'CheckOutItemToPatronForILL.xml': { kind: 'CheckOutItem', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV', item: 'ABCDE', request: '12345' },
  'CreateItemSample1.xml': { kind: 'CreateItem', item: '7443423423-189' },
  'CreateUserFiscalTransactionForCopy.xml': { kind: 'CreateUserFiscalTransaction', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV' },
  'CreateUserFiscalTransactionForLoan.xml': { kind: 'CreateUserFiscalTransaction', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV' },
  'CreateUserFiscalTransactionResponseSuccess.xml': { kind: 'CreateUserFiscalTransactionResponse', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV' },
  'CreateUserFiscalTransactionResponseUnknownUser.xml': { kind: 'CreateUserFiscalTransactionResponse', from: 'OCWMS', to: 'OCWMS', problem: 'Unknown User' },
  'CreateUserFiscalTransactionWithMandatedAction.xml': { kind: 'CreateUserFiscalTransaction', from: 'OCWMS', to: 'OCWMS', user: 'ZYXWV' },
  'ItemReceived.xml': { kind: 'ItemReceived', from: 'ENG', to: 'MIT', user: '10923123', item: '19823098123' },
  'ItemReceivedResponse.xml': { kind: 'ItemReceivedResponse', from: 'registry_id', to: 'registry_id' },
  'ItemRequestCancelled.xml': { kind: 'ItemRequestCancelled', from: 'registry_id', to: 'registry_id', user: '10923123', request: '101919' },
  'ItemRequestCancelledResponse.xml': { kind: 'ItemRequestCancelledResponse', from: 'registry_id', to: 'registry_id' },
  'ItemShipped.xml': { kind: 'ItemShipped', from: 'ENG', to: 'MIT', user: '10923123', item: '19823098123', request: 'REQ123' },
  'ItemShippedResponse.xml': { kind: 'ItemShippedResponse', from: 'registry_id', to: 'registry_id' },
  'RequestItemResponse.xml': { kind: 'RequestItemResponse', user: 'p1921918933', item: '35556991919116', request: 'WCNav1234' },
  'RequestItemResponseSample1.xml': { kind: 'RequestItemResponse', problem: 'User Blocked' },
  'RequestItemSample1.xml': { kind: 'RequestItem', from: 'ENG', to: 'MIT', user: '23008000043915', request: 'WCNav1234' },
  'UpdateCirculationStatus.xml': { kind: 'UpdateCirculationStatus', from: 'registry_id', to: 'registry_id', item: '19823098123' },
  'UpdateCirculationStatusResponse.xml': { kind: 'UpdateCirculationStatusResponse', from: 'registry_id', to: 'registry_id', item: '19823098123' },
};

function parsed(file: string): NcipMessage {
  const r = parseNcipMessage(ncipSample(file));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problem)}`);
  return r.message;
}

describe('NCIP OCLC samples', () => {
  it('has all 43 samples, each with an expectation', () => {
    expect(ncipSamples).toHaveLength(43);
    expect(Object.keys(EXPECTED).sort()).toEqual(ncipSamples.map((s) => s.file));
  });

  for (const { file, xml } of ncipSamples) {
    it(`${file} parses to the expected kind and key fields, and round-trips`, () => {
      const r = parseNcipMessage(xml);
      if (!r.ok) throw new Error(JSON.stringify(r.problem));
      expect(summarise(r.message)).toEqual(EXPECTED[file]);
      const rebuilt = buildNcipMessage(r.message, r.version);
      const again = parseNcipMessage(rebuilt);
      expect(again.ok && again.message).toEqual(r.message);
      expect(buildNcipMessage(again.ok ? again.message : r.message, r.version)).toBe(rebuilt);
    });
  }

  it('reads the version of 2.02 and of the imp1 2.02 variant the samples use', () => {
    const r = parseNcipMessage(ncipSample('AcceptItem.xml'));
    expect(r.ok && r.version).toBe('2.02');
  });

  it('keeps schemes, nested optional fields and flags', () => {
    const m = parsed('AcceptItem.xml');
    expect(m.body.requestedActionType).toEqual({
      scheme: 'http://www.niso.org/ncip/v1_0/imp1/schemes/requestedactiontype/requestedactiontype.scm',
      value: 'Circulate',
    });
    const bib = m.body.itemOptionalFields?.bibliographicDescription;
    expect(bib?.author).toBe('Iam T. Author');
    expect(bib?.bibliographicItemId?.bibliographicItemIdentifierCode?.value).toBe('ISBN');
    expect(bib?.publisher).toBe('Dublin Publishers');
    expect(bib?.edition).toBe('1st edition');
    expect(m.body.itemOptionalFields?.sensitizationFlag).toBe(true);
  });

  it('reads problems with scheme, detail and value', () => {
    const m = parsed('CheckOutItemResponseUserUnknown.xml');
    expect(m.body.problem).toEqual([
      {
        problemType: { scheme: 'http://www.niso.org/ncip/v1_0/schemes/processingerrortype/checkoutitemprocessingerror.scm', value: 'Unknown User' },
        problemDetail: 'UNKNOWN_USER',
        problemValue: '91475/ZYXWV',
      },
    ]);
    expect(parsed('AcceptItemResponse.xml').body.problem).toHaveLength(2);
  });

  it('reads RequestItem type, scope and bibliographic ids (repeatable → arrays)', () => {
    const m = parsed('RequestItemSample1.xml');
    expect(m.body.requestType?.value).toBe('Loan');
    expect(m.body.requestScopeType?.value).toBe('Bibliographic Item');
    expect(m.body.bibliographicId).toEqual([
      {
        bibliographicRecordId: {
          bibliographicRecordIdentifier: '2052516',
          bibliographicRecordIdentifierCode: {
            scheme: 'http://www.niso.org/ncip/v1_0/imp1/schemes/bibliographicrecordidentifiercode/bibliographicrecordidentifiercode.scm',
            value: 'OCLC',
          },
        },
      },
    ]);
  });

  it('the grammar table is the one generated from ncip_v2_02.xsd', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../../src/protocols/ncip/grammar.table.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(generateGrammarTable());
  });
});
