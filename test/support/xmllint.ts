/**
 * XSD validation through libxml2's xmllint, batched: many documents per process.
 *
 * If xmllint is missing: with CI set, `requireXmllint()` throws (the suite fails); otherwise it
 * warns loudly and the caller skips (`describe.skipIf(!requireXmllint('why'))`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const XMLLINT = process.env.XMLLINT ?? '/usr/bin/xmllint';

export interface XmllintResult {
  /** Index into the input list. */
  index: number;
  valid: boolean;
  /** xmllint's messages for this document (empty when valid). */
  messages: string[];
}

export function hasXmllint(): boolean {
  if (!existsSync(XMLLINT)) return false;
  const probe = spawnSync(XMLLINT, ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** True when xmllint can be used; false (with a loud warning) when not and CI is unset; throws under CI. */
export function requireXmllint(purpose: string): boolean {
  if (hasXmllint()) return true;
  const reason = `xmllint not found at ${XMLLINT}: ${purpose} cannot run`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`SKIPPING: ${reason}. Install libxml2-utils (Debian) to run it.`);
  return false;
}

/**
 * Validates `documents` against the XSD at `xsdPath`, `batchSize` files per xmllint process.
 * Returns one result per document, in input order.
 */
export function validateWithXsd(xsdPath: string, documents: readonly string[], batchSize = 400): XmllintResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
  try {
    const results: XmllintResult[] = [];
    for (let start = 0; start < documents.length; start += batchSize) {
      const batch = documents.slice(start, start + batchSize);
      const files = batch.map((doc, i) => {
        const file = join(dir, `doc-${start + i}.xml`);
        writeFileSync(file, doc, 'utf8');
        return file;
      });
      const run = spawnSync(XMLLINT, ['--noout', '--nonet', '--schema', xsdPath, ...files], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (run.error) throw run.error;
      const lines = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.split('\n');
      if (lines.some((l) => /Schemas parser error|WXS schema .* failed to compile/.test(l))) {
        throw new Error(`xmllint could not load ${xsdPath}:\n${lines.join('\n')}`);
      }
      files.forEach((file, i) => {
        const mine = lines.filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
        const valid = mine.some((l) => l === `${file} validates`);
        results.push({ index: start + i, valid, messages: valid ? [] : mine.filter((l) => l !== `${file} validates`) });
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Readable summary of failures (first few), for assertion messages. */
export function describeFailures(results: readonly XmllintResult[], documents: readonly string[], max = 3): string {
  return results
    .filter((r) => !r.valid)
    .slice(0, max)
    .map((r) => `#${r.index}: ${r.messages.join('\n')}\n${documents[r.index] ?? ''}`)
    .join('\n\n');
}
