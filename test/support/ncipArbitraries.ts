/**
 * Random NCIP messages of any kind, generated from the grammar itself (so every content model
 * the builder can meet is exercised): a seeded generator picks choice branches and occurrence
 * counts, optional elements get rarer with depth, leaves get random but lexically valid values
 * (any XML characters in strings and schemes, real dateTimes, in-range integers).
 */
import fc from 'fast-check';
import { definitionOf, type Particle } from '../../src/protocols/ncip/grammar.js';
import { keyOf, type NcipMessage, type NcipStruct, type NcipValue } from '../../src/protocols/ncip/index.js';
import { canRepeat } from '../../src/protocols/ncip/parse.js';
import { mulberry32 } from './prng.js';

/** The messages issue 6 exchanges (requests and their responses). */
export const ISSUE6_SERVICES = [
  'LookupUser',
  'AcceptItem',
  'CheckOutItem',
  'CheckInItem',
  'RequestItem',
  'RenewItem',
  'RecallItem',
  'CancelRequestItem',
  'DeleteItem',
  'ItemShipped',
  'ItemReceived',
  'ItemRequestCancelled',
  'UpdateCirculationStatus',
  'CreateUserFiscalTransaction',
] as const;
export const ISSUE6_KINDS: string[] = ISSUE6_SERVICES.flatMap((s) => [s, `${s}Response`]);

type Random = () => number;

const ALPHABET = ['a', 'Z', '7', ' ', '&', '<', '>', '"', "'", '\t', '\n', 'é', 'ß', '中', '😀', '-', '/', ':', ']]>', '\r'];

function text(r: Random): string {
  const n = Math.floor(r() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)] ?? 'a';
  return s;
}

function dateTime(r: Random): string {
  const ms = Date.UTC(1990, 0, 1) + Math.floor(r() * 60 * 365 * 86_400_000);
  const iso = new Date(ms).toISOString();
  return r() < 0.5 ? iso : iso.replace('.000Z', '').replace('Z', '+02:00');
}

function leaf(name: string, r: Random): NcipValue {
  const def = definitionOf(name);
  if (def?.t !== 'leaf') throw new Error(`${name} is not a leaf`);
  switch (def.leaf) {
    case 'empty':
      return true;
    case 'string':
      return text(r);
    case 'token':
      return def.values?.[Math.floor(r() * def.values.length)] ?? '';
    case 'dateTime':
      return dateTime(r);
    case 'scheme':
      return r() < 0.3 ? { value: text(r) } : { scheme: `http://example.org/schemes/${Math.floor(r() * 100)}.scm`, value: text(r) };
    case 'positiveInteger':
      return 1 + Math.floor(r() * 1000);
    case 'nonNegativeInteger':
      return Math.floor(r() * 1000);
    default:
      return Math.floor(r() * 2000) - 1000;
  }
}

function occurrences(p: Particle, r: Random, depth: number): number {
  const optionalChance = depth > 5 ? 0.05 : 0.6 - depth * 0.08;
  let n = p.min;
  const cap = Math.min(p.max, p.min + 2);
  while (n < cap && r() < optionalChance) n += 1;
  return n;
}

function names(p: Particle, r: Random, depth: number, out: string[]): void {
  const n = occurrences(p, r, depth);
  for (let i = 0; i < n; i++) {
    if (p.p === 'element') out.push(p.name);
    else if (p.p === 'seq') for (const item of p.items) names(item, r, depth, out);
    else if (p.p === 'choice') {
      const item = p.items[Math.floor(r() * p.items.length)];
      if (item) names(item, r, depth, out);
    }
  }
}

function element(name: string, r: Random, depth: number): NcipValue {
  const def = definitionOf(name);
  if (!def) throw new Error(`unknown ${name}`);
  if (def.t === 'leaf') return leaf(name, r);
  // Ext stays empty here: its raw content is covered by the sample and unit tests.
  if (name === 'Ext') return [];
  const children: string[] = [];
  names(def.content, r, depth, children);
  const out: NcipStruct = {};
  for (const child of children) {
    const value = element(child, r, depth + 1);
    const key = keyOf(child);
    if (canRepeat(name, child)) out[key] = [...((out[key] as NcipValue[] | undefined) ?? []), value];
    else out[key] = value;
  }
  return out;
}

export function randomMessage(kind: string, seed: number): NcipMessage {
  const body = element(kind, mulberry32(seed), 0);
  return { kind, body: body as NcipMessage['body'] };
}

export function ncipMessageArbitrary(kind: string): fc.Arbitrary<NcipMessage> {
  return fc.integer().map((seed) => randomMessage(kind, seed));
}
