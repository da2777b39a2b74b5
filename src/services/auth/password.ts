import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64). The parameters are stored
 * with each hash, so raising them later keeps old hashes verifiable.
 */
const DEFAULT_PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]{16,}={0,2})\$([A-Za-z0-9+/]{40,}={0,2})$/;

export const PASSWORD_HASH_HINT = 'expected a scrypt hash (scrypt$N$r$p$salt$hash), as printed by `npx interlend hash-password`; never a plaintext password';

function derive(password: string, salt: Buffer, length: number, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: N=2^17 with r=8 needs 128 MiB; the default limit (32 MiB) would refuse stronger hashes.
    scrypt(password.normalize('NFC'), salt, length, { ...params, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  params: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = FORMAT.exec(stored);
  if (!match) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // N must be a power of two above 1; r and p small positive numbers.
  if (N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 20 || r < 1 || p < 1) return undefined;
  return { params: { N, r, p }, salt: Buffer.from(match[4] as string, 'base64'), key: Buffer.from(match[5] as string, 'base64') };
}

export function isPasswordHash(text: string): boolean {
  return parseHash(text) !== undefined;
}

/** Constant-time comparison; an unparsable stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** A hash of nothing anyone knows: unknown usernames are verified against it, so they take as long as wrong passwords. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
