import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Reading PDF slips back with poppler's pdftotext, as a person would read the printout.
 * Missing pdftotext: with CI set the suite fails; otherwise it warns loudly and skips.
 */
export const PDFTOTEXT = process.env.PDFTOTEXT ?? '/usr/bin/pdftotext';

export function requirePdftotext(purpose: string): boolean {
  if (existsSync(PDFTOTEXT) && spawnSync(PDFTOTEXT, ['-v']).status === 0) return true;
  const reason = `pdftotext not found at ${PDFTOTEXT}: ${purpose} cannot run`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`SKIPPING: ${reason}. Install poppler-utils (Debian) to run it.`);
  return false;
}

/** pdftotext's exit status and the text it read (UTF-8, layout kept line by line). */
export function pdfText(pdf: Buffer): { status: number | null; text: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'slip-pdf-'));
  try {
    const file = join(dir, 'slip.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { status: run.status, text: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text with every run of whitespace made one space: lines wrapped by the PDF read as one. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
