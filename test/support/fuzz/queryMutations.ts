/**
 * Hostile query strings for the GET endpoints (/sru, /openurl): seed parameters with their values
 * and keys damaged, duplicated, percent-encoding broken (invalid escapes, invalid UTF-8, NULs),
 * huge values and deeply nested CQL, kept under Node's 16 KiB header limit unless asked otherwise.
 */
import { int, pick, type Random } from './run.js';

const HOSTILE_VALUES = ['', '%', '%ZZ', '%C3%28', '%FF%FE', '%ED%A0%80', '%00', '%0D%0A', '-1', '0', '99999999999999999999', '1e309', 'NaN', '__proto__', 'constructor', '<script>alert(1)</script>', '"', '\'', '&&', '==', '%26%3D', '😀', '%F0%9F%98%80', 'a'.repeat(4000), '(((((', '))))', 'dc.title="unterminated', 'x prox/unit=word y', 'dc.title any/relevant/fuzzy "x"', 'cql.allRecords=1 sortBy dc.title/sort.descending', '>"<', 'and or not', '*', '?', '\\', '%5C%22'];

/** encodeURIComponent, but a lone surrogate (which it refuses) is sent as the invalid UTF-8 a client might send. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

export function mutateQuery(seed: Record<string, string>, r: Random): { label: string; query: string } {
  const entries = Object.entries(seed).map(([k, v]) => [encode(k), encode(v)] as [string, string]);
  const kind = pick(r, ['seed', 'value', 'value', 'key', 'duplicate', 'drop', 'nested', 'huge', 'raw', 'many']);
  switch (kind) {
    case 'value': {
      const i = int(r, entries.length);
      if (entries[i]) entries[i] = [entries[i][0], pick(r, HOSTILE_VALUES)];
      break;
    }
    case 'key':
      entries.push([pick(r, ['__proto__', 'constructor', '%00', 'a[b]', 'x'.repeat(200), '', '=', '%ZZ']), pick(r, HOSTILE_VALUES)]);
      break;
    case 'duplicate': {
      const key = entries.length > 0 ? pick(r, entries)[0] : 'query';
      entries.push([key, pick(r, HOSTILE_VALUES)]);
      break;
    }
    case 'drop':
      entries.splice(int(r, entries.length), 1);
      break;
    case 'nested': {
      const depth = pick(r, [100, 1000, 3000]);
      entries.push(['query', `${'('.repeat(depth)}a${')'.repeat(depth)}`]);
      break;
    }
    case 'huge':
      entries.push([entries.length > 0 ? pick(r, entries)[0] : 'query', 'x'.repeat(8000 + int(r, 6000))]);
      break;
    case 'raw':
      return { label: 'raw', query: pick(r, ['', '?', '&&&', '=&=', '%', '&a', 'a=%E0%A4%A', '%%%%', 'a=1;b=2', '#frag', 'a=b=c=d']) };
    case 'many':
      for (let n = 0; n < 600; n++) entries.push([`k${n}`, 'v']);
      break;
  }
  return { label: kind, query: entries.map(([k, v]) => `${k}=${v}`).join('&') };
}

/** What an HTTP client can put in a request line at all: bytes outside ! … ÿ percent-encoded, hostile escapes kept. */
export function requestLineSafe(path: string): string {
  return path.replace(/[^\u0021-\u00ff]/gu, (c) => encodeURIComponent(c));
}
