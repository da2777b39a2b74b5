/** Failures a service reports to its caller; the HTTP layer turns each into problem JSON. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** A change that clashes with what exists (a code already used, a profile or template still in use): 409. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** Something this service depends on (an institution's ILS) did not answer: 503, try again later. */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
}

/**
 * Another system a staff action depends on (the institution's ILS, a broker) refused it or did
 * not answer, so nothing changed: 502 with that system's words. Staff may repeat the action with
 * `override` to go ahead without it.
 */
export class ExternalSystemError extends Error {
  override readonly name = 'ExternalSystemError';
  constructor(
    message: string,
    readonly system: 'ils' | 'broker',
  ) {
    super(message);
  }
}

/** The action is not possible in the request's current status (or lost a race to another). */
export class ActionNotAllowedError extends Error {
  override readonly name = 'ActionNotAllowedError';
  constructor(
    message: string,
    readonly status: string,
    readonly allowedActions: readonly string[],
  ) {
    super(message);
  }
}
