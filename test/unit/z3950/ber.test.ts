import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BerError,
  type BerNode,
  bitStringContent,
  constructed,
  ctx,
  decode,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOid,
  decodeString,
  encode,
  frameLength,
  integerContent,
  oidContent,
  primitive,
  type TagClass,
  uni,
} from '../../../src/protocols/z3950/ber.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('BER encoding', () => {
  it('encodes integers in minimal two’s complement', () => {
    expect(hex(integerContent(0))).toBe('00');
    expect(hex(integerContent(127))).toBe('7f');
    expect(hex(integerContent(128))).toBe('0080');
    expect(hex(integerContent(256))).toBe('0100');
    expect(hex(integerContent(-1))).toBe('ff');
    expect(hex(integerContent(-128))).toBe('80');
    expect(hex(integerContent(-129))).toBe('ff7f');
    expect(() => integerContent(2 ** 60)).toThrow(BerError);
  });

  it('encodes OIDs (USMARC 1.2.840.10003.5.10)', () => {
    expect(hex(oidContent('1.2.840.10003.5.10'))).toBe('2a8648ce13050a');
    expect(() => oidContent('1.x')).toThrow(BerError);
    expect(() => oidContent('3.1')).toThrow(BerError);
  });

  it('encodes named bit strings with the unused-bits octet', () => {
    expect(hex(bitStringContent([0, 1, 2], 3))).toBe('05e0');
    expect(hex(bitStringContent([0, 1], 16))).toBe('00c000');
  });

  it('uses the short length form below 128 and the long form above', () => {
    expect(hex(encode(ctx.octets(45, Buffer.alloc(127))).subarray(0, 3))).toBe('9f2d7f');
    expect(hex(encode(ctx.octets(4, Buffer.alloc(128))).subarray(0, 3))).toBe('848180');
    expect(hex(encode(ctx.octets(4, Buffer.alloc(70000))).subarray(0, 5))).toBe('8483011170');
  });

  it('encodes tag numbers > 30 in the high-tag-number form', () => {
    expect(hex(encode(ctx.int(31, 1)))).toBe('9f1f0101');
    expect(hex(encode(ctx.int(110, 1)))).toBe('9f6e0101');
    expect(hex(encode(ctx.int(211, 0)))).toBe('9f81530100');
    expect(hex(encode(ctx.seq(1211, [])))).toBe('bf893b00');
  });
});

describe('BER round trips', () => {
  it('round-trips primitives', () => {
    for (const n of [0, 1, -1, 127, 128, -128, -129, 255, 256, 65535, 123456789, -123456789, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(decodeInteger(decode(encode(uni.int(n))))).toBe(n);
    }
    for (const oid of ['1.2.840.10003.5.10', '1.2.840.10003.5.102', '1.2.840.10003.3.1', '2.999.1', '0.0']) {
      expect(decodeOid(decode(encode(uni.oid(oid))))).toBe(oid);
    }
    expect(decodeBoolean(decode(encode(ctx.bool(16, true))))).toBe(true);
    expect(decodeBoolean(decode(encode(ctx.bool(16, false))))).toBe(false);
    expect(decodeBitString(decode(encode(ctx.bits(3, [0, 1, 2], 3))))).toEqual([0, 1, 2]);
    expect(decodeString(decode(encode(ctx.str(111, 'Bibliothèque ünd 漢字'))))).toBe('Bibliothèque ünd 漢字');
  });

  const classes: TagClass[] = ['universal', 'application', 'context', 'private'];
  const leaf: fc.Arbitrary<BerNode> = fc
    .record({ cls: fc.constantFrom(...classes), tag: fc.integer({ min: 0, max: 100_000 }), value: fc.uint8Array({ maxLength: 300 }) })
    .map(({ cls, tag, value }) => primitive(cls, tag, Buffer.from(value)));
  const tree = fc.letrec<{ node: BerNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .record({ cls: fc.constantFrom(...classes), tag: fc.integer({ min: 0, max: 100_000 }), children: fc.array(tie('node'), { maxLength: 5 }) })
        .map(({ cls, tag, children }) => constructed(cls, tag, children)),
    ),
  })).node;

  it('decode(encode(x)) equals x for arbitrary trees (long lengths, high tags)', () => {
    fc.assert(
      fc.property(tree, (node) => {
        expect(decode(encode(node))).toEqual(node);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a large element (long length form)', () => {
    const big = Buffer.alloc(200_000, 7);
    const node = ctx.seq(28, [ctx.octets(1, big), ctx.int(1211, 5)]);
    expect(decode(encode(node))).toEqual(node);
  });

  it('decodes the indefinite length form', () => {
    // [context 1] constructed, indefinite, containing INTEGER 5, then end-of-contents.
    const buf = Buffer.from('a180020105' + '0000', 'hex');
    const node = decode(buf);
    expect(node.children).toHaveLength(1);
    expect(decodeInteger(node.children[0] as BerNode)).toBe(5);
    expect(frameLength(Buffer.concat([buf, Buffer.from('ff', 'hex')]))).toBe(buf.length);
  });
});

describe('framing', () => {
  it('tells whether a complete element is buffered', () => {
    const full = encode(ctx.seq(23, [ctx.int(23, 5), ctx.octets(4, Buffer.alloc(1000))]));
    for (const cut of [0, 1, 2, 3, 10, full.length - 1]) expect(frameLength(full.subarray(0, cut))).toBeNull();
    expect(frameLength(full)).toBe(full.length);
    expect(frameLength(Buffer.concat([full, full]))).toBe(full.length);
  });
});

describe('malformed input', () => {
  const bad: [string, string][] = [
    ['empty', ''],
    ['missing length', '02'],
    ['truncated content', '020401'],
    ['truncated long length', '0482'],
    ['truncated high tag', '9f'],
    ['truncated high tag continuation', '9f81'],
    ['reserved length 0xff', '04ff'],
    ['indefinite length on a primitive', '0480'],
    ['child overruns parent', '3003020501'],
    ['indefinite without end-of-contents', 'a180020105'],
    ['length far too large', '0487ffffffffffffff'],
    ['trailing octets', '02010100'],
    ['high tag with leading zero', '9f8001'],
  ];
  it.each(bad)('%s → BerError', (_name, h) => {
    expect(() => decode(Buffer.from(h, 'hex'))).toThrow(BerError);
  });

  it('rejects excessive nesting instead of overflowing the stack', () => {
    let node: BerNode = primitive('universal', 5, Buffer.alloc(0));
    for (let i = 0; i < 200; i++) node = uni.seq([node]);
    expect(() => decode(encode(node))).toThrow(expect.objectContaining({ code: 'too-deep' }));
  });

  it('never throws anything but BerError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decode(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(BerError);
        }
        try {
          frameLength(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(BerError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('content decoders reject bad content with BerError', () => {
    expect(() => decodeInteger(primitive('universal', 2, Buffer.alloc(0)))).toThrow(BerError);
    expect(() => decodeInteger(primitive('universal', 2, Buffer.alloc(9, 1)))).toThrow(BerError);
    expect(() => decodeBoolean(primitive('universal', 1, Buffer.alloc(2)))).toThrow(BerError);
    expect(() => decodeOid(primitive('universal', 6, Buffer.from('2a86', 'hex')))).toThrow(BerError);
    expect(() => decodeBitString(primitive('universal', 3, Buffer.from('09ff', 'hex')))).toThrow(BerError);
  });
});

