import { partnerConfig, type PartnerConfig } from '../../config/networkConfig.js';
import type { DirectoryLocate } from '../../config/sections/directory.js';
import { locateProfileSchema, type LocateProfileConfig } from '../../config/sections/locate.js';
import { findVisibleEntry } from '../../store/directoryRepository.js';
import { findLocateProfile } from '../../store/locateProfileRepository.js';
import { findPartnerByCode, findPartnerBySymbol } from '../../store/partnerRepository.js';
import { findInstitution } from '../../store/institutionRepository.js';
import type { DirectoryEntry, Institution, LocateProfile, Partner } from '../../store/schema.js';
import { partnerRow } from '../applyNetworkConfig.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { DEFAULT_SYSTEM_TYPE, LOCAL_SYSTEM_TYPE } from '../interop/systemTypes.js';
import { saveLocateProfile } from '../locate/locateProfiles.js';
import { savePartner } from '../settings/savePartner.js';
import { defaultLocate } from './directoryView.js';

export interface FromDirectoryInput {
  entryId: string;
  /** The new partner's code; default: derived from the entry's first symbol. */
  code?: string | undefined;
  /** The new locate profile's code; default: the partner's code. */
  locateProfileCode?: string | undefined;
}

/**
 * Seed 001 "Resource Sharing Directory": one step creates the partner with the entry's
 * connection details and contacts, and a locate profile from its locate details, linked by
 * `locateProfile` — in one transaction. An institution of this deployment becomes a local
 * partner (no endpoint, delivered in-process).
 */
export async function addPartnerFromDirectory(
  ctx: ServiceContext,
  institution: Institution,
  input: FromDirectoryInput,
  actor: string,
): Promise<{ partner: Partner; locateProfile: LocateProfile | undefined }> {
  return ctx.db.transaction().execute(async (trx) => {
    const entry = await findVisibleEntry(trx, institution.id, input.entryId);
    if (!entry) throw new NotFoundError(`no directory entry ${input.entryId}`);
    if (entry.institution_id === institution.id) throw new InvalidInputError('this is your own directory entry: an institution is not its own partner');
    const [symbolText] = entry.symbols;
    if (!symbolText) throw new InvalidInputError('the directory entry has no symbol');
    const code = input.code ?? symbolText.slice(symbolText.indexOf(':') + 1).replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
    const profileCode = input.locateProfileCode ?? code;
    const local = entry.subscription_id === null;
    const locate = await entryLocate(trx, entry);
    const profile = locate && locateProfileFor(profileCode, entry.name, locate);
    const partner = parsePartner({
      code,
      name: entry.name.slice(0, 200),
      symbol: symbolText,
      ...(local ? {} : { endpoint: entry.endpoint_url }),
      ...(local ? {} : { systemType: entry.system_type === 'interlend' ? 'interlend' : DEFAULT_SYSTEM_TYPE }),
      ...(profile ? { locateProfile: profile.code } : {}),
      contacts: entry.contacts,
      notes: `Added from the resource-sharing directory (${local ? 'this deployment' : `subscription ${entry.subscription_id ?? ''}`}).`,
    });
    if (await findPartnerByCode(trx, institution.id, partner.code)) throw new ConflictError(`partner ${partner.code} already exists`);
    const holder = await findPartnerBySymbol(trx, institution.id, partner.symbol);
    if (holder) throw new ConflictError(`symbol ${symbolText} is already partner ${holder.code}`);
    if (profile && (await findLocateProfile(trx, institution.id, profile.code))) throw new ConflictError(`locate profile ${profile.code} already exists: name another with locateProfileCode`);
    const saved = profile ? await saveLocateProfile(trx, institution.id, profile, actor) : undefined;
    const row = partnerRow(institution.id, partner);
    if (local) row.system_type = LOCAL_SYSTEM_TYPE;
    return { partner: await savePartner(trx, row, actor), locateProfile: saved };
  });
}

/** An entry of this deployment with no locate details is searched at our own /sru/<CODE>. */
async function entryLocate(trx: ServiceContext['db'], entry: DirectoryEntry): Promise<DirectoryLocate | undefined> {
  if (entry.locate !== null) return entry.locate as DirectoryLocate;
  if (entry.institution_id === null) return undefined;
  const owner = await findInstitution(trx, entry.institution_id);
  return owner ? defaultLocate(owner.code) : undefined;
}

function locateProfileFor(code: string, name: string, locate: DirectoryLocate): LocateProfileConfig {
  const parsed = locateProfileSchema.safeParse({ code, name: `Catalogue of ${name}`.slice(0, 200), ...locate });
  if (!parsed.success) throw new InvalidInputError(`the entry's locate details do not make a locate profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function parsePartner(value: unknown): PartnerConfig {
  const parsed = partnerConfig.safeParse(value);
  if (!parsed.success) throw new InvalidInputError(`the entry does not make a partner: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
