/**
 * CQL (as parsed by src/protocols/sru/cqlParser) → the catalogue's own query. The index names are
 * those partners send: Bath and Dublin Core (what `cqlFor` and YAZ use), the bare Bib-1 names, and
 * the CQL server-choice indexes. Pure.
 */
import type { CqlDiagnostic, CqlNode, CqlRelation } from '../../protocols/sru/cqlParser.js';
import type { CatalogueIndex, CatalogueQuery } from '../../store/catalogueRepository.js';

/** Lower-cased CQL index name → catalogue index. */
export const CQL_INDEXES: Readonly<Record<string, CatalogueIndex>> = Object.freeze({
  'dc.title': 'title',
  title: 'title',
  'bath.title': 'title',
  'dc.creator': 'author',
  'dc.author': 'author',
  author: 'author',
  creator: 'author',
  'bath.name': 'author',
  'bath.author': 'author',
  'bath.isbn': 'isbn',
  isbn: 'isbn',
  'bath.issn': 'issn',
  issn: 'issn',
  'bath.lccn': 'lccn',
  lccn: 'lccn',
  // Bath has no OCLC-number index; cqlFor sends standardIdentifier (Bib-1 1007) for it.
  'bath.standardidentifier': 'oclcNumber',
  oclc: 'oclcNumber',
  'oclc.no': 'oclcNumber',
  'rec.id': 'controlNumber',
  'local.controlnumber': 'controlNumber',
  controlnumber: 'controlNumber',
  'cql.serverchoice': 'any',
  'cql.anywhere': 'any',
  serverchoice: 'any',
  anywhere: 'any',
});

const RELATION: Record<CqlRelation, 'exact' | 'all' | 'any'> = {
  // Word indexes: `=` and `adj` are taken as every word (phrase order is not indexed).
  '=': 'all',
  adj: 'all',
  all: 'all',
  any: 'any',
  '==': 'exact',
  exact: 'exact',
};

export type CatalogueQueryResult = { ok: true; query: CatalogueQuery } | { ok: false; diagnostic: CqlDiagnostic };

export function catalogueQueryFromCql(node: CqlNode): CatalogueQueryResult {
  // Iterative over the left spine: a long chain of booleans must not recurse once per clause.
  const rights: { op: 'and' | 'or' | 'not'; node: CqlNode }[] = [];
  let leftmost: CqlNode = node;
  while (leftmost.kind === 'boolean') {
    rights.push({ op: leftmost.op, node: leftmost.right });
    leftmost = leftmost.left;
  }
  const first = clause(leftmost);
  if (!first.ok) return first;
  let query = first.query;
  for (const { op, node: right } of rights.reverse()) {
    const converted = catalogueQueryFromCql(right);
    if (!converted.ok) return converted;
    query = { op, left: query, right: converted.query };
  }
  return { ok: true, query };
}

function clause(node: Extract<CqlNode, { kind: 'clause' }>): CatalogueQueryResult {
  const index = CQL_INDEXES[node.index.toLowerCase()];
  if (index === undefined) return { ok: false, diagnostic: { code: 16, message: 'Unsupported index', details: node.index } };
  return { ok: true, query: { index, relation: RELATION[node.relation], term: node.term } };
}
