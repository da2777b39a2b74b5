import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLIP_KINDS } from '../../../src/domain/slips/kinds.js';
import { CUT_SHORT_NOTE, decodeEntities, htmlToPrintBlocks, PRINT_LIMITS, type PrintBlock } from '../../../src/domain/slips/printBlocks.js';
import { toStandardFontText } from '../../../src/domain/slips/printableText.js';
import { renderSlip } from '../../../src/domain/slips/render.js';

const texts = (blocks: readonly PrintBlock[]) => blocks.map((b) => `${b.style}:${b.text}`);

describe('HTML to print blocks', () => {
  it('reads headings, paragraphs with line breaks, definition lists and the footer in order', () => {
    const html = `<!doctype html><html><head><title>Ignored</title><style>h1 { color: red }</style></head><body>
      <h1>Receive   slip</h1>
      <dl>
        <dt>Patron</dt>
        <dd>Ged &amp; Tenar</dd>
        <dt>Pickup</dt><dd>Main</dd>
      </dl>
      <h2>Ship to</h2>
      <address>North State<br>40 Campus Drive<br/>Northville</address>
      <footer>NSU &middot; printed now</footer>
    </body></html>`;
    expect(texts(htmlToPrintBlocks(html))).toEqual([
      'title:Receive slip',
      'text:Patron: Ged & Tenar',
      'text:Pickup: Main',
      'heading:Ship to',
      'text:North State\n40 Campus Drive\nNorthville',
      'small:NSU · printed now',
    ]);
  });

  it('prints a barcode on its own, after its label; in a table row, in its cell and large under the row', () => {
    expect(texts(htmlToPrintBlocks('<p>Item: <span class="big barcode">TMP-NSU-1</span> (temporary)</p>'))).toEqual(['text:Item:', 'barcode:TMP-NSU-1', 'text:(temporary)']);
    expect(texts(htmlToPrintBlocks('<dl><dt>Patron barcode</dt><dd><span class=\'barcode\'>P-7</span></dd></dl>'))).toEqual(['text:Patron barcode:', 'barcode:P-7']);
    const table = '<table><thead><tr><th>Location</th><th>Call number</th><th>Barcode</th></tr></thead><tbody><tr><td>Stacks</td><td></td><td><span class="barcode">HC-1</span></td></tr></tbody></table>';
    expect(texts(htmlToPrintBlocks(table))).toEqual(['text:Location | Call number | Barcode', 'text:Stacks | | HC-1', 'barcode:HC-1']);
  });

  it('prints lists as bulleted lines and a rule for hr; unclosed p and li close as in HTML', () => {
    expect(texts(htmlToPrintBlocks('<ul><li>one<li>two</ul><hr><p>a<p>b'))).toEqual(['text:• one', 'text:• two', 'rule:', 'text:a', 'text:b']);
  });

  it('never prints script, style or comments, and reads markup-looking data as text', () => {
    const rendered = renderSlip('<h1>{{title}}</h1><script>alert("x")</script><!-- <p>hidden</p> --><p>{{author}}</p><style>p{}</style>', {
      title: '<script>alert(1)</script> %PDF-1.7',
      author: '</p><h1>Evil</h1>',
    });
    expect(texts(htmlToPrintBlocks(rendered))).toEqual(['title:<script>alert(1)</script> %PDF-1.7', 'text:</p><h1>Evil</h1>']);
  });

  it('survives broken markup: stray closers, unterminated tags and quotes, a lone "<"', () => {
    expect(texts(htmlToPrintBlocks('</div>a < b</span><p class="x>y">c</p><p title="never closed>d'))).toEqual(['text:a < b', 'text:c']);
    expect(texts(htmlToPrintBlocks('<script>never closed <p>x</p>'))).toEqual([]);
    expect(texts(htmlToPrintBlocks('<!-- never closed <p>x</p>'))).toEqual([]);
  });

  it('decodes entities, refusing control characters and surrogates', () => {
    expect(decodeEntities('&lt;&#65;&#x42;&eacute;&unknown;&#0;&#xD800;&#x110000;&NBSP;')).toBe('<AB&eacute;&unknown;\u00a0');
  });

  it('cuts very long words so a line can hold them, keeping every character', () => {
    const word = 'x'.repeat(200);
    const [block] = htmlToPrintBlocks(`<p>${word}</p>`);
    expect(block?.text.split(' ').map((piece) => piece.length)).toEqual([60, 60, 60, 20]);
    expect(block?.text.replaceAll(' ', '')).toBe(word);
  });

  it('stays bounded: deep nesting, too many blocks, too much text', () => {
    const deep = `${'<div>'.repeat(10_000)}deep${'</div>'.repeat(10_000)}`;
    expect(texts(htmlToPrintBlocks(deep))).toEqual(['text:deep']);
    const many = htmlToPrintBlocks('<p>x</p>'.repeat(5_000));
    expect(many).toHaveLength(PRINT_LIMITS.maxBlocks);
    expect(many.at(-1)).toEqual({ style: 'small', text: CUT_SHORT_NOTE });
    const long = htmlToPrintBlocks(`<p>${'word '.repeat(100_000)}</p>`);
    expect(long.at(-1)?.text).toBe(CUT_SHORT_NOTE);
    expect(long[0]?.text.length).toBe(PRINT_LIMITS.maxChars);
    // Many small inline pieces make one long run: read once, cut at the bound.
    const pieces = htmlToPrintBlocks(`<p>${'<b>ab</b> '.repeat(200_000)}</p>`);
    expect(pieces.map((b) => b.text.length).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(PRINT_LIMITS.maxChars + CUT_SHORT_NOTE.length);
    expect(pieces.at(-1)?.text).toBe(CUT_SHORT_NOTE);
  });

  it.each(SLIP_KINDS)('reads the default %s template with every field it shows', (kind) => {
    const html = renderSlip(readFileSync(new URL(`../../../config/slip-templates/${kind}.html`, import.meta.url), 'utf8'), {
      institutionName: 'North State University',
      printedAt: '2026-03-01 10:00 UTC',
      requestNumber: 'NSU-000042',
      title: 'A Wizard of Earthsea',
      patronName: 'Ged',
      patronBarcode: 'P-7',
      temporaryBarcode: 'TMP-NSU-000042',
      barcode: 'HC-0001',
      borrower: 'North State University',
      lender: 'Harbor City Public Library',
      requester: 'North State University',
      shipTo: [{ line: '40 Campus Drive' }],
      returnTo: [{ line: '200 Harbor Street' }],
      items: [{ barcode: 'HC-0001', callNumber: 'PZ7 .L52', location: 'Stacks' }],
    });
    const blocks = htmlToPrintBlocks(html);
    const all = texts(blocks).join('\n');
    expect(blocks[0]?.style).toBe('title');
    expect(all).toContain('A Wizard of Earthsea');
    expect(all).toContain('NSU-000042');
    expect(blocks.some((b) => b.style === 'barcode')).toBe(true);
    expect(all).not.toMatch(/[<>]|\{\{|@page|font-family/);
  });
});

describe('text for the standard PDF fonts', () => {
  it('keeps Windows-1252 text, transliterates Cyrillic and Greek, drops accents it cannot print', () => {
    expect(toStandardFontText('Café – “Zoë” €5 · naïve')).toBe('Café – “Zoë” €5 · naïve');
    expect(toStandardFontText('Лев Толстой, Война и мир')).toBe('Lev Tolstoy, Voyna i mir');
    expect(toStandardFontText('Ομηρος Ὀδύσσεια')).toBe('Omiros Odysseia');
    expect(toStandardFontText('Łódź Őrség')).toBe('?ódz Orség');
  });

  it('prints "?" for scripts it cannot transliterate and drops invisible characters', () => {
    expect(toStandardFontText('東京\u200b\u0007x')).toBe('??x');
  });
});
