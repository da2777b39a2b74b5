import { api, rememberCsrfToken } from './client.js';

/** Who is signed in, as `GET /api/v1/session` tells. */
export interface Me {
  kind: 'staff' | 'patron';
  username: string;
  /** The institution's symbol used in API paths (e.g. `US-NSU`). */
  institution: string;
  institutionName: string;
  roles: string[];
  patronId: string | null;
}

export async function signIn(institution: string, username: string, password: string): Promise<Me> {
  const session = await api<{ csrfToken: string }>('POST', '/api/v1/session', { institution, username, password });
  rememberCsrfToken(session.csrfToken);
  return currentUser();
}

export async function currentUser(): Promise<Me> {
  return api<Me>('GET', '/api/v1/session');
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/api/v1/session');
  rememberCsrfToken(null);
}
