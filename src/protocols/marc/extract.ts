/** Match fields for locate, extracted from a MARC21 bibliographic record. Pure functions. */
import { controlField, dataFields, firstSubfield, subfieldValues, type MarcDataField, type MarcRecord } from './record.js';

export type HoldingStatus = 'available' | 'on-loan' | 'unavailable' | 'unknown';

export interface MarcHolding {
  /** Field the holding came from: 852 (MARC holdings location) or 952 (Koha items). */
  source: '852' | '952';
  library?: string;
  location?: string;
  callNumber?: string;
  barcode?: string;
  status: HoldingStatus;
  note?: string;
}

export interface MarcMatchFields {
  controlNumber?: string;
  controlNumberIdentifier?: string;
  title?: string;
  author?: string;
  isbns: string[];
  issns: string[];
  lccn?: string;
  oclcNumbers: string[];
  holdings: MarcHolding[];
}

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
/** Strips trailing ISBD punctuation (" /", " :", " ;", " =", ",", "."). */
const stripIsbd = (s: string): string => clean(s).replace(/\s*[/:;=,]\s*$/, '').replace(/(?<![A-Z])\.$/, '').trim();

/** ISBN → 10 or 13 characters, digits and a final X; undefined when it is not ISBN-shaped. */
export function normaliseIsbn(raw: string): string | undefined {
  const m = /[0-9][0-9\- ]{8,16}[0-9Xx]/.exec(raw);
  if (!m) return undefined;
  const s = m[0].replace(/[- ]/g, '').toUpperCase();
  if (/^[0-9]{9}[0-9X]$/.test(s) || /^97[89][0-9]{10}$/.test(s)) return s;
  return undefined;
}

/** ISSN → NNNN-NNNC; undefined when not ISSN-shaped. */
export function normaliseIssn(raw: string): string | undefined {
  const m = /([0-9]{4})-?([0-9]{3}[0-9Xx])/.exec(raw);
  return m ? `${m[1]}-${m[2]!.toUpperCase()}` : undefined;
}

/** LCCN normalisation per https://www.loc.gov/marc/lccn-namespace.html (blanks, "/…" suffix, hyphen padding). */
export function normaliseLccn(raw: string): string | undefined {
  let s = raw.replace(/\s+/g, '');
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  const hyphen = s.indexOf('-');
  if (hyphen >= 0) {
    const right = s.slice(hyphen + 1);
    if (!/^[0-9]{1,6}$/.test(right)) return undefined;
    s = s.slice(0, hyphen) + right.padStart(6, '0');
  }
  return /^[a-z]{0,3}[0-9]{8,10}$/.test(s) ? s : undefined;
}

/** "(OCoLC)ocm00012345" → "12345"; undefined when not an OCLC number. */
export function normaliseOclc(raw: string): string | undefined {
  const m = /^\s*\(OCoLC\)\s*(?:ocm|ocn|on)?\s*0*([0-9]+)\s*$/i.exec(raw);
  return m ? m[1] : undefined;
}

function uniq(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function holdingFrom852(f: MarcDataField): MarcHolding {
  const call = [...subfieldValues(f, 'h'), ...subfieldValues(f, 'i')].join(' ');
  return compact({
    source: '852',
    library: firstSubfield(f, 'a'),
    location: firstSubfield(f, 'b'),
    callNumber: call || undefined,
    barcode: firstSubfield(f, 'p'),
    status: 'unknown',
    note: firstSubfield(f, 'z'),
  });
}

/** Koha 952: $a home branch, $c location, $o call number, $p barcode, $q due date (on loan),
 * $0 withdrawn, $1 lost, $4 damaged, $7 not for loan. */
function holdingFrom952(f: MarcDataField): MarcHolding {
  const flag = (code: string) => {
    const v = firstSubfield(f, code);
    return v !== undefined && v.trim() !== '' && v.trim() !== '0';
  };
  const status: HoldingStatus = flag('0') || flag('1') || flag('4') || flag('7') ? 'unavailable' : flag('q') ? 'on-loan' : 'available';
  return compact({
    source: '952',
    library: firstSubfield(f, 'a'),
    location: firstSubfield(f, 'c'),
    callNumber: firstSubfield(f, 'o'),
    barcode: firstSubfield(f, 'p'),
    status,
    note: firstSubfield(f, 'z'),
  });
}

function compact(h: MarcHolding): MarcHolding {
  const out: MarcHolding = { source: h.source, status: h.status };
  for (const k of ['library', 'location', 'callNumber', 'barcode', 'note'] as const) {
    const v = h[k];
    if (v !== undefined && clean(v) !== '') out[k] = clean(v);
  }
  return out;
}

export function extractMatchFields(record: MarcRecord): MarcMatchFields {
  const out: MarcMatchFields = { isbns: [], issns: [], oclcNumbers: [], holdings: [] };
  const cn = controlField(record, '001');
  if (cn !== undefined && cn.trim() !== '') out.controlNumber = cn.trim();
  const cni = controlField(record, '003');
  if (cni !== undefined && cni.trim() !== '') out.controlNumberIdentifier = cni.trim();

  const f245 = dataFields(record, '245')[0];
  if (f245) {
    const parts = [...f245.subfields.filter((s) => s.code === 'a' || s.code === 'b').map((s) => stripIsbd(s.value))].filter(Boolean);
    if (parts.length > 0) out.title = parts.join(' : ');
  }
  for (const f of dataFields(record, '100', '110', '111')) {
    const a = firstSubfield(f, 'a');
    if (a !== undefined && clean(a) !== '') {
      out.author = clean(a).replace(/,$/, '');
      break;
    }
  }
  out.isbns = uniq(dataFields(record, '020').flatMap((f) => subfieldValues(f, 'a').map(normaliseIsbn)));
  out.issns = uniq(dataFields(record, '022').flatMap((f) => subfieldValues(f, 'a').map(normaliseIssn)));
  const lccn = dataFields(record, '010').flatMap((f) => subfieldValues(f, 'a').map(normaliseLccn)).find((v) => v !== undefined);
  if (lccn) out.lccn = lccn;
  out.oclcNumbers = uniq(dataFields(record, '035').flatMap((f) => subfieldValues(f, 'a').map(normaliseOclc)));
  out.holdings = [...dataFields(record, '852').map(holdingFrom852), ...dataFields(record, '952').map(holdingFrom952)];
  return out;
}
