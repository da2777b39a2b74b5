import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { normaliseIsbn, normaliseIssn, normaliseLccn, normaliseOclc } from '../protocols/marc/index.js';
import type { Db } from './database.js';
import { textArray, type BibliographicRecordInput } from './inventoryRepository.js';
import type { Database, ItemStatus } from './schema.js';

/**
 * Searching an institution's own catalogue: what lending locate and the /sru endpoint ask.
 * Identifiers are compared normalised (ISBN 10 and 13 both, LCCN, OCLC number without prefix);
 * title and author match words case-insensitively. Suppressed records (temporary records of
 * borrowed items) are never found.
 */

export type CatalogueIndex = 'title' | 'author' | 'isbn' | 'issn' | 'lccn' | 'oclcNumber' | 'controlNumber' | 'any';

export type CatalogueQuery =
  /** `exact`: the whole value; `all` / `any`: every / some word of it (identifiers ignore the relation). */
  | { index: CatalogueIndex; relation: 'exact' | 'all' | 'any'; term: string }
  | { op: 'and' | 'or' | 'not'; left: CatalogueQuery; right: CatalogueQuery };

export interface CatalogueItem {
  itemId: string;
  barcode: string;
  status: ItemStatus;
  requestable: boolean;
  electronic: boolean;
  policy: string | null;
  libraryId: string | null;
  libraryCode: string | null;
  location: string | null;
  callNumber: string | null;
}

/** A record as stored (its match fields), with its id and its items. */
export interface CatalogueRecord extends Omit<BibliographicRecordInput, 'institutionId'> {
  id: string;
  items: CatalogueItem[];
}

export interface CatalogueSearch {
  total: number;
  records: CatalogueRecord[];
}

type Eb = ExpressionBuilder<Database, 'bibliographic_record'>;

/** ISBN-13 of an ISBN-10 and back (978 prefix only): catalogues hold either form. */
export function isbnForms(raw: string): string[] {
  const isbn = normaliseIsbn(raw);
  if (!isbn) return [];
  if (isbn.length === 10) {
    const body = `978${isbn.slice(0, 9)}`;
    const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
    return [isbn, `${body}${(10 - (sum % 10)) % 10}`];
  }
  if (!isbn.startsWith('978')) return [isbn];
  const body = isbn.slice(3, 12);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return [isbn, `${body}${check === 10 ? 'X' : String(check)}`];
}

function words(term: string): string[] {
  return term
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** A whole word: `words()` leaves only letters and digits, so the word needs no regex escaping. */
const wordPattern = (word: string) => `(^|[^[:alnum:]])${word}([^[:alnum:]]|$)`;

function textMatch(eb: Eb, column: 'title' | 'author', relation: 'exact' | 'all' | 'any', term: string): Expression<SqlBool> {
  if (relation === 'exact') return eb(eb.fn('lower', [eb.ref(column)]), '=', term.trim().toLowerCase());
  // Whole words, not substrings: "dic" must not find "Moby Dick" (a false holder in locate).
  const parts = words(term).map((w) => eb(eb.fn('lower', [eb.ref(column)]), '~', wordPattern(w)));
  if (parts.length === 0) return sql<SqlBool>`false`;
  return relation === 'all' ? eb.and(parts) : eb.or(parts);
}

function overlaps(column: 'isbns' | 'issns' | 'oclc_numbers', values: string[]): Expression<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(`bibliographic_record.${column}`)} && ${textArray(values)}`;
}

function condition(eb: Eb, query: CatalogueQuery): Expression<SqlBool> {
  if ('op' in query) {
    const left = condition(eb, query.left);
    const right = condition(eb, query.right);
    if (query.op === 'and') return eb.and([left, right]);
    if (query.op === 'or') return eb.or([left, right]);
    return eb.and([left, eb.not(right)]);
  }
  const { index, relation, term } = query;
  switch (index) {
    case 'title':
    case 'author':
      return textMatch(eb, index, relation, term);
    case 'isbn':
      return overlaps('isbns', isbnForms(term));
    case 'issn': {
      const issn = normaliseIssn(term);
      return overlaps('issns', issn ? [issn] : []);
    }
    case 'oclcNumber': {
      const oclc = normaliseOclc(/^\d+$/.test(term.trim()) ? `(OCoLC)${term.trim()}` : term);
      return overlaps('oclc_numbers', oclc ? [oclc] : []);
    }
    case 'lccn': {
      const lccn = normaliseLccn(term);
      return lccn ? eb('bibliographic_record.lccn', '=', lccn) : sql<SqlBool>`false`;
    }
    case 'controlNumber':
      return eb('bibliographic_record.control_number', '=', term.trim());
    case 'any':
      return eb.or([
        textMatch(eb, 'title', relation === 'exact' ? 'all' : relation, term),
        textMatch(eb, 'author', relation === 'exact' ? 'all' : relation, term),
        condition(eb, { index: 'isbn', relation: 'exact', term }),
        condition(eb, { index: 'issn', relation: 'exact', term }),
        condition(eb, { index: 'lccn', relation: 'exact', term }),
        condition(eb, { index: 'controlNumber', relation: 'exact', term }),
      ]);
  }
}

/** Records of one institution matching `query`, in title order, with their items; `total` counts all matches. */
export async function searchCatalogue(db: Db, institutionId: string, query: CatalogueQuery, page: { offset?: number; limit?: number } = {}): Promise<CatalogueSearch> {
  const base = db
    .selectFrom('bibliographic_record')
    .where('bibliographic_record.institution_id', '=', institutionId)
    .where('bibliographic_record.suppressed', '=', false)
    .where((eb) => condition(eb, query));
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const limit = page.limit ?? 10;
  if (limit === 0 || Number(total) === 0) return { total: Number(total), records: [] };
  const rows = await base
    .select([
      'id',
      'source_id',
      'marc_format',
      'marc',
      'title',
      'author',
      'isbns',
      'issns',
      'lccn',
      'oclc_numbers',
      'control_number',
    ])
    .orderBy(sql`lower(title)`)
    .orderBy('id')
    .offset(page.offset ?? 0)
    .limit(limit)
    .execute();
  const items = await itemsOfRecords(
    db,
    institutionId,
    rows.map((r) => r.id),
  );
  return {
    total: Number(total),
    records: rows.map((r) => ({
      id: r.id,
      sourceId: r.source_id,
      marcFormat: r.marc_format,
      marc: r.marc,
      title: r.title,
      author: r.author,
      isbns: r.isbns,
      issns: r.issns,
      lccn: r.lccn,
      oclcNumbers: r.oclc_numbers,
      controlNumber: r.control_number,
      items: items.get(r.id) ?? [],
    })),
  };
}

/** The items of the given records, by record id, in barcode order. */
export async function itemsOfRecords(db: Db, institutionId: string, recordIds: readonly string[]): Promise<Map<string, CatalogueItem[]>> {
  const map = new Map<string, CatalogueItem[]>();
  if (recordIds.length === 0) return map;
  const rows = await db
    .selectFrom('item')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .leftJoin('library', 'library.id', 'holding.library_id')
    .select([
      'holding.bibliographic_record_id as recordId',
      'item.id as itemId',
      'item.barcode',
      'item.status',
      'item.requestable_for_resource_sharing as requestable',
      'item.electronic',
      'item.policy',
      'holding.library_id as libraryId',
      'library.code as libraryCode',
      'holding.location',
      'holding.call_number as callNumber',
    ])
    .where('item.institution_id', '=', institutionId)
    .where('holding.bibliographic_record_id', 'in', recordIds)
    .orderBy('item.barcode')
    .execute();
  for (const { recordId, ...item } of rows) {
    const list = map.get(recordId) ?? [];
    list.push(item);
    map.set(recordId, list);
  }
  return map;
}
