import { serviceProblem } from '../../../protocols/ncip/index.js';
import { lookupUser } from './lookupUser.js';
import type { NcipServiceAnswer, NcipServiceRequest, NcipSideHandler } from './service.js';

/**
 * Which handler serves which NCIP service at `POST /ncip`. CheckInItem, RenewItem and
 * CancelRequestItem name an item or request that may be one we borrowed (broker borrowing) or
 * one we lent (broker lending): each side says whether the message is its own.
 */
export type NcipService = (request: NcipServiceRequest) => Promise<NcipServiceAnswer> | NcipServiceAnswer;

/** The first side that recognises the message serves it; neither: the service's own "unknown" Problem. */
export function eitherSide(unknown: { type: string; element: string; value: (request: NcipServiceRequest) => string | undefined }, ...sides: NcipSideHandler[]): NcipService {
  return async (request) => {
    for (const side of sides) {
      const answer = await side(request);
      if (answer) return answer;
    }
    const value = unknown.value(request);
    const { kind } = request.message;
    return { problem: serviceProblem(kind, unknown.type, `no broker-managed request of ${request.institution.code} matches`, unknown.element, value) };
  };
}

export const NCIP_SERVICES: Readonly<Record<string, NcipService>> = {
  LookupUser: lookupUser,
};
