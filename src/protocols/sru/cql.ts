/**
 * CQL query builder for locate match fields.
 *
 * Default index names (`BATH_DC_INDEXES`), chosen from the Bath profile context set (which YAZ's
 * CQL→RPN mapping and most library SRU servers support) and Dublin Core for title/author:
 *   isbn → bath.isbn, issn → bath.issn, lccn → bath.lccn,
 *   oclcNumber → bath.standardIdentifier (Bib-1 1007; there is no Bath index for OCLC numbers —
 *     override with e.g. `oclc.no` / `rec.identifier` per server),
 *   controlNumber → rec.id (local record id; Bib-1 12),
 *   title → dc.title, author → dc.creator.
 *
 * Terms are always double-quoted; `"` and `\` are backslash-escaped and the CQL masking characters
 * `*`, `?`, `^` are escaped so that they match literally. Identifier fields use relation `=`; title and
 * author use `all` (every word, any order) by default. Several values for one field are OR-ed inside
 * parentheses; fields are AND-ed (or OR-ed with `combine: 'or'`). CQL booleans have no precedence
 * (left to right), so every multi-clause group is parenthesised.
 */

export interface CqlMatchFields {
  isbn?: string | string[];
  issn?: string | string[];
  lccn?: string | string[];
  oclcNumber?: string | string[];
  controlNumber?: string | string[];
  title?: string;
  author?: string;
}

export type CqlField = keyof CqlMatchFields;
export type CqlIndexSet = Record<CqlField, string>;

export const BATH_DC_INDEXES: Readonly<CqlIndexSet> = Object.freeze({
  isbn: 'bath.isbn',
  issn: 'bath.issn',
  lccn: 'bath.lccn',
  oclcNumber: 'bath.standardIdentifier',
  controlNumber: 'rec.id',
  title: 'dc.title',
  author: 'dc.creator',
});

export interface CqlOptions {
  combine?: 'and' | 'or';
  /** Relation for title and author; default `all`. */
  textRelation?: '=' | 'all' | 'any' | 'adj';
}

const FIELD_ORDER: CqlField[] = ['lccn', 'controlNumber', 'oclcNumber', 'isbn', 'issn', 'title', 'author'];
const INDEX_NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?$/;

/** Quotes a term for CQL: wraps in `"`, escapes `\`, `"` and masking characters `* ? ^`. */
export function cqlQuote(term: string): string {
  return `"${term.replace(/[\\"*?^]/g, (c) => `\\${c}`)}"`;
}

/**
 * Builds a CQL query from match fields; `null` when no field has a non-blank value.
 * Throws `RangeError` for an index name that is not a CQL identifier (a configuration error).
 */
export function cqlFor(fields: CqlMatchFields, indexSet: Partial<CqlIndexSet> = {}, options: CqlOptions = {}): string | null {
  const indexes: CqlIndexSet = { ...BATH_DC_INDEXES, ...indexSet };
  const groups: string[] = [];
  for (const field of FIELD_ORDER) {
    const raw = fields[field];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.replace(/\s+/g, ' ').trim()).filter((v) => v !== '');
    const unique = [...new Set(values)];
    if (unique.length === 0) continue;
    const index = indexes[field];
    if (!INDEX_NAME.test(index)) throw new RangeError(`invalid CQL index name for ${field}: ${JSON.stringify(index)}`);
    const relation = field === 'title' || field === 'author' ? (options.textRelation ?? 'all') : '=';
    const clauses = unique.map((v) => `${index} ${relation} ${cqlQuote(v)}`);
    groups.push(clauses.length === 1 ? clauses[0]! : `(${clauses.join(' or ')})`);
  }
  if (groups.length === 0) return null;
  if (groups.length === 1) return groups[0]!;
  return groups.join(` ${options.combine ?? 'and'} `);
}
