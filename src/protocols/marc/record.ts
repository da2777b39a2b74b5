/** MARC21 record model shared by the ISO 2709 and MARCXML readers. */

export interface MarcSubfield {
  code: string;
  value: string;
}
export interface MarcControlField {
  tag: string;
  value: string;
}
export interface MarcDataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: MarcSubfield[];
}
export interface MarcRecord {
  leader: string;
  /** Control fields (00X) in record order. */
  controlFields: MarcControlField[];
  /** Data fields in record order. */
  dataFields: MarcDataField[];
}

export type MarcErrorCode =
  | 'empty'
  | 'bad-leader'
  | 'bad-length'
  | 'bad-directory'
  | 'bad-field'
  | 'not-xml'
  | 'xml-refused'
  | 'not-marcxml';

/** Malformed input; readers return it (never throw it). */
export class MarcParseError extends Error {
  override readonly name = 'MarcParseError';
  constructor(
    readonly code: MarcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type MarcReadResult = { ok: true; record: MarcRecord } | { ok: false; error: MarcParseError };

export function controlField(record: MarcRecord, tag: string): string | undefined {
  return record.controlFields.find((f) => f.tag === tag)?.value;
}
export function dataFields(record: MarcRecord, ...tags: string[]): MarcDataField[] {
  return record.dataFields.filter((f) => tags.includes(f.tag));
}
export function subfieldValues(field: MarcDataField, code: string): string[] {
  return field.subfields.filter((s) => s.code === code).map((s) => s.value);
}
export function firstSubfield(field: MarcDataField, code: string): string | undefined {
  return field.subfields.find((s) => s.code === code)?.value;
}
