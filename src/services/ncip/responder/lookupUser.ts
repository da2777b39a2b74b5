import { calendarDay, patronStanding } from '../../../domain/circulation/patronStanding.js';
import { processingErrorScheme, type NcipBody, type NcipStruct, type SchemeValue, type UserId } from '../../../protocols/ncip/index.js';
import { findPatron } from '../../../store/patronRepository.js';
import type { Patron } from '../../../store/schema.js';
import type { NcipServiceRequest, NcipServiceAnswer } from './service.js';

const NISO = 'http://www.niso.org/ncip/v1_0/schemes/';
const ADDRESS_ROLE = `${NISO}useraddressroletype/useraddressroletype.scm`;
const ELECTRONIC_ADDRESS_TYPE = 'http://www.iana.org/assignments/uri-schemes';
const PRIVILEGE_STATUS = `${NISO}userprivilegestatustype/userprivilegestatustype.scm`;
/** Block codes are ours (the patron register's), so they are written in our own scheme. */
const BLOCK_SCHEME = 'urn:interlend:ncip:schemes:blockortraptype';
const PRIVILEGE_SCHEME = 'urn:interlend:ncip:schemes:agencyuserprivilegetype';

/** The UserElementType values we can fill from the patron register, and how. */
const ELEMENTS: Record<string, (patron: Patron, agency: SchemeValue, today: string) => NcipStruct> = {
  'Name Information': (patron) => ({ nameInformation: { personalNameInformation: { unstructuredPersonalUserName: patron.name } } }),
  'User Address Information': (patron) =>
    patron.email
      ? {
          userAddressInformation: [
            {
              userAddressRoleType: { scheme: ADDRESS_ROLE, value: 'Home' },
              electronicAddress: { electronicAddressType: { scheme: ELECTRONIC_ADDRESS_TYPE, value: 'mailto' }, electronicAddressData: patron.email },
            },
          ],
        }
      : {},
  'User Privilege': (patron, agency, today) => {
    const standing = patronStanding({ active: patron.active, expiresOn: patron.expires_on, blocks: patron.blocks }, today);
    const privilege: NcipStruct = {
      agencyId: agency,
      agencyUserPrivilegeType: { scheme: PRIVILEGE_SCHEME, value: patron.patron_group },
      userPrivilegeStatus: { userPrivilegeStatusType: { scheme: PRIVILEGE_STATUS, value: standing.mayBorrow ? 'Active' : 'Inactive' } },
    };
    if (patron.expires_on) privilege.validToDate = endOfDay(patron.expires_on);
    return { userPrivilege: [privilege] };
  },
  'Block Or Trap': (patron, agency, today) => {
    const standing = patronStanding({ active: patron.active, expiresOn: patron.expires_on, blocks: patron.blocks }, today);
    const blocks: NcipStruct[] = standing.reasons.map((reason) => {
      const block: NcipStruct = { agencyId: agency, blockOrTrapType: { scheme: BLOCK_SCHEME, value: reason.kind === 'blocked' ? reason.code : reason.kind } };
      if (reason.kind === 'blocked' && reason.until) block.validToDate = endOfDay(reason.until);
      return block;
    });
    return blocks.length > 0 ? { blockOrTrap: blocks } : {};
  },
};

function endOfDay(day: string): string {
  return `${day}T23:59:59Z`;
}

function firstUserId(body: NcipBody): UserId | undefined {
  return Array.isArray(body.userId) ? body.userId[0] : body.userId;
}

/**
 * LookupUser from the patron register: the patron whose barcode is the UserIdentifierValue.
 * Only the UserElementTypes asked for are answered; types we do not keep are left out (NCIP
 * allows a responder to omit what it does not have). Inactive, expired and blocked patrons are
 * answered, with their BlockOrTrap and privilege status saying why they may not borrow.
 */
export async function lookupUser(request: NcipServiceRequest): Promise<NcipServiceAnswer> {
  const { ctx, institution, message, responseHeader, ourAgency } = request;
  const userId = firstUserId(message.body);
  const answer = (body: NcipBody): NcipServiceAnswer => ({ message: { kind: 'LookupUserResponse', body: { ...(responseHeader ? { responseHeader } : {}), ...body } } });
  const unknown = (detail: string, value?: string) =>
    answer({
      problem: [
        {
          problemType: { scheme: processingErrorScheme('LookupUser'), value: 'Unknown User' },
          problemDetail: detail,
          problemElement: 'UserIdentifierValue',
          ...(value !== undefined ? { problemValue: value.slice(0, 200) } : {}),
        },
      ],
    });
  if (!userId) return unknown('LookupUser by AuthenticationInput is not supported: send a UserId');
  const barcode = userId.userIdentifierValue.trim();
  const patron = barcode === '' ? undefined : await findPatron(ctx.db, institution.id, barcode);
  if (!patron) return unknown(`No patron of ${institution.code} has this identifier`, userId.userIdentifierValue);

  const today = calendarDay(ctx.now());
  const optional: NcipStruct = {};
  const wanted = new Set((message.body.userElementType as SchemeValue[] | undefined)?.map((t) => t.value.trim()) ?? []);
  for (const [name, fill] of Object.entries(ELEMENTS)) if (wanted.has(name)) Object.assign(optional, fill(patron, ourAgency, today));
  const echoed: UserId = { ...(userId.agencyId ? { agencyId: userId.agencyId } : {}), userIdentifierValue: patron.barcode };
  if (userId.userIdentifierType) echoed.userIdentifierType = userId.userIdentifierType;
  return answer({ userId: echoed, ...(Object.keys(optional).length > 0 ? { userOptionalFields: optional } : {}) });
}

