import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from '../../../src/services/auth/password.js';
import { newSecret, sameHash, sha256 } from '../../../src/services/auth/tokens.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const hash = await hashPassword('s3cret-enough', cheap);
    expect(await verifyPassword('s3cret-enough', hash)).toBe(true);
    expect(await verifyPassword('s3cret-enougH', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('stores scrypt parameters and a fresh salt with each hash', async () => {
    const [a, b] = [await hashPassword('same', cheap), await hashPassword('same', cheap)];
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('uses N = 16384 by default', async () => {
    expect(await hashPassword('x')).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it.each([
    ['a plaintext password', 'demo'],
    ['another algorithm', '$2b$10$abcdefghijklmnopqrstuv'],
    ['N not a power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a truncated hash', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'],
  ])('refuses %s as a hash, and never matches it', async (_name, text) => {
    expect(isPasswordHash(text)).toBe(false);
    expect(await verifyPassword('demo', text)).toBe(false);
  });
});

describe('tokens', () => {
  it('are random, URL-safe and stored as sha256', () => {
    const [a, b] = [newSecret(), newSecret()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(sha256(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(sha256(a), sha256(a))).toBe(true);
    expect(sameHash(sha256(a), sha256(b))).toBe(false);
    expect(sameHash(sha256(a), 'abcd')).toBe(false);
  });
});
