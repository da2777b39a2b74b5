import { patronStanding, calendarDay, type PatronBlock, type PatronStanding } from '../../domain/circulation/patronStanding.js';
import type { Patron } from '../../store/schema.js';
import type { LibraryCodes } from '../auth/accounts.js';
import { InvalidInputError } from '../errors.js';

export const PATRON_ENTITY = 'patron';

/** A patron in the vocabulary of the API and the network file: what the audit log records. */
export interface PatronRecord {
  barcode: string;
  name: string;
  email: string | null;
  phone: string | null;
  patronGroup: string;
  homeLibrary: string | null;
  expiresOn: string | null;
  active: boolean;
  blocks: PatronBlock[];
}

/** A patron as staff see it: the record, whether they may borrow today, who signs in as them, and when it changed. */
export interface PatronDetails extends PatronRecord {
  standing: PatronStanding;
  /** Usernames of the patron accounts whose `patronId` is this barcode. */
  accounts: string[];
  createdAt: Date;
  updatedAt: Date;
}

export function patronRecord(patron: Patron, libraries: LibraryCodes): PatronRecord {
  return {
    barcode: patron.barcode,
    name: patron.name,
    email: patron.email,
    phone: patron.phone,
    patronGroup: patron.patron_group,
    homeLibrary: patron.home_library_id === null ? null : (libraries.codesOf([patron.home_library_id])[0] ?? null),
    expiresOn: patron.expires_on,
    active: patron.active,
    blocks: patron.blocks.map((block) => ({ code: block.code, reason: block.reason, since: block.since, ...(block.until ? { until: block.until } : {}) })),
  };
}

export function patronDetails(patron: Patron, libraries: LibraryCodes, now: Date, accounts: ReadonlyMap<string, string[]>): PatronDetails {
  const record = patronRecord(patron, libraries);
  return {
    ...record,
    standing: patronStanding(record, calendarDay(now)),
    accounts: accounts.get(patron.barcode.toLowerCase()) ?? [],
    createdAt: patron.created_at,
    updatedAt: patron.updated_at,
  };
}

/** The id of a home library given by code; an unknown code is the caller's mistake. */
export function homeLibraryId(libraries: LibraryCodes, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const { ids } = libraries.idsOf([code]);
  if (ids.length === 0) throw new InvalidInputError(`homeLibrary: unknown library "${code}"; this institution has ${libraries.all().join(', ')}`);
  return ids[0] as string;
}

/** A block as stored: `until` only when set. */
export function storedBlock(block: PatronBlock): PatronBlock {
  return { code: block.code, reason: block.reason, since: block.since, ...(block.until !== undefined ? { until: block.until } : {}) };
}

/** Two writers racing to create the same barcode: the unique index decides, the loser hears 409. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
