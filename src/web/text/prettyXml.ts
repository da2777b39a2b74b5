/**
 * Pretty-prints an XML document for reading (ISO 18626 and NCIP messages on the request page):
 * one element per line, indented by depth, an element holding only text kept on one line.
 * Pure and forgiving: it never evaluates anything, keeps text, comments, CDATA and processing
 * instructions as written, and answers the input unchanged when it is not well-formed XML.
 */

type Token =
  | { kind: 'open'; text: string; name: string }
  | { kind: 'close'; text: string; name: string }
  | { kind: 'empty'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'other'; text: string };

function tokenize(xml: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i);
      const text = xml.slice(i, end === -1 ? xml.length : end);
      tokens.push({ kind: 'text', text });
      i = end === -1 ? xml.length : end;
      continue;
    }
    const rest = xml.slice(i);
    const special = (start: string, stop: string): boolean => {
      if (!rest.startsWith(start)) return false;
      const end = xml.indexOf(stop, i + start.length);
      if (end === -1) return false;
      tokens.push({ kind: 'other', text: xml.slice(i, end + stop.length) });
      i = end + stop.length;
      return true;
    };
    if (rest.startsWith('<!--')) {
      if (!special('<!--', '-->')) return null;
      continue;
    }
    if (rest.startsWith('<![CDATA[')) {
      if (!special('<![CDATA[', ']]>')) return null;
      continue;
    }
    if (rest.startsWith('<?')) {
      if (!special('<?', '?>')) return null;
      continue;
    }
    if (rest.startsWith('<!')) {
      if (!special('<!', '>')) return null;
      continue;
    }
    // A tag: find its end outside quoted attribute values.
    let j = i + 1;
    let quote: string | null = null;
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= xml.length) return null;
    const text = xml.slice(i, j + 1);
    const name = /^<\/?\s*([^\s/>]+)/.exec(text)?.[1];
    if (!name) return null;
    if (text.startsWith('</')) tokens.push({ kind: 'close', text, name });
    else if (text.endsWith('/>')) tokens.push({ kind: 'empty', text });
    else tokens.push({ kind: 'open', text, name });
    i = j + 1;
  }
  return tokens;
}

export function prettyXml(xml: string, indent = '  '): string {
  const tokens = tokenize(xml.trim());
  if (!tokens) return xml;
  const lines: string[] = [];
  const stack: string[] = [];
  const pad = () => indent.repeat(stack.length);
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    switch (token.kind) {
      case 'open': {
        const next = tokens[k + 1];
        const after = tokens[k + 2];
        // <a>text</a> stays on one line; so does <a></a>.
        if (next?.kind === 'text' && after?.kind === 'close' && after.name === token.name) {
          lines.push(`${pad()}${token.text}${next.text.trim()}${after.text}`);
          k += 2;
        } else if (next?.kind === 'close' && next.name === token.name) {
          lines.push(`${pad()}${token.text}${next.text}`);
          k += 1;
        } else {
          lines.push(`${pad()}${token.text}`);
          stack.push(token.name);
        }
        break;
      }
      case 'close':
        if (stack.pop() !== token.name) return xml;
        lines.push(`${pad()}${token.text}`);
        break;
      case 'text': {
        const text = token.text.trim();
        if (text) lines.push(`${pad()}${text}`);
        break;
      }
      default:
        lines.push(`${pad()}${token.text}`);
    }
  }
  if (stack.length > 0) return xml;
  return lines.join('\n');
}
