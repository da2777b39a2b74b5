import { processingProblem, type NcipHeader, type NcipMessage, type NcipProblem, type SchemeValue } from '../../../protocols/ncip/index.js';
import type { Institution, Partner, RequestKind } from '../../../store/schema.js';
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

/** The request a message was about: the exchange is kept on it, so staff see it with the request. */
export interface NcipConcerns {
  kind: RequestKind;
  id: string;
}

/** A handler's answer: an NCIP response message, or a Problem to answer in the service's own response. */
export type NcipServiceAnswer = ({ message: NcipMessage } | { problem: NcipProblem }) & { concerns?: NcipConcerns };

/**
 * Which requests a side may take a message for: first only open ones (on every side), then any.
 * An item barcode may name both a closed request on one side and an open one on the other; the
 * open one is what the broker means, a closed one only answers a repeated message.
 */
export type SidePass = 'open' | 'any';

/** A handler for one side of a service some messages of which are about borrowing and others about lending: undefined = not this side's. */
export type NcipSideHandler = (request: NcipServiceRequest, pass: SidePass) => Promise<NcipServiceAnswer | undefined>;

/** Every NCIP initiation message we do not serve: a clean, schema-valid "Unsupported Service" in the service's own response. */
export function unsupportedService(request: NcipServiceRequest): NcipServiceAnswer {
  const { kind } = request.message;
  return { problem: processingProblem('Unsupported Service', `${kind} is not served by ${request.institution.code}`, kind) };
}
