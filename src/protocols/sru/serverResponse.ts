/**
 * SRU server responses: searchRetrieveResponse and explainResponse for versions 1.1 and 1.2
 * (namespace http://www.loc.gov/zing/srw/) and 2.0 (OASIS searchRetrieve), with diagnostics
 * (info:srw/diagnostic/1/N). Wire format only: callers supply records as MARCXML strings.
 */
import { escapeXmlAttr, escapeXmlText } from '../marc/safeXml.js';
import type { SruVersion } from './client.js';

export interface SruServerDiagnostic {
  code: number;
  message: string;
  details?: string;
}

export interface SruResponseRecord {
  /** The record as an XML element string (no XML declaration). */
  xml: string;
  schemaId: string;
  position: number;
}

export interface SearchRetrieveAnswer {
  version: SruVersion;
  count: number;
  records: SruResponseRecord[];
  packing: 'xml' | 'string';
  nextRecordPosition?: number;
  diagnostics?: SruServerDiagnostic[];
}

const NS_1 = 'http://www.loc.gov/zing/srw/';
const NS_1_DIAG = 'http://www.loc.gov/zing/srw/diagnostic/';
const NS_2 = 'http://docs.oasis-open.org/ns/search-ws/sruResponse';
const NS_2_DIAG = 'http://docs.oasis-open.org/ns/search-ws/diagnostic';
const NS_EXPLAIN = 'http://explain.z3950.org/dtd/2.0/';

export const DIAGNOSTIC_PREFIX = 'info:srw/diagnostic/1/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const text = (s: string | number) => escapeXmlText(String(s));
const el = (name: string, value: string | number) => `<zs:${name}>${text(value)}</zs:${name}>`;

function rootOpen(name: string, version: SruVersion): string {
  const v2 = version === '2.0';
  return `<zs:${name} xmlns:zs="${v2 ? NS_2 : NS_1}">`;
}

function diagnosticsXml(version: SruVersion, diagnostics: SruServerDiagnostic[]): string {
  if (diagnostics.length === 0) return '';
  const ns = version === '2.0' ? NS_2_DIAG : NS_1_DIAG;
  const items = diagnostics.map((d) => {
    const details = d.details === undefined || d.details === '' ? '' : `<diag:details>${text(d.details)}</diag:details>`;
    return `<diag:diagnostic xmlns:diag="${ns}"><diag:uri>${DIAGNOSTIC_PREFIX}${d.code}</diag:uri>${details}<diag:message>${text(d.message)}</diag:message></diag:diagnostic>`;
  });
  return `<zs:diagnostics>${items.join('')}</zs:diagnostics>`;
}

function recordXml(version: SruVersion, packing: 'xml' | 'string', schemaId: string, data: string, position: number): string {
  const packingEl = version === '2.0' ? el('recordXMLEscaping', packing) : el('recordPacking', packing);
  const payload = packing === 'string' ? escapeXmlText(data) : data;
  return `<zs:record>${el('recordSchema', schemaId)}${packingEl}<zs:recordData>${payload}</zs:recordData>${el('recordPosition', position)}</zs:record>`;
}

export function buildSearchRetrieveResponse(answer: SearchRetrieveAnswer): string {
  const parts = [DECLARATION, rootOpen('searchRetrieveResponse', answer.version), el('version', answer.version), el('numberOfRecords', answer.count)];
  if (answer.records.length > 0) {
    parts.push('<zs:records>', ...answer.records.map((r) => recordXml(answer.version, answer.packing, r.schemaId, r.xml, r.position)), '</zs:records>');
  }
  if (answer.nextRecordPosition !== undefined) parts.push(el('nextRecordPosition', answer.nextRecordPosition));
  parts.push(diagnosticsXml(answer.version, answer.diagnostics ?? []), '</zs:searchRetrieveResponse>');
  return parts.join('');
}

/** A fatal diagnostic answering `operation` (a searchRetrieve or explain request that could not be carried out). */
export function buildDiagnosticResponse(version: SruVersion, operation: 'searchRetrieve' | 'explain', diagnostic: SruServerDiagnostic): string {
  if (operation === 'explain') {
    return [DECLARATION, rootOpen('explainResponse', version), el('version', version), diagnosticsXml(version, [diagnostic]), '</zs:explainResponse>'].join('');
  }
  return buildSearchRetrieveResponse({ version, count: 0, records: [], packing: 'xml', diagnostics: [diagnostic] });
}

export interface ExplainIndex {
  title: string;
  /** `set.name`, e.g. `dc.title`. */
  name: string;
}

export interface ExplainSchema {
  name: string;
  identifier: string;
  title: string;
}

export interface ExplainInfo {
  version: SruVersion;
  host: string;
  port: number;
  database: string;
  title: string;
  description: string;
  contextSets: { name: string; identifier: string }[];
  indexes: ExplainIndex[];
  schemas: ExplainSchema[];
  defaultRecords: number;
  maximumRecords: number;
}

/** A ZeeRex explain record describing one database (one institution's catalogue). */
export function buildExplainResponse(info: ExplainInfo): string {
  const a = escapeXmlAttr;
  const sets = info.contextSets.map((s) => `<set name="${a(s.name)}" identifier="${a(s.identifier)}"/>`).join('');
  const indexes = info.indexes
    .map((i) => {
      const dot = i.name.indexOf('.');
      return `<index><title>${text(i.title)}</title><map><name set="${a(i.name.slice(0, dot))}">${text(i.name.slice(dot + 1))}</name></map></index>`;
    })
    .join('');
  const schemas = info.schemas
    .map((s) => `<schema identifier="${a(s.identifier)}" name="${a(s.name)}" sort="false" retrieve="true"><title>${text(s.title)}</title></schema>`)
    .join('');
  const explain =
    `<explain xmlns="${NS_EXPLAIN}">` +
    `<serverInfo protocol="SRU" version="${a(info.version)}"><host>${text(info.host)}</host><port>${info.port}</port><database>${text(info.database)}</database></serverInfo>` +
    `<databaseInfo><title>${text(info.title)}</title><description>${text(info.description)}</description></databaseInfo>` +
    `<indexInfo>${sets}${indexes}</indexInfo>` +
    `<schemaInfo>${schemas}</schemaInfo>` +
    `<configInfo><default type="numberOfRecords">${info.defaultRecords}</default><setting type="maximumRecords">${info.maximumRecords}</setting></configInfo>` +
    `</explain>`;
  return [
    DECLARATION,
    rootOpen('explainResponse', info.version),
    el('version', info.version),
    '<zs:record>',
    el('recordSchema', NS_EXPLAIN),
    info.version === '2.0' ? el('recordXMLEscaping', 'xml') : el('recordPacking', 'xml'),
    `<zs:recordData>${explain}</zs:recordData>`,
    '</zs:record>',
    '</zs:explainResponse>',
  ].join('');
}
