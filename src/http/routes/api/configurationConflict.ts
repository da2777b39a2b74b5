import { ConfigurationConflictError } from '../../../services/settings/errors.js';
import { ProblemError } from './scope.js';

/** Runs a configuration change; a clash with what exists (code taken, profile in use) becomes 409. */
export async function conflictsAs409<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof ConfigurationConflictError) throw new ProblemError(409, 'Conflict', error.message);
    throw error;
  }
}
