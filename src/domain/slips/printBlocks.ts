/**
 * A rendered slip (HTML from the institution's template) as print blocks for a PDF: headings,
 * paragraphs with their line breaks, definition lists, tables and lists as lines, and barcodes
 * on their own in a large monospace font. The HTML is only read, never run: a small scanner
 * keeps elements and text, drops scripts, styles, comments and the document head, and looks at
 * no attribute but `class`. Linear in the input; the output is bounded by PRINT_LIMITS.
 */

export type PrintStyle = 'title' | 'heading' | 'text' | 'small' | 'barcode' | 'rule';

export interface PrintBlock {
  style: PrintStyle;
  /** Lines separated by "\n"; empty for a rule. */
  text: string;
}

/** What a PDF slip may hold at most, whatever the template: a slip is a page or two, not a book. */
export const PRINT_LIMITS = { maxBlocks: 600, maxChars: 30_000, maxWordChars: 60, maxDepth: 64 } as const;

export const CUT_SHORT_NOTE = '[slip cut short: too long to print]';

interface Element {
  name: string;
  barcode: boolean;
  children: Node[];
}
type Node = Element | string;

/** Elements whose content is never text on the slip. */
const HIDDEN = new Set(['head', 'script', 'style', 'title', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'textarea', 'select', 'button']);
/** Elements whose content the scanner skips unread (their text is not markup). */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noscript', 'iframe', 'noembed', 'noframes', 'plaintext']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Opening one of these closes an open one of the same family, as HTML's optional end tags do. */
const CLOSES: Readonly<Record<string, readonly string[]>> = {
  p: ['p'],
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
};

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', middot: '·', bull: '•', copy: '©', reg: '®', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', euro: '€', pound: '£', sect: '§', deg: '°', times: '×', shy: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code === 9 || code === 10 || code === 13) return ' ';
      // Other controls, surrogates and out-of-range code points are not text.
      if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return '';
      return String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Reads the tag at `at` ("<name ...>"): its name, whether it is a barcode, and where it ends. Quoted attribute values may hold ">". */
function readTag(html: string, at: number): { name: string; barcode: boolean; selfClosing: boolean; end: number } {
  let i = at + 1;
  while (i < html.length && /[A-Za-z0-9:-]/.test(html[i] as string)) i++;
  const name = html.slice(at + 1, i).toLowerCase();
  const attrStart = i;
  let quote: string | undefined;
  for (; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') break;
  }
  const attributes = html.slice(attrStart, i);
  const classes = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
  const classList = (classes?.[1] ?? classes?.[2] ?? classes?.[3] ?? '').split(/\s+/);
  return { name, barcode: classList.includes('barcode'), selfClosing: attributes.trimEnd().endsWith('/'), end: Math.min(i + 1, html.length) };
}

/** The element tree of a document, forgiving as a browser is about unclosed and stray tags; depth capped. */
export function parseHtml(html: string): Element {
  const root: Element = { name: '#root', barcode: false, children: [] };
  const stack: Element[] = [root];
  const top = (): Element => stack[stack.length - 1] as Element;
  const lower = html.toLowerCase();
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    const textEnd = open < 0 ? html.length : open;
    if (textEnd > at) top().children.push(decodeEntities(html.slice(at, textEnd)));
    if (open < 0) break;
    const next = html[open + 1] ?? '';
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      at = close < 0 ? html.length : close + 3;
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', open);
      at = close < 0 ? html.length : close + 1;
    } else if (next === '/') {
      const tag = readTag(html, open + 1);
      at = tag.end;
      const index = stack.map((e) => e.name).lastIndexOf(tag.name);
      if (index > 0) stack.length = index;
    } else if (/[A-Za-z]/.test(next)) {
      const tag = readTag(html, open);
      at = tag.end;
      if (RAW_TEXT.has(tag.name)) {
        const close = lower.indexOf(`</${tag.name}`, at);
        const after = close < 0 ? -1 : html.indexOf('>', close);
        at = after < 0 ? html.length : after + 1;
        continue;
      }
      const closes = CLOSES[tag.name];
      if (closes && closes.includes(top().name)) stack.pop();
      const element: Element = { name: tag.name, barcode: tag.barcode, children: [] };
      top().children.push(element);
      if (!VOID.has(tag.name) && !tag.selfClosing && stack.length < PRINT_LIMITS.maxDepth) stack.push(element);
    } else {
      top().children.push('<');
      at = open + 1;
    }
  }
  return root;
}

/** Very long words would stall line breaking: cut them into pieces a line can hold. */
function breakLongWords(line: string): string {
  const max = PRINT_LIMITS.maxWordChars;
  return line.replace(new RegExp(`\\S{${max + 1},}`, 'gu'), (word) => (word.match(new RegExp(`.{1,${max}}`, 'gu')) ?? [word]).join(' '));
}

function tidy(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => breakLongWords(line.replace(/[\s\u00a0]+/g, ' ').trim()))
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

function textOf(node: Node): string {
  if (typeof node === 'string') return node;
  if (HIDDEN.has(node.name)) return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textOf).join('');
}

function styleOf(name: string, inherited: PrintStyle): PrintStyle {
  if (name === 'h1') return 'title';
  if (/^h[2-6]$/.test(name)) return 'heading';
  if (name === 'footer' || name === 'small') return 'small';
  return inherited;
}

/** The print blocks of a rendered slip, in reading order, bounded by PRINT_LIMITS. */
export function htmlToPrintBlocks(html: string): PrintBlock[] {
  const blocks: PrintBlock[] = [];
  let chars = 0;
  let full = false;
  const push = (style: PrintStyle, raw: string): void => {
    if (full) return;
    const text = style === 'rule' ? '' : tidy(raw);
    if (style !== 'rule' && text === '') return;
    if (blocks.length >= PRINT_LIMITS.maxBlocks - 1 || chars + text.length > PRINT_LIMITS.maxChars) {
      full = true;
      // What fits of the block still prints, so the reader sees where the slip was cut.
      const fits = blocks.length < PRINT_LIMITS.maxBlocks - 1 ? Array.from(text.slice(0, PRINT_LIMITS.maxChars - chars + 1)).slice(0, PRINT_LIMITS.maxChars - chars).join('') : '';
      if (fits !== '') blocks.push({ style, text: fits });
      blocks.push({ style: 'small', text: CUT_SHORT_NOTE });
      return;
    }
    chars += text.length;
    blocks.push({ style, text });
  };
  // The inline text gathered since the last block boundary, printed in the style of its block.
  let run = '';
  let runStyle: PrintStyle = 'text';
  // Whether the run has printable text yet (tracked, not re-read: a run can be long).
  let runStarted = false;
  const flush = (): void => {
    push(runStyle, run);
    run = '';
    runStarted = false;
  };
  // The barcodes of the table row being read, printed large after it.
  let rowBarcodes: string[] | undefined;
  let cells = 0;
  const walk = (element: Element, style: PrintStyle): void => {
    for (const child of element.children) {
      if (full) return;
      if (typeof child === 'string') {
        if (!runStarted && child.trim() !== '') {
          runStyle = style;
          runStarted = true;
        }
        // Line breaks in the source are spaces; only <br> breaks a line.
        run += child.replace(/[\t\n\r\f ]+/g, ' ');
        continue;
      }
      const name = child.name;
      if (HIDDEN.has(name)) continue;
      if (name === 'br') {
        run += '\n';
      } else if (child.barcode && rowBarcodes) {
        // In a table row the barcode stays in its cell and prints large under the row.
        const barcode = textOf(child).replace(/\s+/g, ' ');
        run += barcode;
        rowBarcodes.push(barcode);
      } else if (child.barcode) {
        flush();
        push('barcode', textOf(child).replace(/\s+/g, ' '));
      } else if (name === 'hr') {
        flush();
        push('rule', '');
      } else if (name === 'dt') {
        // "Label: value" on one line, the value from the dd that follows.
        flush();
        walk(child, styleOf(name, style));
        run += ': ';
      } else if (name === 'dd') {
        walk(child, style);
        flush();
      } else if (name === 'li') {
        flush();
        run = '• ';
        runStyle = style;
        runStarted = true;
        walk(child, style);
        flush();
      } else if (name === 'tr') {
        flush();
        const outer = { rowBarcodes, cells };
        rowBarcodes = [];
        cells = 0;
        walk(child, style);
        flush();
        for (const barcode of rowBarcodes) push('barcode', barcode);
        ({ rowBarcodes, cells } = outer);
      } else if (name === 'td' || name === 'th') {
        if (cells > 0) run += ' | ';
        cells += 1;
        walk(child, style);
      } else if (BLOCK.has(name)) {
        flush();
        walk(child, styleOf(name, style));
        flush();
      } else {
        walk(child, styleOf(name, style));
      }
    }
  };
  walk(parseHtml(html), 'text');
  flush();
  return blocks;
}
