import { hashPassword } from '../../../src/services/auth/password.js';

/** A password for test accounts; hashed once per run with cheap scrypt parameters (tests only). */
export const TEST_PASSWORD = 'correct horse battery staple';
let testHash: Promise<string> | undefined;
export function testPasswordHash(): Promise<string> {
  testHash ??= hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 });
  return testHash;
}

export interface Session {
  token: string;
  csrfToken: string;
  expiresAt: string;
  cookie: string;
}

/** Signs in through the API and answers the token, the CSRF token and the cookie it set. */
export async function signIn(base: string, institution: string, username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ institution, username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${username} at ${institution} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as Omit<Session, 'cookie'>;
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { ...body, cookie };
}

export function bearer(session: Session): Record<string, string> {
  return { authorization: `Bearer ${session.token}` };
}
