import type { ProtocolIssue } from '../../protocols/iso18626/index.js';
import type { AddressedMessage } from '../inbound/delivery.js';
import { emptyStatusAsNotification, termsIntoNote, willSupplyForExpectToSupply } from './quirks/alma.js';
import { forwardedUnfilled } from './quirks/broker.js';
import { conditionsIn, conditionsOut, sequenceMarkers, updatedFields } from './quirks/reshare.js';
import type { SystemType } from './systemTypes.js';

/** Makes a message this system sends, which our codec refuses, readable; undefined when it cannot. */
export type Repair = (xml: string, issue: ProtocolIssue) => string | undefined;
/** Rewrites one message; returns it unchanged when the quirk does not apply. */
export type Quirk = (message: AddressedMessage) => AddressedMessage;

/** How we talk to one kind of system: applied in order, inbound after verification, outbound before delivery. */
export interface InteropProfile {
  repairs: readonly Repair[];
  inbound: readonly Quirk[];
  outbound: readonly Quirk[];
}

const STANDARD: InteropProfile = { repairs: [], inbound: [], outbound: [] };

/** The quirk table. A system with no known quirks speaks the standard. */
export const INTEROP_PROFILES: Record<SystemType, InteropProfile> = {
  alma: { repairs: [emptyStatusAsNotification], inbound: [], outbound: [willSupplyForExpectToSupply, termsIntoNote] },
  reshare: { repairs: [], inbound: [sequenceMarkers, updatedFields, conditionsIn], outbound: [conditionsOut] },
  'crosslink-broker': { repairs: [], inbound: [forwardedUnfilled], outbound: [] },
  illiad: STANDARD,
  interlend: STANDARD,
  generic: STANDARD,
};

export function normaliseInbound(systemType: SystemType, message: AddressedMessage): AddressedMessage {
  return INTEROP_PROFILES[systemType].inbound.reduce((m, quirk) => quirk(m), message);
}

export function shapeOutbound(systemType: SystemType, message: AddressedMessage): AddressedMessage {
  return INTEROP_PROFILES[systemType].outbound.reduce((m, quirk) => quirk(m), message);
}

/** The first repair of this system's profile that makes `xml` readable, if any. */
export function repairInbound(systemType: SystemType, xml: string, issue: ProtocolIssue): string | undefined {
  for (const repair of INTEROP_PROFILES[systemType].repairs) {
    const repaired = repair(xml, issue);
    if (repaired !== undefined) return repaired;
  }
  return undefined;
}
