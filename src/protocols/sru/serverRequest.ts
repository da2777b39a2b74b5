/**
 * SRU request parameters (GET query string or POSTed form) → a validated request, or the
 * diagnostic the server must answer with. Unknown parameters are ignored, as SRU asks.
 */
import type { SruVersion } from './client.js';
import type { SruServerDiagnostic } from './serverResponse.js';

export const SRU_DEFAULT_RECORDS = 10;
export const SRU_MAX_RECORDS = 100;

/** Accepted recordSchema names (lower-cased) → the identifier we report. */
export const MARCXML_SCHEMA_ID = 'info:srw/schema/1/marcxml-v1.1';
const MARCXML_NAMES = new Set(['marcxml', 'marc21-xml', 'marc21', 'info:srw/schema/1/marcxml-v1.1', 'info:srw/schema/1/marcxml-1.1', 'http://www.loc.gov/marc21/slim']);
export const DC_SCHEMA_ID = 'info:srw/schema/1/dc-v1.1';
const DC_NAMES = new Set(['dc', DC_SCHEMA_ID]);

export type SruServerRequest =
  | { operation: 'explain'; version: SruVersion }
  | {
      operation: 'searchRetrieve';
      version: SruVersion;
      query: string;
      startRecord: number;
      maximumRecords: number;
      recordSchemaId: string;
      packing: 'xml' | 'string';
    };

export type SruRequestResult =
  | { ok: true; request: SruServerRequest }
  | { ok: false; version: SruVersion; operation: 'searchRetrieve' | 'explain'; diagnostic: SruServerDiagnostic };

export type SruParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter (a repeated parameter keeps its first occurrence). */
function param(params: SruParams, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

function positiveInt(raw: string | undefined, name: string, fallback: number, min: number): number | SruServerDiagnostic {
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]{1,9}$/.test(raw.trim())) return { code: 6, message: 'Unsupported parameter value', details: name };
  const n = Number(raw.trim());
  return n < min ? { code: 6, message: 'Unsupported parameter value', details: name } : n;
}

export function parseSruParams(params: SruParams): SruRequestResult {
  const rawVersion = param(params, 'version');
  const version: SruVersion = rawVersion === '1.1' || rawVersion === '2.0' ? rawVersion : '1.2';
  const query = param(params, 'query');
  const rawOperation = param(params, 'operation');
  // SRU 2.0 has no operation parameter: a query means searchRetrieve; nothing at all means explain.
  const operation = rawOperation ?? (query === undefined ? 'explain' : 'searchRetrieve');
  const answerAs = operation === 'explain' ? 'explain' : 'searchRetrieve';
  const fail = (diagnostic: SruServerDiagnostic): SruRequestResult => ({ ok: false, version, operation: answerAs, diagnostic });
  if (rawVersion !== undefined && rawVersion !== '1.1' && rawVersion !== '1.2' && rawVersion !== '2.0') {
    return fail({ code: 5, message: 'Unsupported version', details: '1.2' });
  }
  if (operation === 'explain') return { ok: true, request: { operation: 'explain', version } };
  if (operation !== 'searchRetrieve') return fail({ code: 4, message: 'Unsupported operation', details: operation.slice(0, 40) });
  if (query === undefined || query.trim() === '') return fail({ code: 7, message: 'Mandatory parameter not supplied', details: 'query' });
  // No catalogue text holds NUL (PostgreSQL cannot store it, and searching for it makes the database fail).
  if (query.includes('\u0000')) return fail({ code: 10, message: 'Query syntax error', details: 'the query contains a NUL character' });
  const startRecord = positiveInt(param(params, 'startRecord'), 'startRecord', 1, 1);
  if (typeof startRecord !== 'number') return fail(startRecord);
  const maximumRecords = positiveInt(param(params, 'maximumRecords'), 'maximumRecords', SRU_DEFAULT_RECORDS, 0);
  if (typeof maximumRecords !== 'number') return fail(maximumRecords);
  const schema = param(params, 'recordSchema');
  const schemaName = (schema ?? '').toLowerCase();
  if (schemaName !== '' && !MARCXML_NAMES.has(schemaName) && !DC_NAMES.has(schemaName)) {
    return fail({ code: 66, message: 'Unknown schema for retrieval', details: (schema ?? '').slice(0, 80) });
  }
  // 1.x: recordPacking xml|string. 2.0: recordXMLEscaping xml|string (its recordPacking is packed|unpacked).
  const packingName = version === '2.0' ? 'recordXMLEscaping' : 'recordPacking';
  const packing = param(params, packingName) ?? 'xml';
  if (packing !== 'xml' && packing !== 'string') return fail({ code: 71, message: 'Unsupported record packing', details: packing.slice(0, 40) });
  return {
    ok: true,
    request: {
      operation: 'searchRetrieve',
      version,
      query,
      startRecord,
      maximumRecords: Math.min(maximumRecords, SRU_MAX_RECORDS),
      recordSchemaId: DC_NAMES.has(schemaName) ? DC_SCHEMA_ID : MARCXML_SCHEMA_ID,
      packing,
    },
  };
}
