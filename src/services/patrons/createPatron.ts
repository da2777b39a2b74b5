import type { PatronBlock } from '../../domain/circulation/patronStanding.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import { findPatron, insertPatron, patronAccountNames } from '../../store/patronRepository.js';
import type { Institution } from '../../store/schema.js';
import { libraryCodes } from '../auth/accounts.js';
import type { ServiceContext } from '../context.js';
import { ConflictError } from '../errors.js';
import { homeLibraryId, isUniqueViolation, PATRON_ENTITY, patronDetails, patronRecord, storedBlock, type PatronDetails } from './patronRecord.js';

export interface NewPatron {
  barcode: string;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  patronGroup: string;
  homeLibrary?: string | undefined;
  expiresOn?: string | undefined;
  active: boolean;
  blocks: readonly PatronBlock[];
}

/** Registers a patron; a barcode already in use (in any case) is a conflict. */
export async function createPatron(ctx: ServiceContext, institution: Institution, actor: string, input: NewPatron): Promise<PatronDetails> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const existing = await findPatron(trx, institution.id, input.barcode);
      if (existing) throw new ConflictError(`barcode "${input.barcode}" is already used by a patron at ${institution.code}`);
      const libraries = await libraryCodes(trx, institution.id);
      const fields = {
        barcode: input.barcode,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        patronGroup: input.patronGroup,
        homeLibraryId: homeLibraryId(libraries, input.homeLibrary),
        blocks: input.blocks.map(storedBlock),
        expiresOn: input.expiresOn ?? null,
        active: input.active,
      };
      const created = await insertPatron(trx, institution.id, fields, ctx.now());
      await recordAudit(trx, { institutionId: institution.id, actor, entityType: PATRON_ENTITY, entityKey: created.barcode, before: undefined, after: patronRecord(created, libraries) });
      return patronDetails(created, libraries, ctx.now(), await patronAccountNames(trx, institution.id, [created.barcode]));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`barcode "${input.barcode}" is already used by a patron at ${institution.code}`);
    throw error;
  }
}
