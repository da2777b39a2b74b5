/**
 * Use case: answer an SRU request against one institution's catalogue (what partners' locate asks).
 * Every outcome is an SRU document; only an unknown institution changes the HTTP status (404).
 */
import { sql } from 'kysely';
import type { SruVersion } from '../../protocols/sru/client.js';
import { parseCql } from '../../protocols/sru/cqlParser.js';
import { DC_SCHEMA_ID, MARCXML_SCHEMA_ID, parseSruParams, SRU_DEFAULT_RECORDS, SRU_MAX_RECORDS, type SruParams } from '../../protocols/sru/serverRequest.js';
import {
  buildDiagnosticResponse,
  buildExplainResponse,
  buildSearchRetrieveResponse,
  DIAGNOSTIC_PREFIX,
  type SruResponseRecord,
} from '../../protocols/sru/serverResponse.js';
import { searchCatalogue } from '../../store/catalogueRepository.js';
import type { Db } from '../../store/database.js';
import { escapeXmlText } from '../../protocols/marc/safeXml.js';
import { catalogueQueryFromCql } from './catalogueQueryFromCql.js';
import { dublinCoreForPartners, recordForPartners } from './recordForPartners.js';

export interface SruAnswer {
  status: number;
  body: string;
}

/** Where this endpoint is reachable, for the explain record. */
export interface SruEndpoint {
  host: string;
  port: number;
}

const CONTEXT_SETS = [
  { name: 'cql', identifier: 'info:srw/cql-context-set/1/cql-v1.2' },
  { name: 'dc', identifier: 'info:srw/cql-context-set/1/dc-v1.1' },
  { name: 'bath', identifier: 'http://zing.z3950.org/cql/bath/2.0/' },
  { name: 'rec', identifier: 'info:srw/cql-context-set/2/rec-1.1' },
];

const EXPLAINED_INDEXES = [
  { title: 'Title', name: 'dc.title' },
  { title: 'Author', name: 'dc.creator' },
  { title: 'ISBN', name: 'bath.isbn' },
  { title: 'ISSN', name: 'bath.issn' },
  { title: 'LCCN', name: 'bath.lccn' },
  { title: 'OCLC number', name: 'bath.standardIdentifier' },
  { title: 'Control number (001)', name: 'rec.id' },
  { title: 'Any of the above', name: 'cql.serverChoice' },
];

export async function findInstitutionByCode(db: Db, code: string): Promise<{ id: string; code: string; name: string } | undefined> {
  return db
    .selectFrom('institution')
    .select(['id', 'code', 'name'])
    .where(sql<string>`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

const SURROGATE_SCHEMA = 'info:srw/schema/1/diagnostics-v1.1';

function surrogate(version: SruVersion, position: number): SruResponseRecord {
  const ns = version === '2.0' ? 'http://docs.oasis-open.org/ns/search-ws/diagnostic' : 'http://www.loc.gov/zing/srw/diagnostic/';
  const xml = `<diagnostic xmlns="${ns}"><uri>${DIAGNOSTIC_PREFIX}64</uri><message>${escapeXmlText('Record temporarily unavailable')}</message></diagnostic>`;
  return { xml, schemaId: SURROGATE_SCHEMA, position };
}

export async function searchCatalogueSru(db: Db, institutionCode: string, params: SruParams, endpoint: SruEndpoint): Promise<SruAnswer> {
  const parsed = parseSruParams(params);
  // PostgreSQL text cannot hold NUL: such a code names no catalogue (and must not reach the query, which would fail).
  const institution = institutionCode.includes('\u0000') ? undefined : await findInstitutionByCode(db, institutionCode);
  if (!institution) {
    const version = parsed.ok ? parsed.request.version : parsed.version;
    const operation = parsed.ok ? parsed.request.operation : parsed.operation;
    // eslint-disable-next-line no-control-regex -- control characters cannot be written in XML
    const details = `no catalogue called ${institutionCode.slice(0, 40).replace(/[\u0000-\u001f]/g, '?')}`;
    return { status: 404, body: buildDiagnosticResponse(version, operation, { code: 235, message: 'Database does not exist', details }) };
  }
  if (!parsed.ok) return { status: 200, body: buildDiagnosticResponse(parsed.version, parsed.operation, parsed.diagnostic) };
  const request = parsed.request;
  if (request.operation === 'explain') {
    const body = buildExplainResponse({
      version: request.version,
      host: endpoint.host,
      port: endpoint.port,
      database: `sru/${institution.code}`,
      title: `${institution.name} catalogue`,
      description: `Bibliographic records of ${institution.name} with their items and current availability (MARCXML, items in 952).`,
      contextSets: CONTEXT_SETS,
      indexes: EXPLAINED_INDEXES,
      schemas: [
        { name: 'marcxml', identifier: MARCXML_SCHEMA_ID, title: 'MARC21 slim (MARCXML)' },
        { name: 'dc', identifier: DC_SCHEMA_ID, title: 'Dublin Core' },
      ],
      defaultRecords: SRU_DEFAULT_RECORDS,
      maximumRecords: SRU_MAX_RECORDS,
    });
    return { status: 200, body };
  }
  const fail = (code: number, message: string, details: string): SruAnswer => ({
    status: 200,
    body: buildDiagnosticResponse(request.version, 'searchRetrieve', { code, message, details }),
  });
  const cql = parseCql(request.query);
  if (!cql.ok) return fail(cql.diagnostic.code, cql.diagnostic.message, cql.diagnostic.details);
  const query = catalogueQueryFromCql(cql.query);
  if (!query.ok) return fail(query.diagnostic.code, query.diagnostic.message, query.diagnostic.details);
  const result = await searchCatalogue(db, institution.id, query.query, { offset: request.startRecord - 1, limit: request.maximumRecords });
  if (result.total > 0 && request.startRecord > result.total) {
    return fail(61, 'First record position out of range', String(request.startRecord));
  }
  const records = result.records.map((record, i): SruResponseRecord => {
    const position = request.startRecord + i;
    const xml = request.recordSchemaId === DC_SCHEMA_ID ? dublinCoreForPartners(record) : recordForPartners(record);
    return xml === undefined ? surrogate(request.version, position) : { xml, schemaId: request.recordSchemaId, position };
  });
  const last = request.startRecord - 1 + records.length;
  const body = buildSearchRetrieveResponse({
    version: request.version,
    count: result.total,
    records,
    packing: request.packing,
    ...(records.length > 0 && last < result.total ? { nextRecordPosition: last + 1 } : {}),
  });
  return { status: 200, body };
}

/** `/sru` without a database: a diagnostic naming the catalogues that exist, so a partner can correct its URL. */
export async function sruWithoutDatabase(db: Db, params: SruParams): Promise<SruAnswer> {
  const parsed = parseSruParams(params);
  const version = parsed.ok ? parsed.request.version : parsed.version;
  const operation = parsed.ok ? parsed.request.operation : parsed.operation;
  const codes = (await db.selectFrom('institution').select('code').orderBy('code').execute()).map((r) => `/sru/${r.code}`);
  const details = `choose a catalogue: ${codes.join(' ') || '(none)'}`;
  return { status: 200, body: buildDiagnosticResponse(version, operation, { code: 235, message: 'Database does not exist', details }) };
}
