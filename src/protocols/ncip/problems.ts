/**
 * NCIP Problem types the codec itself raises, from the NISO NCIP v1_0 schemes that 2.x kept:
 * Messaging Error Type (the message cannot be read) and General Processing Error (it can be
 * read but not served). Service-specific schemes (Unknown User, Unknown Item …) belong to the
 * code that looks users and items up, so only their scheme URIs are listed here.
 */
import type { NcipProblem } from './model.js';

const SCHEMES = 'http://www.niso.org/ncip/v1_0/schemes/';
export const MESSAGING_ERROR_SCHEME = `${SCHEMES}messagingerrortype/messagingerrortype.scm`;
export const GENERAL_PROCESSING_ERROR_SCHEME = `${SCHEMES}processingerrortype/generalprocessingerror.scm`;

/** processingerrortype scheme of a service, e.g. processingErrorScheme('CheckOutItem'). */
export function processingErrorScheme(service: string): string {
  return `${SCHEMES}processingerrortype/${service.toLowerCase()}processingerror.scm`;
}

export const MESSAGING_ERRORS = [
  'Invalid Message Syntax Error',
  'Protocol Error',
  'Unknown Element',
  'Unknown Scheme',
  'Unknown Service',
  'Unknown Value From Known Scheme',
] as const;
export type MessagingError = (typeof MESSAGING_ERRORS)[number];

export const GENERAL_PROCESSING_ERRORS = [
  'Agency Authentication Failed',
  'Invalid Amount',
  'Invalid Date',
  'Needed Data Missing',
  'System Authentication Failed',
  'Temporary Processing Failure',
  'Unauthorized Combination Of Element Values For Agency',
  'Unauthorized Combination Of Element Values For System',
  'Unauthorized Service For Agency',
  'Unauthorized Service For System',
  'Unknown Agency',
  'Unknown System',
  'Unsupported Service',
] as const;
export type GeneralProcessingError = (typeof GENERAL_PROCESSING_ERRORS)[number];

const MAX_SHOWN = 200;

function clip(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

function problem(scheme: string, type: string, detail: string, element?: string, value?: string): NcipProblem {
  const p: NcipProblem = { problemType: { scheme, value: type }, problemDetail: clip(detail) };
  if (element !== undefined) p.problemElement = element;
  if (value !== undefined) p.problemValue = clip(value);
  return p;
}

export function messagingProblem(type: MessagingError, detail: string, element?: string, value?: string): NcipProblem {
  return problem(MESSAGING_ERROR_SCHEME, type, detail, element, value);
}

export function processingProblem(type: GeneralProcessingError, detail: string, element?: string, value?: string): NcipProblem {
  return problem(GENERAL_PROCESSING_ERROR_SCHEME, type, detail, element, value);
}

/** A problem of one service's own scheme ("Unknown Item" of CheckInItem …). */
export function serviceProblem(service: string, type: string, detail: string, element?: string, value?: string): NcipProblem {
  return problem(processingErrorScheme(service), type, detail, element, value);
}
