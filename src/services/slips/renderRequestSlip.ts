import { SLIPS, slipRefusal, type SlipKind } from '../../domain/slips/kinds.js';
import { renderSlip, type SlipRecord } from '../../domain/slips/render.js';
import { findBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import type { Db } from '../../store/database.js';
import { findLendingRequest } from '../../store/lendingRequestRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { pickSlipData, receiveSlipData, returnSlipData, shippingSlipData } from './slipData.js';
import { effectiveSlipTemplate } from './slipTemplates.js';

async function gather(db: Db, institution: Institution, kind: SlipKind, id: string, now: Date): Promise<SlipRecord> {
  const fail = (request: { status: string }): void => {
    const refusal = slipRefusal(kind, request.status);
    if (refusal) throw new ConflictError(refusal);
  };
  if (SLIPS[kind].request === 'lending') {
    const request = await findLendingRequest(db, institution.id, id);
    if (!request) throw new NotFoundError(`no lending request ${id}`);
    fail(request);
    return kind === 'pick' ? pickSlipData(db, institution, request, now) : shippingSlipData(db, institution, request, now);
  }
  const request = await findBorrowingRequest(db, institution.id, id);
  if (!request) throw new NotFoundError(`no borrowing request ${id}`);
  fail(request);
  return kind === 'receive' ? receiveSlipData(db, institution, request, now) : returnSlipData(db, institution, request, now);
}

export interface RenderedSlip {
  html: string;
  /** The number the slip shows for its request (ours for a borrowing request, our supplying id for a lending one). */
  requestNumber: string;
}

/** A slip of a request as printable HTML, from the institution's template (or the default); 409 when the request is not at that stage. */
export async function renderRequestSlip(ctx: ServiceContext, institution: Institution, kind: SlipKind, requestId: string): Promise<RenderedSlip> {
  const data = await gather(ctx.db, institution, kind, requestId, ctx.now());
  const template = await effectiveSlipTemplate(ctx.db, institution.id, kind);
  return { html: renderSlip(template.html, data), requestNumber: typeof data.requestNumber === 'string' ? data.requestNumber : '' };
}
