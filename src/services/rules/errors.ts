import { InvalidInputError } from '../errors.js';

/**
 * A rule or template that cannot be saved as given, with where in it the problem is, so the
 * API answers 400 naming the field and the network loader names the file path.
 */
export class RuleInputError extends InvalidInputError {
  constructor(
    readonly path: readonly (string | number)[],
    readonly problem: string,
  ) {
    // Dotted like the schema problems of the same body (parseOrThrow).
    super(`${path.join('.')}: ${problem}`);
  }
}
