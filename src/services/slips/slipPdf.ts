import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { PrintBlock, PrintStyle } from '../../domain/slips/printBlocks.js';
import { toStandardFontText } from '../../domain/slips/printableText.js';

/**
 * Writes a slip's print blocks as a PDF with pdfkit. Names and titles come in any script, so a
 * Unicode TrueType font installed on the machine is embedded when one is found (DejaVu, Noto,
 * Liberation); without one the standard PDF fonts print a readable Latin substitute.
 */

/** The fonts a slip prints with: Unicode TrueType files, or the standard PDF fonts (Windows-1252 only). */
export type SlipFonts = { kind: 'unicode'; regular: Buffer; bold: Buffer; mono: Buffer } | { kind: 'standard' };

const FONT_DIRS = ['/usr/share/fonts/truetype', '/usr/share/fonts/TTF', '/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', 'C:/Windows/Fonts'];
/** For each face, the files tried in order under each directory. */
const FONT_FILES = {
  regular: ['dejavu/DejaVuSans.ttf', 'DejaVuSans.ttf', 'noto/NotoSans-Regular.ttf', 'liberation/LiberationSans-Regular.ttf', 'arial.ttf'],
  bold: ['dejavu/DejaVuSans-Bold.ttf', 'DejaVuSans-Bold.ttf', 'noto/NotoSans-Bold.ttf', 'liberation/LiberationSans-Bold.ttf', 'arialbd.ttf'],
  mono: ['dejavu/DejaVuSansMono.ttf', 'DejaVuSansMono.ttf', 'noto/NotoSansMono-Regular.ttf', 'liberation/LiberationMono-Regular.ttf', 'cour.ttf'],
} as const;

async function firstReadable(files: readonly string[]): Promise<Buffer | undefined> {
  for (const dir of FONT_DIRS) {
    for (const file of files) {
      const font = await readFile(`${dir}/${file}`).catch(() => undefined);
      // A file pdfkit cannot use is as good as none.
      if (font && usable(font)) return font;
    }
  }
  return undefined;
}

function usable(font: Buffer): boolean {
  try {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont('probe', font);
    probe.font('probe');
    return true;
  } catch {
    return false;
  }
}

let installed: Promise<SlipFonts> | undefined;

/** The fonts found on this machine, looked up once. */
export function installedSlipFonts(): Promise<SlipFonts> {
  installed ??= (async (): Promise<SlipFonts> => {
    const regular = await firstReadable(FONT_FILES.regular);
    if (!regular) return { kind: 'standard' };
    return { kind: 'unicode', regular, bold: (await firstReadable(FONT_FILES.bold)) ?? regular, mono: (await firstReadable(FONT_FILES.mono)) ?? regular };
  })();
  return installed;
}

const LOOK: Record<Exclude<PrintStyle, 'rule'>, { face: 'regular' | 'bold' | 'mono'; size: number; after: number }> = {
  title: { face: 'bold', size: 18, after: 0.4 },
  heading: { face: 'bold', size: 13, after: 0.3 },
  text: { face: 'regular', size: 11, after: 0.35 },
  small: { face: 'regular', size: 9, after: 0.3 },
  barcode: { face: 'mono', size: 20, after: 0.5 },
};

const STANDARD_FACES = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' } as const;

/** The PDF of a slip: A4, 15 mm margins, one paragraph per block. */
export function writeSlipPdf(blocks: readonly PrintBlock[], options: { title: string; fonts: SlipFonts }): Promise<Buffer> {
  const { fonts } = options;
  const text = fonts.kind === 'unicode' ? (value: string) => value : toStandardFontText;
  const doc = new PDFDocument({ size: 'A4', margin: 42, compress: true, info: { Title: text(options.title), Creator: 'Interlend' } });
  const faces: Record<'regular' | 'bold' | 'mono', string> =
    fonts.kind === 'unicode' ? { regular: 'slip-regular', bold: 'slip-bold', mono: 'slip-mono' } : STANDARD_FACES;
  if (fonts.kind === 'unicode') {
    doc.registerFont(faces.regular, fonts.regular);
    doc.registerFont(faces.bold, fonts.bold);
    doc.registerFont(faces.mono, fonts.mono);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  for (const block of blocks) {
    if (block.style === 'rule') {
      const y = doc.y + 2;
      doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.margins.left + width, y).lineWidth(1).stroke();
      doc.moveDown(0.5);
      continue;
    }
    const look = LOOK[block.style];
    doc.font(faces[look.face]).fontSize(look.size).text(text(block.text), doc.page.margins.left, doc.y, { width });
    if (block.style === 'title') {
      const y = doc.y + 2;
      doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.margins.left + width, y).lineWidth(1.5).stroke();
    }
    doc.moveDown(look.after);
  }
  doc.end();
  return done;
}
