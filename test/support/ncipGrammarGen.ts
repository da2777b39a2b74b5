/**
 * Derives the NCIP grammar table (src/protocols/ncip/grammar.table.ts) from ncip_v2_02.xsd.
 * The unit test compares the committed table with this output, so the table cannot drift from
 * the XSD; run `npx tsx test/support/ncipGrammarGen.ts > src/protocols/ncip/grammar.table.ts`
 * to regenerate it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readXml, type XmlElement } from '../../src/protocols/iso18626/xml.js';
import { STANDARDS_DIR } from './standards.js';

export const NCIP_XSD = `${STANDARDS_DIR}ncip/ncip_v2_02.xsd`;

function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}

function suffix(el: XmlElement): string {
  const min = attr(el, 'minOccurs') ?? '1';
  const max = attr(el, 'maxOccurs') ?? '1';
  if (min === '1' && max === '1') return '';
  if (min === '0' && max === '1') return '?';
  if (min === '0' && max === 'unbounded') return '*';
  if (min === '1' && max === 'unbounded') return '+';
  throw new Error(`unsupported occurrence ${min}..${max}`);
}

function particle(el: XmlElement): string {
  if (el.name === 'element') return `${attr(el, 'ref') ?? '?'}${suffix(el)}`;
  if (el.name === 'any') return `#any${suffix(el)}`;
  const inner = el.children.map(particle);
  if (el.name === 'sequence') return `[${inner.join(' ')}]${suffix(el)}`;
  if (el.name === 'choice') return `(${inner.join(' | ')})${suffix(el)}`;
  throw new Error(`unsupported particle ${el.name}`);
}

function definition(el: XmlElement): string {
  const type = attr(el, 'type');
  if (type === 'SchemeValuePair') return '#scheme';
  if (type !== undefined) return `#${type.replace('xs:', '')}`;
  const [first] = el.children;
  if (!first) return '#string';
  if (first.name === 'simpleType') {
    const values = first.children.flatMap((r) => r.children).map((e) => attr(e, 'value') ?? '');
    return `#token:${values.join('|')}`;
  }
  const [content] = first.children.filter((c) => c.name !== 'attribute');
  if (!content) return '';
  const body = particle(content);
  // A top-level sequence needs no brackets in the table.
  return body.startsWith('[') && body.endsWith(']') ? body.slice(1, -1) : body;
}

export function generateGrammarTable(): string {
  // Comments are dropped first: the XSD's change history trips the DOCTYPE guard.
  const read = readXml(readFileSync(NCIP_XSD, 'utf8').replace(/<!--[\s\S]*?-->/g, ''));
  if (!read.ok) throw new Error(read.reason);
  const lines = read.root.children
    .filter((c) => c.name === 'element')
    .map((c) => `  ${attr(c, 'name') ?? '?'}: ${JSON.stringify(definition(c)).replace(/^"|"$/g, "'")},`);
  return [
    '/**',
    ' * NCIP 2.02 grammar, generated from ncip_v2_02.xsd by test/support/ncipGrammarGen.ts (a unit test',
    ' * checks it is current). Each global element maps to its content model: `A B? C* D+` is a',
    ' * sequence, `(A | B)` a choice, `[A B]` a nested sequence, `#any` any element (Ext); a leaf is',
    ' * `#string`, `#dateTime`, `#scheme` (SchemeValuePair: text with an optional Scheme attribute),',
    " * `#token:a|b` (an enumeration), an integer type, or '' (an empty flag element).",
    ' */',
    'export const GRAMMAR_TABLE: Record<string, string> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(generateGrammarTable());
