import type { Costs, PhysicalAddress, ProtocolIssue } from '../../../protocols/iso18626/index.js';
import type { AddressedMessage } from '../../inbound/delivery.js';
import { joinNote, noteOf, withNote } from '../notes.js';

/*
 * Alma (Ex Libris) as an ISO 18626 peer:
 * - sends Notifications with an empty <status/>, which the schema does not allow;
 * - does not act on ExpectToSupply, only on WillSupply;
 * - shows staff the note only: conditions, costs and ship-to / return-to addresses elsewhere
 *   in the message are not read, so they are written into the note as well.
 */

/** Where Alma staff find addresses in a note (the labels other Alma peers use too). */
export const SHIP_TO = { begin: '#SHIP_TO#', end: '#ST_END#' };
export const RETURN_TO = { begin: '#RETURN_TO#', end: '#RT_END#' };
export const CONDITION_LABEL = 'Condition:';
export const COST_LABEL = 'Cost:';

const EMPTY_STATUS = /<((?:[\w.-]+:)?)status\s*(?:\/>|>\s*<\/\1status>)/;
const REASON = /<((?:[\w.-]+:)?)reasonForMessage>[^<]*<\/\1reasonForMessage>/;

/**
 * An empty status is Alma's Notification: the XML is made readable by reading it as one. The
 * status put in its place never moves a request (a Notification's status is not an event, see
 * eventMapping.ts); RequestReceived is the one that claims least.
 */
export function emptyStatusAsNotification(xml: string, issue: ProtocolIssue): string | undefined {
  if (issue.type !== 'UnrecognisedDataValue' || !/statusInfo\/status: ""$/.test(issue.value)) return undefined;
  if (!EMPTY_STATUS.test(xml)) return undefined;
  return xml
    .replace(EMPTY_STATUS, (_all, prefix: string) => `<${prefix}status>RequestReceived</${prefix}status>`)
    .replace(REASON, (_all, prefix: string) => `<${prefix}reasonForMessage>Notification</${prefix}reasonForMessage>`);
}

export function willSupplyForExpectToSupply(message: AddressedMessage): AddressedMessage {
  if (message.kind !== 'supplyingAgencyMessage' || message.statusInfo.status !== 'ExpectToSupply') return message;
  return { ...message, statusInfo: { ...message.statusInfo, status: 'WillSupply' } };
}

/** Conditions, costs and addresses copied into the note, each once. */
export function termsIntoNote(message: AddressedMessage): AddressedMessage {
  const note = noteOf(message) ?? '';
  const add: string[] = [];
  if (message.kind === 'supplyingAgencyMessage') {
    const info = message.messageInfo;
    const codes = [...(message.retryInfo?.loanCondition ?? []), ...(message.deliveryInfo?.loanCondition ?? [])].map((c) => c.value);
    if (info.reasonRetry?.value === 'LoanCondition' || codes.length > 0) {
      if (!note.includes(CONDITION_LABEL)) add.push(`${CONDITION_LABEL} ${[...codes, note].filter(Boolean).join('; ') || 'see request'}`);
    }
    const cost = message.retryInfo?.offeredCosts?.[0] ?? message.deliveryInfo?.deliveryCosts?.[0];
    if (cost && !note.includes(COST_LABEL)) add.push(`${COST_LABEL} ${costText(cost)}`);
    const address = message.returnInfo?.physicalAddress;
    if (address && !note.includes(RETURN_TO.begin)) add.push(label(RETURN_TO, message.returnInfo?.name, address));
    if (add.length === 0) return message;
    // The conditions label replaces the bare note it quotes.
    const keep = add.some((part) => part.startsWith(CONDITION_LABEL)) ? undefined : note;
    return withNote(message, [keep, ...add].filter(Boolean).join('\n'));
  }
  if (message.kind === 'request') {
    const cost = message.billingInfo?.maximumCosts;
    if (cost && !note.includes(COST_LABEL)) add.push(`${COST_LABEL} ${costText(cost)}`);
    const address = message.requestedDeliveryInfo?.map((d) => d.address?.physicalAddress).find(Boolean);
    if (address && !note.includes(SHIP_TO.begin)) add.push(label(SHIP_TO, message.requestingAgencyInfo?.name, address));
    if (add.length === 0 || !message.serviceInfo) return message;
    return withNote(message, [note, ...add].filter(Boolean).join('\n'));
  }
  return message;
}

function costText(cost: Costs): string {
  return joinNote(cost.monetaryValue, cost.currencyCode.value) ?? cost.monetaryValue;
}

function label(marks: { begin: string; end: string }, name: string | undefined, address: PhysicalAddress): string {
  const place = joinNote(address.locality, address.region?.value, address.postalCode);
  return [marks.begin, name, address.line1, address.line2, place, address.country?.value, marks.end].filter(Boolean).join('\n');
}
