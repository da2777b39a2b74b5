import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ActionNotAllowedError, ConflictError, DependencyUnavailableError, ExternalSystemError, InvalidInputError, NotFoundError } from '../../../services/errors.js';
import { isDatabaseUnavailable } from '../../../store/database.js';
import { sendProblem } from '../../problem.js';

/** Path parameters shared by every institution-scoped route. */
export const institutionParams = z.object({ symbol: z.string().min(1).max(120) });
export const requestParams = institutionParams.extend({ id: z.uuid() });

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ProblemError(400, `Invalid ${what}`, result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; '), {
    errors: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** Service errors and validation problems become RFC 9457 problem JSON; the rest is a 500. */
export function apiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ProblemError) {
    return sendProblem(reply, { status: error.status, title: error.title, detail: error.message, ...error.extensions });
  }
  if (error instanceof NotFoundError) return sendProblem(reply, { status: 404, title: 'Not found', detail: error.message });
  if (error instanceof InvalidInputError) return sendProblem(reply, { status: 400, title: 'Invalid request', detail: error.message });
  if (error instanceof ConflictError) return sendProblem(reply, { status: 409, title: 'Conflict', detail: error.message });
  if (error instanceof DependencyUnavailableError) return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: error.message });
  if (error instanceof ExternalSystemError) {
    const title = error.system === 'ils' ? 'The library system refused or did not answer' : 'The broker refused or did not answer';
    return sendProblem(reply, { status: 502, title, detail: error.message, system: error.system, override: 'repeat the action with "override": true to go ahead without it' });
  }
  if (error instanceof ActionNotAllowedError) {
    return sendProblem(reply, {
      status: 409,
      title: 'Action not allowed in the current status',
      detail: error.message,
      currentStatus: error.status,
      allowedActions: error.allowedActions,
    });
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    return sendProblem(reply, { status, title: 'Bad request', detail: (error as Error).message });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'API request failed: the database is unavailable');
    reply.header('retry-after', '5');
    return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: 'the database is not reachable at the moment; try again shortly' });
  }
  request.log.error({ err: error }, 'API request failed');
  return sendProblem(reply, { status: 500, title: 'Internal error', detail: 'the server could not complete the request' });
}

/** True when any string in `value` (walked without recursion: bodies may nest deeply) contains NUL. */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (next !== null && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/**
 * PostgreSQL text cannot hold NUL, so a path, query or body value with one can name or store
 * nothing; refused here as a bad request rather than failing in the database as a 500.
 */
export function refuseNulCharacters(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) {
    done(new ProblemError(400, 'Invalid request', 'text must not contain NUL characters (U+0000)'));
    return;
  }
  done();
}
