import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretHash, sha256Bytes, sha256Hex } from '../../../../src/web/text/sha256.js';

const nodeHex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256 (pure, for inbound partner secrets)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it.each([
    ['empty', ''],
    ['ASCII', 'very-secret-token-42'],
    ['with spaces and symbols', ' p@ss w0rd:!#$%^&*() '],
    ['UTF-8 two-byte', 'Grüße aus Köln'],
    ['UTF-8 three-byte', '図書館間貸出'],
    ['UTF-8 four-byte (emoji, surrogate pairs)', '📚🔑 secret 𝄞'],
    ['newlines and tabs', 'line1\nline2\r\n\tend'],
  ])('equals node:crypto for %s', (_name, text) => {
    expect(sha256Hex(text)).toBe(nodeHex(text));
  });

  it('equals node:crypto at every length around the padding boundaries (0–200 bytes)', () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text), `length ${length}`).toBe(nodeHex(text));
    }
    // 55 bytes fit the length in one block; 56 need a second; 64 is exactly one block.
    for (const length of [55, 56, 63, 64, 65, 119, 120, 127, 128]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      expect(Buffer.from(sha256Bytes(bytes)).toString('hex'), `bytes ${length}`).toBe(nodeHex(bytes));
    }
  });

  it('equals node:crypto for multi-byte text crossing the boundaries', () => {
    for (let repeat = 1; repeat <= 40; repeat++) {
      const text = 'é€😀'.repeat(repeat);
      expect(sha256Hex(text)).toBe(nodeHex(text));
    }
  });

  it('equals node:crypto for random bytes and for 1 MB', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 50; i++) {
      const bytes = new Uint8Array(next() * 3).map(() => next());
      expect(Buffer.from(sha256Bytes(bytes)).toString('hex')).toBe(nodeHex(bytes));
    }
    const megabyte = new Uint8Array(1024 * 1024).map(() => next());
    expect(Buffer.from(sha256Bytes(megabyte)).toString('hex')).toBe(nodeHex(megabyte));
    const text = 'a'.repeat(1024 * 1024);
    expect(sha256Hex(text)).toBe(nodeHex(text));
  });

  it('gives the API stored form', () => {
    expect(secretHash('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretHash('x')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
