import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addressLines, chooseAddress, SLIP_KINDS, SLIPS, slipRefusal } from '../../../src/domain/slips/kinds.js';
import { checkSlipTemplate, escapeHtml, renderSlip, TEMPLATE_LIMITS, type SlipFieldSet } from '../../../src/domain/slips/render.js';

const fields: SlipFieldSet = { title: 'text', patron: 'text', empty: 'text', items: { barcode: 'text', notes: { text: 'text' } } };

describe('slip template rendering', () => {
  it('escapes every field: markup, quotes and attribute breakers in data never become markup', () => {
    const html = renderSlip('<p title="{{title}}">{{title}}</p>', { title: `<script>alert("x")</script> & 'q' \`b\` a=b` });
    expect(html).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &#96;b&#96; a&#61;b">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &#96;b&#96; a&#61;b</p>',
    );
    expect(escapeHtml('{{title}}')).toBe('{{title}}');
    // Data that looks like a tag is text, never rendered again.
    expect(renderSlip('{{title}}', { title: '{{patron}}', patron: 'secret' })).toBe('{{patron}}');
  });

  it('renders nested each and if, inner fields first, outer fields still visible', () => {
    const template = '{{#each items}}[{{barcode}} of {{title}}{{#if notes}}:{{#each notes}}({{text}}){{/each}}{{else}}-{{/if}}]{{/each}}';
    const data = {
      title: 'Earthsea',
      items: [
        { barcode: 'B1', notes: [{ text: 'a<' }, { text: 'b' }] },
        { barcode: 'B2', notes: [] },
      ],
    };
    expect(renderSlip(template, data)).toBe('[B1 of Earthsea:(a&lt;)(b)][B2 of Earthsea-]');
    expect(checkSlipTemplate(template, { ...fields, items: { barcode: 'text', notes: { text: 'text' } } })).toEqual({ unknownFields: [], problems: [] });
  });

  it('renders unknown and missing fields empty; if treats empty, zero, false and empty lists as false', () => {
    expect(renderSlip('a{{nope}}b{{items}}c', { items: [{ barcode: 'x' }] })).toBe('abc');
    const cases = ['', 0, false, null, undefined, []] as const;
    for (const value of cases) expect(renderSlip('{{#if v}}yes{{else}}no{{/if}}', { v: value })).toBe('no');
    expect(renderSlip('{{#if v}}yes{{else}}no{{/if}}', { v: 'x' })).toBe('yes');
    expect(renderSlip('{{#each title}}x{{/each}}', { title: 'not a list' })).toBe('');
  });

  it('check names unknown fields once each, in order, including fields only an enclosing list has', () => {
    const result = checkSlipTemplate('{{patronNmae}} {{title}} {{#if shelf}}{{/if}} {{patronNmae}} {{barcode}} {{#each items}}{{barcode}}{{text}}{{/each}}', fields);
    expect(result.unknownFields).toEqual(['patronNmae', 'shelf', 'barcode', 'text']);
    expect(result.problems).toEqual([]);
    expect(checkSlipTemplate('{{#each title}}{{/each}}', fields).problems).toEqual(['"{{#each title}}": title is not a list']);
  });

  it('check reports syntax problems; render keeps unknown tags as literal text', () => {
    const bad = checkSlipTemplate('{{#if title}}x{{/each}}{{> partial}}{{{raw}}}{{else}}{{title', fields);
    expect(bad.problems).toEqual([
      '"{{/each}}" does not close an open block (open: #if)',
      'unknown tag "{{> partial}}"',
      'unknown tag "{{{raw}}"',
      'unclosed "{{" at character 53',
      '"{{#if title}}" is never closed',
    ]);
    expect(checkSlipTemplate('{{else}}{{/if}}', fields).problems).toEqual(['"{{else}}" outside an "{{#if}}" block', '"{{/if}}" does not close an open block']);
    // Nothing a template says is evaluated: helper-like tags stay as they are.
    expect(renderSlip('{{constructor.constructor}}{{__proto__}}{{toString}}', {})).toBe('{{constructor.constructor}}');
  });

  it('bounds hostile templates: too long, too deep, exploding loops', () => {
    expect(checkSlipTemplate('x'.repeat(TEMPLATE_LIMITS.maxChars + 1), fields).problems).toEqual([`template longer than ${TEMPLATE_LIMITS.maxChars} characters`]);
    const deep = '{{#if title}}'.repeat(5_000) + '{{/if}}'.repeat(5_000);
    expect(checkSlipTemplate(deep, fields).problems).toContain(`blocks nested deeper than ${TEMPLATE_LIMITS.maxDepth}`);
    const started = performance.now();
    expect(renderSlip(deep, { title: 'x' })).toBe('');
    // Nested loops over the same long list: output stops at the bound instead of growing as n^k.
    const items = Array.from({ length: 10_000 }, (_, i) => ({ barcode: `B${i}` }));
    const loops = '{{#each items}}{{#each items}}{{#each items}}{{barcode}}{{/each}}{{/each}}{{/each}}';
    const out = renderSlip(loops, { items });
    expect(out.length).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxOutputChars);
    expect(out.length).toBeGreaterThan(TEMPLATE_LIMITS.maxOutputChars - 10);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('slip kinds', () => {
  it('refuses a slip outside its stages and names them', () => {
    expect(slipRefusal('receive', 'received_physically')).toBeUndefined();
    expect(slipRefusal('receive', 'request_sent')).toBe('a receive slip is printed when the borrowing request is received_physically; it is request_sent');
    expect(slipRefusal('shipping', 'will_supply')).toBeUndefined();
    expect(slipRefusal('pick', 'completed')).toMatch(/^a pick slip/);
  });

  it('every default template passes the check for its kind', () => {
    for (const kind of SLIP_KINDS) {
      const html = readFileSync(new URL(`../../../config/slip-templates/${kind}.html`, import.meta.url), 'utf8');
      expect({ kind, ...checkSlipTemplate(html, SLIPS[kind].fields) }).toEqual({ kind, unknownFields: [], problems: [] });
      expect(html).toMatch(/<html lang="en">/);
    }
  });

  it('picks the labelled address and lays it out in lines', () => {
    const addresses = [
      { label: 'Main office', line1: '1 Main St', city: 'Town', country: 'US' },
      { label: 'Shipping dock', line1: '2 Dock Rd', line2: 'Door 4', city: 'Port', region: 'CA', postalCode: '90001', country: 'US' },
    ];
    expect(chooseAddress(addresses, /ship/i)?.line1).toBe('2 Dock Rd');
    expect(chooseAddress(addresses, /return/i)?.line1).toBe('1 Main St');
    expect(chooseAddress([], /ship/i)).toBeUndefined();
    expect(addressLines(addresses[1] as (typeof addresses)[1]).map((l) => l.line)).toEqual(['2 Dock Rd', 'Door 4', '90001 Port CA', 'US']);
  });
});
