import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret for a session or its CSRF token: 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored as sha256: enough for 256-bit random secrets, and fast on every request. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
