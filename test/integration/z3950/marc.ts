import { readIso2709, type MarcSubfield } from '../../../src/protocols/marc/index.js';

/** A record's fields by tag, for checking that presented records parse as ISO 2709. */
export interface ParsedMarc {
  leader: string;
  get(pattern: RegExp): { tag: string; value?: string; subfields?: MarcSubfield[] }[];
}

/** Parses one ISO 2709 record with our own reader; a record that does not parse fails the test. */
export function parseIso2709(data: Buffer): ParsedMarc {
  const [result] = readIso2709(data);
  if (!result?.ok) throw new Error(`not an ISO 2709 record: ${result ? result.error.message : 'no record'}`);
  const { record } = result;
  const fields = [...record.controlFields, ...record.dataFields];
  return { leader: record.leader, get: (pattern) => fields.filter((field) => pattern.test(field.tag)) };
}
