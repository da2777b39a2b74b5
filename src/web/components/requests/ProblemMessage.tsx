import { ApiProblem } from '../../api/client.js';

/** An API problem (RFC 9457) in words: its title, detail and, for a refused action, what is allowed now. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const p = error.problem;
    const parts = [p.title, p.detail].filter((s): s is string => typeof s === 'string' && s.length > 0);
    if (typeof p['currentStatus'] === 'string') parts.push(`Current status: ${p['currentStatus']}.`);
    return parts.join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}

export function isGatewayProblem(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 502;
}
