/** The 43 OCLC NCIP sample messages and the NCIP 2.02 XSD, read once for the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDARDS_DIR } from './standards.js';

export const NCIP_DIR = join(STANDARDS_DIR, 'ncip');
export const NCIP_XSD_PATH = join(NCIP_DIR, 'ncip_v2_02.xsd');
export const NCIP_SAMPLES_DIR = join(NCIP_DIR, 'examples-oclc');

export const ncipSamples: { file: string; xml: string }[] = readdirSync(NCIP_SAMPLES_DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((file) => ({ file, xml: readFileSync(join(NCIP_SAMPLES_DIR, file), 'utf8') }));

export function ncipSample(file: string): string {
  const found = ncipSamples.find((s) => s.file === file);
  if (!found) throw new Error(`no NCIP sample ${file}`);
  return found.xml;
}
