import type { SchemeValue } from '../../../protocols/ncip/index.js';
import type { Db } from '../../../store/database.js';
import type { Institution, Partner, PartnerCredentials } from '../../../store/schema.js';
import { httpCredentialsRefusal } from '../../interop/verifySender.js';

/** The OCLC symbol scheme: its values are OCLC symbols, so only OCLC agency symbols match them. */
const OCLC_SYMBOL_SCHEME = 'http://oclc.org/ncip/schemes/agencyid/symbol.scm';

/**
 * The (type, value) pairs an NCIP AgencyId may stand for. NCIP agency ids are bare values in a
 * scheme (`MIT`, `OCWMS`), while our symbols are `TYPE:VALUE`: a value written `TYPE:VALUE` is
 * taken as such, and a bare value matches a symbol of any type (OCLC only under OCLC's scheme).
 */
function candidates(agencyId: SchemeValue): { idType?: string; idValue: string }[] {
  const value = agencyId.value.trim();
  const typed = /^([A-Za-z][\w-]*):(.+)$/.exec(value);
  const bare = agencyId.scheme?.trim() === OCLC_SYMBOL_SCHEME ? { idType: 'OCLC', idValue: value } : { idValue: value };
  return typed ? [{ idType: (typed[1] as string).toUpperCase(), idValue: (typed[2] as string).trim() }, bare] : [bare];
}

/** The institution an agency id names, or undefined when none or more than one do (ambiguous). */
export async function institutionForAgency(db: Db, agencyId: SchemeValue): Promise<Institution | undefined> {
  for (const key of candidates(agencyId)) {
    let query = db.selectFrom('agency_symbol').innerJoin('institution', 'institution.id', 'agency_symbol.institution_id').selectAll('institution').distinct();
    query = query.where('agency_symbol.id_value', '=', key.idValue);
    if (key.idType) query = query.where('agency_symbol.id_type', '=', key.idType);
    const found = await query.limit(2).execute();
    if (found.length === 1) return found[0];
    if (found.length > 1) return undefined;
  }
  return undefined;
}

/** The institution's partner an agency id names (tenant-scoped), or undefined when none or ambiguous. */
export async function partnerForAgency(db: Db, institutionId: string, agencyId: SchemeValue): Promise<Partner | undefined> {
  for (const key of candidates(agencyId)) {
    let query = db.selectFrom('partner').selectAll().where('institution_id', '=', institutionId).where('id_value', '=', key.idValue);
    if (key.idType) query = query.where('id_type', '=', key.idType);
    const found = await query.limit(2).execute();
    if (found.length === 1) return found[0];
    if (found.length > 1) return undefined;
  }
  return undefined;
}

/** Why a partner may not use the NCIP responder, or undefined when it may. */
export interface SenderRefusal {
  type: 'Unauthorized Service For Agency' | 'Agency Authentication Failed';
  detail: string;
}

/** Only brokers (and NCIP peers) speak NCIP to us; an inactive partner is refused everything. */
const NCIP_PROFILES: ReadonlySet<string> = new Set(['broker', 'ncip']);

export function ncipSenderRefusal(partner: Partner, credentials: PartnerCredentials | undefined, authorization: string | undefined): SenderRefusal | undefined {
  if (!NCIP_PROFILES.has(partner.profile_type)) {
    return { type: 'Unauthorized Service For Agency', detail: `${partner.code} is a partner of profile ${partner.profile_type}, not broker or ncip` };
  }
  if (!partner.active) return { type: 'Unauthorized Service For Agency', detail: `${partner.code} is not an active partner` };
  const refusal = httpCredentialsRefusal(partner.code, credentials, authorization);
  return refusal === undefined ? undefined : { type: 'Agency Authentication Failed', detail: refusal };
}

