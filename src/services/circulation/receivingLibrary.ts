import type { Db } from '../../store/database.js';
import { findLibraryId, onlyLibraryId } from '../../store/institutionRepository.js';
import { findPatron } from '../../store/patronRepository.js';
import { InvalidInputError } from '../errors.js';

/**
 * The library that handles a new borrowing request and receives its item: the one named (a
 * library code), else the patron's home library, else the institution's only library. With
 * several libraries and nothing to choose by, none: the request belongs to the whole institution
 * (every library's staff see it) and its item is received wherever staff scan it.
 */
export async function receivingLibrary(db: Db, institutionId: string, input: { library?: string | undefined; patronId: string }): Promise<string | null> {
  if (input.library !== undefined) {
    const named = await findLibraryId(db, institutionId, input.library);
    if (!named) throw new InvalidInputError(`unknown library ${input.library}`);
    return named;
  }
  const patron = await findPatron(db, institutionId, input.patronId);
  return patron?.home_library_id ?? (await onlyLibraryId(db, institutionId)) ?? null;
}
