import { SLIPS, type SlipKind } from '../../domain/slips/kinds.js';
import { htmlToPrintBlocks } from '../../domain/slips/printBlocks.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { renderRequestSlip } from './renderRequestSlip.js';
import { installedSlipFonts, writeSlipPdf, type SlipFonts } from './slipPdf.js';

export interface SlipPdf {
  pdf: Buffer;
  /** `<kind>-<request number>.pdf`, safe in a Content-Disposition header. */
  filename: string;
}

/**
 * A slip of a request as PDF: the same template the HTML slip prints with (so an institution's
 * edits show in both), rendered, read into print blocks and written with pdfkit.
 */
export async function renderRequestSlipPdf(ctx: ServiceContext, institution: Institution, kind: SlipKind, requestId: string, fonts?: SlipFonts): Promise<SlipPdf> {
  const slip = await renderRequestSlip(ctx, institution, kind, requestId);
  const pdf = await writeSlipPdf(htmlToPrintBlocks(slip.html), { title: `${SLIPS[kind].label} ${slip.requestNumber}`, fonts: fonts ?? (await installedSlipFonts()) });
  return { pdf, filename: `${kind}-${slip.requestNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf` };
}
