/**
 * The browser's REST client: the session cookie goes with every call (same origin), the CSRF
 * token from sign-in with every unsafe one. Errors are RFC 9457 problems, thrown as ApiProblem.
 */

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  [extension: string]: unknown;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.problem.status;
  }
}

const CSRF_KEY = 'interlend.csrf';
const SAFE = new Set(['GET', 'HEAD']);

export function rememberCsrfToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(CSRF_KEY);
  else sessionStorage.setItem(CSRF_KEY, token);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (!SAFE.has(method) && csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (json ?? { status: response.status, title: response.statusText }) as Problem;
    throw new ApiProblem({ ...problem, status: problem.status ?? response.status });
  }
  return json as T;
}

/** `/api/v1/institutions/{symbol}` + rest: every institution-scoped route. */
export function institutionPath(symbol: string, rest = ''): string {
  return `/api/v1/institutions/${encodeURIComponent(symbol)}${rest}`;
}
