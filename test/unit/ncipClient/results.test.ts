import { describe, expect, it } from 'vitest';
import { circulationSettingsSchema } from '../../../src/config/sections/circulation.js';
import { parseNcipMessage } from '../../../src/protocols/ncip/index.js';
import { describeProblem } from '../../../src/services/ncip/client/exchange.js';
import { userBlocksOf, userNameOf } from '../../../src/services/ncip/client/services.js';

describe('NCIP client result mapping', () => {
  it('turns an NCIP Problem into one readable sentence, leaving out what is absent or repeated', () => {
    expect(describeProblem('CheckOutItem', { problemType: { value: 'Unknown User', scheme: 's' }, problemDetail: 'UNKNOWN_USER', problemValue: '91475/ZYXWV' })).toBe(
      'The ILS refused CheckOutItem: Unknown User (UNKNOWN_USER), for 91475/ZYXWV',
    );
    expect(describeProblem('RenewItem', { problemType: { value: 'Maximum Renewals Exceeded' }, problemDetail: 'Maximum Renewals Exceeded' })).toBe(
      'The ILS refused RenewItem: Maximum Renewals Exceeded',
    );
    expect(describeProblem('AcceptItem', { problemType: { value: 'Needed Data Missing' }, problemElement: 'InitiationHeader/FromAgencyId' })).toBe(
      'The ILS refused AcceptItem: Needed Data Missing [element InitiationHeader/FromAgencyId]',
    );
  });

  const optionalFieldsOf = (inner: string) => {
    const parsed = parseNcipMessage(
      `<NCIPMessage xmlns="http://www.niso.org/2008/ncip" xmlns:n="http://www.niso.org/2008/ncip" n:version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd"><LookupUserResponse><UserId><UserIdentifierValue>P</UserIdentifierValue></UserId><UserOptionalFields>${inner}</UserOptionalFields></LookupUserResponse></NCIPMessage>`,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
    return parsed.message.body.userOptionalFields as Record<string, never>;
  };

  it('reads a structured name, an unstructured one, none; and every block type', () => {
    const structured = optionalFieldsOf(
      '<NameInformation><PersonalNameInformation><StructuredPersonalUserName><GivenName>Ada</GivenName><Surname>Lovelace</Surname></StructuredPersonalUserName></PersonalNameInformation></NameInformation>' +
        '<BlockOrTrap><AgencyId>A</AgencyId><BlockOrTrapType>Fines</BlockOrTrapType></BlockOrTrap><BlockOrTrap><AgencyId>A</AgencyId><BlockOrTrapType>Expired</BlockOrTrapType></BlockOrTrap>',
    );
    expect(userNameOf(structured)).toBe('Ada Lovelace');
    expect(userBlocksOf(structured)).toEqual(['Fines', 'Expired']);
    const unstructured = optionalFieldsOf('<NameInformation><PersonalNameInformation><UnstructuredPersonalUserName>Lovelace, Ada</UnstructuredPersonalUserName></PersonalNameInformation></NameInformation>');
    expect(userNameOf(unstructured)).toBe('Lovelace, Ada');
    expect(userBlocksOf(unstructured)).toEqual([]);
    expect(userNameOf(undefined)).toBeUndefined();
  });
});

describe('circulation settings schema', () => {
  it('defaults to built-in and fills the timeout', () => {
    expect(circulationSettingsSchema.parse({})).toEqual({ mode: 'built-in' });
    expect(circulationSettingsSchema.parse({ mode: 'ncip', ncip: { url: 'http://ils/ncip', toAgencyId: 'X' } }).ncip?.timeoutMs).toBe(10000);
  });

  it.each([
    [{ mode: 'ncip' }, 'ncip'],
    [{ mode: 'ncip', ncip: { url: 'file:///etc/passwd', toAgencyId: 'X' } }, 'ncip.url'],
    [{ mode: 'ncip', ncip: { url: 'http://ils', toAgencyId: '' } }, 'ncip.toAgencyId'],
    [{ mode: 'ncip', ncip: { url: 'http://ils', toAgencyId: 'X', timeoutMs: 0 } }, 'ncip.timeoutMs'],
    [{ mode: 'built-in', extra: 1 }, ''],
  ])('refuses %j at %s', (input, path) => {
    const result = circulationSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
