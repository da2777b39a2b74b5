import { DependencyUnavailableError, InvalidInputError } from '../../errors.js';
import { lookupUser } from './services.js';
import type { NcipConnection } from './transport.js';

/**
 * Checks with the institution's ILS (LookupUser) that a patron exists and may borrow, before a
 * borrowing request is created for them. Unknown or blocked: the ILS's words, as bad input. The
 * ILS not answering properly: refused too (503, try again), since creating a request for a
 * patron nobody validated is what this check exists to prevent.
 */
export async function validatePatronWithIls(connection: NcipConnection, patronId: string): Promise<void> {
  const result = await lookupUser(connection, patronId);
  if (result.ok) {
    if (result.user.blocks.length > 0) throw new InvalidInputError(`patron ${patronId} may not borrow: the ILS reports ${result.user.blocks.join(', ')}`);
    return;
  }
  if (result.problem.kind === 'ncip-problem') throw new InvalidInputError(`patron ${patronId} could not be validated: ${result.problem.message}`);
  throw new DependencyUnavailableError(`patron ${patronId} could not be validated, so no request was created; try again when the ILS answers (${result.problem.message})`);
}
