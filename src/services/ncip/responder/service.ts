import { processingProblem, type NcipHeader, type NcipMessage, type NcipProblem, type SchemeValue } from '../../../protocols/ncip/index.js';
import type { Institution, Partner } from '../../../store/schema.js';
import type { ServiceContext } from '../../context.js';

/** One verified NCIP request, ready for the handler of its service. */
export interface NcipServiceRequest {
  ctx: ServiceContext;
  institution: Institution;
  partner: Partner;
  message: NcipMessage;
  /** The initiation header with the agencies swapped: what every answer carries. */
  responseHeader: NcipHeader | undefined;
  /** The agency id the sender addressed us by, as it wrote it. */
  ourAgency: SchemeValue;
}

/** A handler's answer: an NCIP response message, or a Problem to answer in the service's own response. */
export type NcipServiceAnswer = { message: NcipMessage } | { problem: NcipProblem };

/**
 * The services the broker flows will serve (next issue 6 steps) and every other NCIP initiation
 * message: a clean, schema-valid "Unsupported Service" in the service's own response until then.
 */
export function unsupportedService(request: NcipServiceRequest): NcipServiceAnswer {
  const { kind } = request.message;
  return { problem: processingProblem('Unsupported Service', `${kind} is not served by ${request.institution.code}`, kind) };
}
