/** The OCLC sample messages (all ISO 18626 v1.2), read once for the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDARDS_DIR as SHARED_STANDARDS_DIR } from '../../../support/standards.js';

export const STANDARDS_DIR = join(SHARED_STANDARDS_DIR, 'iso18626');
export const SAMPLES_DIR = join(STANDARDS_DIR, 'examples-oclc');

export const samples: { file: string; xml: string }[] = readdirSync(SAMPLES_DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((file) => ({ file, xml: readFileSync(join(SAMPLES_DIR, file), 'utf8') }));

export function sample(file: string): string {
  const found = samples.find((s) => s.file === file);
  if (!found) throw new Error(`no sample ${file}`);
  return found.xml;
}
