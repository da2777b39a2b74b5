/**
 * Writes config/demo-catalogue/{NSU,HCPL,LKC}.xml, the MARCXML catalogues of the demo consortium
 * (`npm run demo:catalogue`; a directory as argument writes there instead). Deterministic: a seeded PRNG, no network, so a rerun rewrites the
 * same files. Works come from scripts/demo-catalogue/works.ts; some are held by all three
 * libraries, some by two, most by one, so locate finds, misses and finds-but-unavailable.
 * Items are Koha-style 952 fields ($a library, $c location, $o call number, $p barcode,
 * $q due date when on loan, $7 not for loan, $1 lost) as src/protocols/marc/extract.ts reads them.
 *
 * Try these (README "Demo catalogue"):
 * - "Where the crawdads sing", Delia Owens, ISBN 9780735219090: only HCPL, on the shelf.
 * - "Sapiens", Yuval N. Harari, ISBN 9780062316097: only LKC, and its one copy is on loan.
 * - "To kill a mockingbird", Harper Lee, ISBN 9780060935467: all three, on the shelf.
 * - "The overstory", Richard Powers, ISBN 9780393635522: nobody holds it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERIALS, WORKS } from './demo-catalogue/works.js';
import { mulberry32 } from '../test/support/prng.js';

type Code = 'NSU' | 'HCPL' | 'LKC';
const INSTITUTIONS: Code[] = ['NSU', 'HCPL', 'LKC'];

/** The try-these works: who holds them and how (the rest is left to the PRNG). */
const FIXED: Record<string, { holders: Code[]; status: 'available' | 'on-loan' }> = {
  '9780735219090': { holders: ['HCPL'], status: 'available' },
  '9780062316097': { holders: ['LKC'], status: 'on-loan' },
  '9780060935467': { holders: ['NSU', 'HCPL', 'LKC'], status: 'available' },
};

const random = mulberry32(20261125);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');

function isbn13Check(body12: string): string {
  const sum = [...body12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return String((10 - (sum % 10)) % 10);
}
function isbn10Check(body9: string): string {
  const sum = [...body9].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
function issnCheck(body7: string): string {
  const sum = [...body7].reduce((s, d, i) => s + Number(d) * (8 - i), 0);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

interface Work {
  title: string;
  subtitle: string;
  author: string;
  dates: string;
  year: number;
  lc: string;
  dewey: string;
  subjects: string[];
  edition: string;
  isbn13: string;
  lccn: string;
  oclc: string;
  publisher: [string, string, string];
}

const TRADE: [string, string, string][] = [
  ['New York', 'Penguin Books', 'nyu'],
  ['New York', 'Vintage Books', 'nyu'],
  ['New York', 'Random House', 'nyu'],
  ['New York', 'W. W. Norton & Company', 'nyu'],
  ['New York', 'Harper Perennial', 'nyu'],
  ['New York', 'Alfred A. Knopf', 'nyu'],
  ['New York', 'Scribner', 'nyu'],
  ['New York', 'Farrar, Straus and Giroux', 'nyu'],
  ['Boston', 'Little, Brown and Company', 'mau'],
  ['London', 'Penguin Classics', 'enk'],
];
const ACADEMIC: [string, string, string][] = [
  ['Oxford', 'Oxford University Press', 'enk'],
  ['Cambridge', 'Cambridge University Press', 'enk'],
  ['Princeton, New Jersey', 'Princeton University Press', 'nju'],
  ['Cambridge, Massachusetts', 'The MIT Press', 'mau'],
  ['Chicago', 'University of Chicago Press', 'ilu'],
  ['New York', 'Basic Books', 'nyu'],
];

const usedIsbns = new Set<string>();
function newIsbn13(): string {
  for (;;) {
    const body = `978${pick(['0', '1'])}${digits(8)}`;
    const isbn = body + isbn13Check(body);
    if (!usedIsbns.has(isbn)) {
      usedIsbns.add(isbn);
      return isbn;
    }
  }
}
const isbn10Of = (isbn13: string) => isbn13.slice(3, 12) + isbn10Check(isbn13.slice(3, 12));
/** LCCN as 010 $a writes it: 3 blanks, then 2- (before 2001) or 4-digit year and a 6-digit serial. */
const lccnFor = (year: number) => (year < 2001 ? `   ${String(year).slice(2)}${digits(6)} ` : `   ${year}${digits(6)}`);
/** OCLC prefixes by length: ocm (8 digits), ocn (9), on (10 and more). */
function oclcFor(year: number): string {
  const n = String(year < 1995 ? int(1_000_000, 40_000_000) : year < 2008 ? int(40_000_000, 250_000_000) : year < 2015 ? int(250_000_000, 900_000_000) : int(900_000_000, 1_300_000_000));
  return n.length <= 8 ? `(OCoLC)ocm${n.padStart(8, '0')}` : n.length === 9 ? `(OCoLC)ocn${n}` : `(OCoLC)on${n}`;
}

const works: Work[] = WORKS.trim()
  .split('\n')
  .map((line) => {
    const [title = '', subtitle = '', author = '', dates = '', year = '', lc = '', dewey = '', subjects = '', edition = '', isbn = ''] = line.split('|');
    if (isbn !== '') {
      if (isbn13Check(isbn.slice(0, 12)) !== isbn.slice(12)) throw new Error(`bad ISBN ${isbn}`);
      usedIsbns.add(isbn);
    }
    const academic = /^[BHJQ]/.test(lc) && !/^QA76\.2|^QC16/.test(lc);
    return {
      title,
      subtitle,
      author,
      dates,
      year: Number(year),
      lc,
      dewey,
      subjects: subjects.split(';').filter(Boolean),
      edition,
      isbn13: isbn || newIsbn13(),
      lccn: lccnFor(Number(year)),
      oclc: oclcFor(Number(year)),
      publisher: pick(academic ? ACADEMIC : TRADE),
    };
  });

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
type Sub = [string, string];
const control = (tag: string, value: string) => `    <controlfield tag="${tag}">${escape(value)}</controlfield>`;
function data(tag: string, ind: string, subs: Sub[]): string {
  const inner = subs.map(([c, v]) => `<subfield code="${c}">${escape(v)}</subfield>`).join('');
  return `    <datafield tag="${tag}" ind1="${ind[0] ?? ' '}" ind2="${ind[1] ?? ' '}">${inner}</datafield>`;
}
const nonFiling = (title: string) => (/^The /.test(title) ? '4' : /^An /.test(title) ? '3' : /^A /.test(title) ? '2' : '0');
const fiction = (w: Work) => /^8[1-9]\d?\.?\d*/.test(w.dewey) && /Fiction|fiction/.test(w.subjects.join(' '));
const directName = (author: string) => (author.includes(', ') ? `${author.split(', ')[1]} ${author.split(', ')[0]}` : author);
const cutter = (word: string) => `${word.replace(/[^A-Za-z]/g, '').charAt(0).toUpperCase()}${int(2, 9)}${int(1, 9)}`;

function subjectFields(headings: string[]): string[] {
  return headings.map((heading) => {
    const [main = '', ...subdivisions] = heading.split('--');
    const subs: Sub[] = [['a', main], ...subdivisions.map((s): Sub => [s === 'Fiction' || s === 'Biography' || s.startsWith('Personal') || s === 'Popular works' ? 'v' : /^\d|History--|century$/.test(s) ? 'y' : 'x', s])];
    const last = subs[subs.length - 1] as Sub;
    last[1] = `${last[1]}.`.replace(/\.\.$/, '.');
    return data('650', ' 0', subs);
  });
}

interface Counters {
  record: number;
  barcode: number;
}
const BARCODE_PREFIX: Record<Code, string> = { NSU: '390010', HCPL: '320870', LKC: '350330' };
const LOAN_DATES = ['2026-12-03', '2026-12-10', '2026-12-17', '2027-01-07', '2027-01-21'];

function itemFields(code: Code, w: Work | undefined, callNumber: string, count: number, counters: Counters, forced?: 'available' | 'on-loan'): string[] {
  const science = w !== undefined && /^[QRST]/.test(w.lc);
  return Array.from({ length: count }, () => {
    counters.barcode += 1;
    const r = forced === 'available' ? 1 : forced === 'on-loan' ? 0 : random();
    const library = code === 'NSU' ? (science ? 'SCI' : 'MAIN') : code === 'HCPL' ? 'CENTRAL' : 'LIB';
    const reference = r >= 0.15 && r < 0.2;
    const location = w === undefined ? 'PERIODICALS' : reference ? 'REF' : w.year >= 2020 ? 'NEWBOOKS' : code === 'HCPL' ? (fiction(w) ? 'FICTION' : 'NONFICTION') : 'STACKS';
    const subs: Sub[] = [
      ['a', library],
      ['b', library],
      ['c', location],
      ['d', `${Math.max(w?.year ?? 2015, 2000) + int(0, 3)}-0${int(1, 9)}-1${int(0, 9)}`],
      ['o', callNumber],
      ['p', `${BARCODE_PREFIX[code]}${String(counters.barcode).padStart(8, '0')}`],
    ];
    if (r < 0.15) subs.push(['q', pick(LOAN_DATES)]);
    subs.push(['y', w === undefined ? 'SER' : reference ? 'REF' : 'BK']);
    if (reference) subs.push(['7', '1']);
    else if (r >= 0.2 && r < 0.22) subs.push(['1', '1']);
    return data('952', '  ', subs);
  });
}

function bookRecord(code: Code, w: Work, counters: Counters): string {
  counters.record += 1;
  const id = `${code.toLowerCase()}${String(counters.record).padStart(6, '0')}`;
  const [place, publisher, country] = w.publisher;
  const entered = `${String(w.year + 1).slice(2)}0${int(1, 9)}1${int(0, 9)}`.slice(0, 6);
  // 008 for books: dates, place, then illustrations..biography (18-34), language, source.
  const f008 = `${entered}s${w.year}    ${country}${' '.repeat(11)}00${int(0, 1)} ${fiction(w) ? '1' : '0'} eng d`;
  const personal = w.author.includes(', ');
  const surname = w.author.split(', ')[0] ?? w.author;
  // A class number that already has a cutter takes a second one from the title, without a period.
  const hasCutter = /\.[A-Z]/.test(w.lc);
  const lcCutter = hasCutter ? cutter(w.title.replace(/^(The|An|A) /, '')) : `.${cutter(surname)}`;
  const lcCall = `${w.lc} ${lcCutter} ${w.year}`;
  const callNumber = code === 'HCPL' ? (fiction(w) ? `FIC ${surname.toUpperCase()}` : `${w.dewey} ${surname.slice(0, 3).toUpperCase()}`) : lcCall;
  const isbnForms = w.year < 2007 && random() < 0.5 ? [isbn10Of(w.isbn13)] : [w.isbn13];
  const pages = int(120, 880);
  const fields = [
    `    <leader>00000nam a2200000 i 4500</leader>`,
    control('001', id),
    control('003', code),
    control('005', `${2024 + int(0, 1)}0${int(1, 9)}1${int(0, 9)}120000.0`),
    control('008', f008.padEnd(40, ' ').slice(0, 40)),
    // Public library records often come without an LCCN; locate then falls back to ISBN.
    ...(code === 'HCPL' && random() < 0.2 ? [] : [data('010', '  ', [['a', w.lccn]])]),
    ...isbnForms.map((isbn) => data('020', '  ', [['a', isbn], ['q', pick(['(paperback)', '(hardcover)', '(paperback)'])]])),
    data('035', '  ', [['a', w.oclc]]),
    data('040', '  ', [['a', 'DLC'], ['b', 'eng'], ['e', 'rda'], ['c', 'DLC'], ['d', code]]),
    data('050', '00', [['a', w.lc], ['b', `${lcCutter} ${w.year}`]]),
    data('082', '04', [['a', w.dewey], ['2', '23']]),
    data('100', personal ? '1 ' : '0 ', [['a', `${w.author},`], ...(w.dates ? [['d', `${w.dates}${w.dates.endsWith('-') ? '' : '.'}`] as Sub] : []), ['e', 'author.']]),
    data('245', `1${nonFiling(w.title)}`, [
      ['a', w.subtitle ? `${w.title} :` : `${w.title} /`],
      ...(w.subtitle ? [['b', `${w.subtitle} /`] as Sub] : []),
      ['c', `${directName(w.author)}.`],
    ]),
    ...(w.edition ? [data('250', '  ', [['a', `${w.edition}.`]])] : []),
    data('264', ' 1', [['a', `${place} :`], ['b', `${publisher},`], ['c', `[${w.year}]`]]),
    data('300', '  ', [['a', `${pick(['', 'xi, ', 'xv, ', 'ix, '])}${pages} pages ;`], ['c', `${pick(['21', '23', '24'])} cm`]]),
    data('336', '  ', [['a', 'text'], ['b', 'txt'], ['2', 'rdacontent']]),
    data('337', '  ', [['a', 'unmediated'], ['b', 'n'], ['2', 'rdamedia']]),
    data('338', '  ', [['a', 'volume'], ['b', 'nc'], ['2', 'rdacarrier']]),
    ...subjectFields(w.subjects),
  ];
  const forced = FIXED[w.isbn13];
  const copies = forced ? 1 : code === 'HCPL' && fiction(w) ? pick([1, 2, 2, 3]) : pick([1, 1, 1, 1, 2, 2, 3]);
  return `  <record>\n${[...fields, ...itemFields(code, w, callNumber, copies, counters, forced?.status)].join('\n')}\n  </record>`;
}

function serialRecord(code: Code, line: string, oclc: string, counters: Counters): string {
  const [title = '', issn = '', place = '', publisher = '', frequency = '', start = '', lc = '', dewey = ''] = line.split('|');
  if (issnCheck(issn.replace('-', '').slice(0, 7)) !== issn.slice(-1)) throw new Error(`bad ISSN ${issn}`);
  counters.record += 1;
  const id = `${code.toLowerCase()}${String(counters.record).padStart(6, '0')}`;
  const f008 = `850101c${start}9999xx ${frequency === 'Weekly' ? 'w' : 'm'}r p       0   a0eng d`;
  const callNumber = code === 'HCPL' ? `${dewey} ${title.replace(/^The /, '').slice(0, 3).toUpperCase()}` : `${lc} .${cutter(title.replace(/^The /, ''))}`;
  const fields = [
    `    <leader>00000cas a2200000 a 4500</leader>`,
    control('001', id),
    control('003', code),
    control('008', f008.padEnd(40, ' ').slice(0, 40)),
    data('022', '0 ', [['a', issn]]),
    data('035', '  ', [['a', oclc]]),
    data('245', `0${nonFiling(title)}`, [['a', `${title}.`]]),
    data('260', '  ', [['a', `${place} :`], ['b', `${publisher},`], ['c', `${start}-`]]),
    data('310', '  ', [['a', frequency]]),
    data('362', '0 ', [['a', `${start}-`]]),
  ];
  return `  <record>\n${[...fields, ...itemFields(code, undefined, callNumber, pick([1, 2]), counters)].join('\n')}\n  </record>`;
}

/** Who holds each work: about a quarter all three, a third two, the rest one (NSU most). */
function holdersOf(w: Work): Code[] {
  const fixed = FIXED[w.isbn13];
  if (fixed) return fixed.holders;
  const r = random();
  if (r < 0.25) return [...INSTITUTIONS];
  if (r < 0.55) return pick<Code[]>([['NSU', 'HCPL'], ['NSU', 'LKC'], ['HCPL', 'LKC'], ['NSU', 'LKC']]);
  return [pick<Code>(['NSU', 'NSU', 'HCPL', 'HCPL', 'LKC'])];
}

const records: Record<Code, string[]> = { NSU: [], HCPL: [], LKC: [] };
const counters: Record<Code, Counters> = { NSU: { record: 0, barcode: 0 }, HCPL: { record: 0, barcode: 0 }, LKC: { record: 0, barcode: 0 } };
for (const w of works) for (const code of holdersOf(w)) records[code].push(bookRecord(code, w, counters[code]));
for (const line of SERIALS.trim().split('\n')) {
  const oclc = oclcFor(1980);
  for (const code of INSTITUTIONS) if (code !== 'HCPL' || random() < 0.5) records[code].push(serialRecord(code, line, oclc, counters[code]));
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Another directory as the first argument: the test compares a fresh run with the checked-in files.
const target = resolve(process.argv[2] ?? resolve(root, 'config/demo-catalogue'));
mkdirSync(target, { recursive: true });
for (const code of INSTITUTIONS) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generated by scripts/generate-demo-catalogue.ts (npm run demo:catalogue); do not edit by hand. -->\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${records[code].join('\n')}\n</collection>\n`;
  writeFileSync(resolve(target, `${code}.xml`), xml, 'utf8');
  process.stdout.write(`wrote ${resolve(target, `${code}.xml`)}: ${records[code].length} records, ${counters[code].barcode} items\n`);
}
