/**
 * Text for the standard PDF fonts (Helvetica, Courier), which know only the Windows-1252
 * characters. Used when no Unicode font is installed: Cyrillic and Greek are transliterated,
 * accented letters lose their accents, and anything else becomes "?", so a name in another
 * script still prints readably instead of as wrong glyphs.
 */

/** The characters of Windows-1252 above 0x7F that are not Latin-1 (the WinAnsi encoding of PDF). */
const WIN_ANSI_EXTRAS = new Set(Array.from('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'));

export function isStandardFontChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || char === '\n' || WIN_ANSI_EXTRAS.has(char);
}

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi',
  є: 'ye', ґ: 'g', ў: 'u', ј: 'j', љ: 'lj', њ: 'nj', ђ: 'dj', ћ: 'c', џ: 'dz', ѕ: 'dz',
};

const GREEK: Readonly<Record<string, string>> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's',
  ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

function transliterate(char: string): string | undefined {
  const lower = char.toLowerCase();
  const latin = CYRILLIC[lower] ?? GREEK[lower];
  if (latin === undefined) return undefined;
  return lower === char ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
}

export function toStandardFontText(text: string): string {
  let out = '';
  for (const char of text) {
    if (isStandardFontChar(char)) {
      out += char;
      continue;
    }
    // A letter of its own ("й") first, else without its accents: "ά" is "α" for the table, "ő" is "o".
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    const latin = transliterate(char) ?? transliterate(base);
    if (latin !== undefined) out += latin;
    else if (base !== '' && Array.from(base).every(isStandardFontChar)) out += base;
    else if (/\s/u.test(char)) out += ' ';
    else if (!/\p{M}|\p{Cf}|\p{Cc}/u.test(char)) out += '?';
  }
  return out;
}
