export * from './client.js';
export * from './locate.js';
export {
  BIB1_USE,
  OID,
  bib1Message,
  defaultAttributes,
  type OpacCirculation,
  type OpacHolding,
  type RpnTerm,
  type TermAttributes,
  type UseName,
  type Z3950Diagnostic,
  type Z3950Record,
} from './pdu.js';
