/**
 * Free text as a tsquery for the task-list search index: every word must match, its last part
 * as a prefix (`le gu` finds "Le Guin", `NSU-10` finds NSU-1042). Punctuation splits words into
 * parts, as it does in the index (migration 0008); the parts of one word must be adjacent, so
 * `P-2` finds patron P-2 and not any row with a `p…` word and a `2…` number. Quotes and
 * backslashes are punctuation, so lexemes never need escaping. Undefined when nothing
 * searchable is left.
 */
export function toPrefixTsQuery(text: string, maxWords = 10): string | undefined {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.split(/[\p{P}\p{S}]+/u).filter((part) => part.length > 0))
    .filter((parts) => parts.length > 0)
    .slice(0, maxWords);
  if (words.length === 0) return undefined;
  const phrase = (parts: string[]) => parts.map((part, i) => (i === parts.length - 1 ? `'${part}':*` : `'${part}'`)).join(' <-> ');
  return words.map((parts) => (parts.length > 1 ? `(${phrase(parts)})` : phrase(parts))).join(' & ');
}
