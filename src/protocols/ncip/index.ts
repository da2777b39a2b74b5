/** NCIP 2.02 codec: wire format only (parse, build, problems). Pure, synchronous, no I/O. */
export type {
  AgencyRef,
  BibliographicDescription,
  BibliographicItemId,
  BibliographicRecordId,
  ItemId,
  ItemOptionalFields,
  NcipBody,
  NcipHeader,
  NcipMessage,
  NcipProblem,
  NcipStruct,
  NcipValue,
  NcipVersion,
  RequestId,
  SchemeValue,
  UserId,
} from './model.js';
export { keyOf, NCIP_NAMESPACE, VERSION_ATTRIBUTE } from './model.js';
export type { NcipParseResult } from './parse.js';
export { MAX_MESSAGE_BYTES, parseNcipMessage, versionFromAttribute } from './parse.js';
export { buildNcipMessage, buildProblemResponse, NcipBuildError, responseHeaderFor } from './build.js';
export type { GeneralProcessingError, MessagingError } from './problems.js';
export {
  GENERAL_PROCESSING_ERROR_SCHEME,
  GENERAL_PROCESSING_ERRORS,
  MESSAGING_ERROR_SCHEME,
  MESSAGING_ERRORS,
  messagingProblem,
  processingErrorScheme,
  processingProblem,
  serviceProblem,
} from './problems.js';
