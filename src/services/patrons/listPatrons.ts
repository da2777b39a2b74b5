import { calendarDay } from '../../domain/circulation/patronStanding.js';
import { findPatron, patronAccountNames, searchPatrons } from '../../store/patronRepository.js';
import type { Institution } from '../../store/schema.js';
import { libraryCodes } from '../auth/accounts.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { patronDetails, type PatronDetails } from './patronRecord.js';

export interface PatronQuery {
  q?: string | undefined;
  group?: string | undefined;
  blocked?: boolean | undefined;
  active?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface PatronPage {
  items: PatronDetails[];
  total: number;
  /** The offset of the next page; null on the last. */
  next: number | null;
}

/** A page of the institution's patrons; `blocked` means a block in effect today. */
export async function listPatrons(ctx: ServiceContext, institution: Institution, query: PatronQuery): Promise<PatronPage> {
  const now = ctx.now();
  const { rows, total } = await searchPatrons(ctx.db, institution.id, { ...query, today: calendarDay(now) });
  const libraries = await libraryCodes(ctx.db, institution.id);
  const accounts = await patronAccountNames(ctx.db, institution.id, rows.map((row) => row.barcode));
  const next = query.offset + rows.length < total ? query.offset + rows.length : null;
  return { items: rows.map((row) => patronDetails(row, libraries, now, accounts)), total, next };
}

export async function getPatron(ctx: ServiceContext, institution: Institution, barcode: string): Promise<PatronDetails> {
  const patron = await findPatron(ctx.db, institution.id, barcode);
  if (!patron) throw new NotFoundError(`no patron with barcode ${barcode} at ${institution.code}`);
  const accounts = await patronAccountNames(ctx.db, institution.id, [patron.barcode]);
  return patronDetails(patron, await libraryCodes(ctx.db, institution.id), ctx.now(), accounts);
}
