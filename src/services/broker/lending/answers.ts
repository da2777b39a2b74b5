import { lendingStates, type LendingStatus } from '../../../domain/lending/table.js';
import { processingProblem, serviceProblem, type NcipBody, type NcipProblem } from '../../../protocols/ncip/index.js';
import type { LendingRequest } from '../../../store/schema.js';
import type { NcipServiceAnswer, NcipServiceRequest } from '../../ncip/responder/service.js';

/** How the lending handlers answer the broker: the service's own response, or a Problem in it. */

export function respond(request: NcipServiceRequest, body: NcipBody, lending?: LendingRequest): NcipServiceAnswer {
  return {
    message: { kind: `${request.message.kind}Response`, body: { ...(request.responseHeader ? { responseHeader: request.responseHeader } : {}), ...body } },
    ...(lending ? { concerns: { kind: 'lending', id: lending.id } } : {}),
  };
}

export function refuse(problem: NcipProblem, lending?: LendingRequest): NcipServiceAnswer {
  return { problem, ...(lending ? { concerns: { kind: 'lending', id: lending.id } } : {}) };
}

/** A message without what it must carry for us (NCIP's own "Needed Data Missing"). */
export function neededDataMissing(element: string, detail: string): NcipServiceAnswer {
  return refuse(processingProblem('Needed Data Missing', detail, element));
}

/** Our barcode is not in the inventory: the service's own "Unknown Item". */
export function unknownItem(request: NcipServiceRequest, barcode: string): NcipServiceAnswer {
  return refuse(serviceProblem(request.message.kind, 'Unknown Item', `${barcode} is not an item of ${request.institution.code}`, 'ItemIdentifierValue', barcode));
}

/**
 * The request's state machine does not take this message now. NISO has no error type for that,
 * so it is named in our own scheme; the detail says what state the request is in.
 */
export const REQUEST_STATUS_SCHEME = 'urn:interlend:ncip:schemes:requeststatuserror';

export function notNow(request: NcipServiceRequest, lending: LendingRequest, why: string): NcipServiceAnswer {
  const label = lendingStates[lending.status as LendingStatus]?.label ?? lending.status;
  return refuse(
    {
      problemType: { scheme: REQUEST_STATUS_SCHEME, value: 'Not Possible In Current Status' },
      problemDetail: `${request.message.kind} for lending request ${lending.supplying_agency_request_id} (${label}): ${why}`.slice(0, 200),
      problemElement: request.message.kind,
    },
    lending,
  );
}
