/**
 * Lexical checks for the XML Schema built-in types ISO 18626 uses, matching what libxml2
 * (xmllint) accepts, so that anything the parser accepts the builder can write back validly.
 */

const DATE_TIME =
  /^(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** xs:dateTime lexical form (XSD 1.0): no year 0000, real calendar days, 24:00:00 only exactly. */
export function isXsdDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, sign, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction, tz] = m;
  if (y.length > 4 && y.startsWith('0')) return false;
  const year = Number(y);
  if (year === 0) return false;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return false;
  // Proleptic calendar on the signed year; negative years use the XSD 1.0 (no year zero) reading.
  const calendarYear = sign === '-' ? 1 - year : year;
  if (day < 1 || day > daysInMonth(calendarYear, month)) return false;
  if (minute > 59 || second > 59) return false;
  if (hour === 24) {
    if (minute !== 0 || second !== 0 || (fraction !== undefined && /[1-9]/.test(fraction))) return false;
  } else if (hour > 23) {
    return false;
  }
  if (tz !== undefined && tz !== 'Z') {
    const tzh = Number(tz.slice(1, 3));
    const tzm = Number(tz.slice(4, 6));
    if (tzm > 59 || tzh > 14 || (tzh === 14 && tzm !== 0)) return false;
  }
  return true;
}

/** xs:integer */
export function isXsdInteger(value: string): boolean {
  return /^[+-]?[0-9]+$/.test(value);
}

/** xs:decimal */
export function isXsdDecimal(value: string): boolean {
  return /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value);
}

/** xs:boolean → boolean, or undefined if not a boolean literal. */
export function parseXsdBoolean(value: string): boolean | undefined {
  switch (value) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

const URI_CHARS = "[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}";
const ANY_URI = new RegExp(`^(?:[A-Za-z][A-Za-z0-9+.\\-]*:)?(?:${URI_CHARS})*(?:#(?:${URI_CHARS})*)?$`);

/**
 * A conservative xs:anyURI check (RFC 3986 characters only, valid %-escapes, one '#', and no ':'
 * in the first segment of a relative reference). libxml2 accepts somewhat more; the builder uses
 * this to decide whether a scheme can be written (see `schemeForWire` in project.ts).
 */
export function isSafeAnyUri(value: string): boolean {
  if (!ANY_URI.test(value)) return false;
  const schemeMatch = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(value);
  if (!schemeMatch) {
    const firstSegment = value.split(/[/?#]/)[0] ?? '';
    if (firstSegment.includes(':')) return false;
  }
  return true;
}

/**
 * Percent-encodes what cannot appear in a URI (spaces, non-ASCII, stray '%', a second '#', …) so
 * that a scheme taken from a lenient sender can still be written validly.
 */
export function toSafeAnyUri(value: string): string | undefined {
  if (isSafeAnyUri(value)) return value;
  let out = '';
  let seenHash = false;
  for (let i = 0; i < value.length; ) {
    const cp = value.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i, i + 2))) {
      out += ch;
    } else if (ch === '#' && !seenHash) {
      seenHash = true;
      out += ch;
    } else if (/^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]$/.test(ch)) {
      out += ch;
    } else {
      out += encodeURIComponent(cp >= 0xd800 && cp <= 0xdfff ? '\uFFFD' : ch);
    }
  }
  return isSafeAnyUri(out) ? out : undefined;
}
