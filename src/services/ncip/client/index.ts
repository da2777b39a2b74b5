/** NCIP client to an institution's own ILS (issue 6 item 3). */
export { ilsConnectionFor, readCirculationSettings, writeCirculationSettings } from './circulationSettings.js';
export { describeProblem, type ExchangeRecord, type IlsFailure, type IlsProblem, type IlsResult } from './exchange.js';
export { acceptItem, checkInItem, checkOutItem, deleteItem, lookupUser, renewItem, requestItem, type AcceptItemInput, type IlsLoan, type IlsUser, type RequestItemInput } from './services.js';
export type { NcipConnection } from './transport.js';
