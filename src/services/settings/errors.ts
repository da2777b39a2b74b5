/** A configuration change that clashes with what exists (a code taken, a profile in use); the API answers 409. */
export class ConfigurationConflictError extends Error {
  override readonly name = 'ConfigurationConflictError';
}
