import { spawnSync } from 'node:child_process';
import { XMLLINT } from '../../support/xmllint.js';

/** Evaluates an XPath expression over an HTML document with libxml2's HTML parser (xmllint --html): the slip as a browser would read it. */
export function htmlXPath(html: string, expression: string): string {
  const result = spawnSync(XMLLINT, ['--html', '--nowarning', '--xpath', expression, '-'], { input: html, encoding: 'utf8' });
  return result.stdout.trim();
}

/** The text of the `<dd>` that follows the `<dt>` labelled `label`, whitespace collapsed. */
export function definition(html: string, label: string): string {
  return htmlXPath(html, `normalize-space(//dt[normalize-space()="${label}"]/following-sibling::dd[1])`);
}

/** The lines of the `<address>` element (its text nodes, in order). */
export function addressText(html: string): string[] {
  const lines: string[] = [];
  const count = Number(htmlXPath(html, 'count(//address/text())'));
  for (let i = 1; i <= count; i++) lines.push(htmlXPath(html, `normalize-space((//address/text())[${i}])`));
  return lines;
}
