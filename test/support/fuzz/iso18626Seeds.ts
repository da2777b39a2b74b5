/**
 * ISO 18626 seeds for the fuzzer: the OCLC samples as they are, messages built by the codec
 * (requests addressed to institutions of the fuzz network, so they are accepted), generated
 * messages of every kind with their headers pointed at known, inactive and unknown partners,
 * and valid messages out of order for the request they name.
 */
import fc from 'fast-check';
import { buildIso18626, MESSAGE_KINDS, type Iso18626Message, type Iso18626Version } from '../../../src/protocols/iso18626/index.js';
import { ACTIONS_V1 } from '../../../src/protocols/iso18626/codeLists.js';
import { ONLY_2021_ELEMENTS, ONLY_V1_ELEMENTS } from '../../../src/protocols/iso18626/version.js';
import { messageArbitraries } from '../../unit/protocols/iso18626/arbitraries.js';
import { samples } from '../../unit/protocols/iso18626/samples.js';
import { isil, requestingAgencyMessageXml, requestXml, supplyingAgencyMessageXml } from '../iso18626Messages.js';
import { ISO_AGENCIES } from './network.js';
import { int, pick, type Random } from './run.js';

const VERSIONS: Iso18626Version[] = ['1.1', '1.2', '2021'];

function senderFor(r: Random): string {
  const roll = r();
  if (roll < 0.8) return pick(r, ISO_AGENCIES.known);
  return roll < 0.9 ? ISO_AGENCIES.inactive : ISO_AGENCIES.unknown;
}

/** Generated messages of every kind and version, made once (fast-check's own seeds: stable across runs). */
const generated: { version: Iso18626Version; message: Iso18626Message }[] = VERSIONS.flatMap((version, v) => {
  const arbs = messageArbitraries(version);
  return MESSAGE_KINDS.flatMap((kind, k) => fc.sample(arbs[kind], { numRuns: 40, seed: 8000 + v * 100 + k }).map((message) => ({ version, message })));
});

function readdress(message: Iso18626Message, from: string, to: string): Iso18626Message {
  if (!('header' in message)) return message;
  const requester = message.kind === 'supplyingAgencyMessage' ? to : from;
  const supplier = message.kind === 'supplyingAgencyMessage' ? from : to;
  return { ...message, header: { ...message.header, requestingAgencyId: isil(requester), supplyingAgencyId: isil(supplier) } };
}

function generatedSeed(r: Random): string {
  const { version, message } = pick(r, generated);
  const to = pick(r, ISO_AGENCIES.known);
  try {
    return buildIso18626(readdress(message, senderFor(r), to), version);
  } catch {
    // Some generated values cannot be written in their version (documented in the codec): its own build then.
    return buildIso18626(message, '2021');
  }
}

export interface IsoSeed {
  kind: 'sample' | 'newRequest' | 'generated' | 'outOfOrder' | 'strangerRequest';
  xml: string;
}

/**
 * One seed. `accepted` are requesting-agency request ids that were accepted earlier in the run
 * (with their requester and supplier): out-of-order messages name them.
 */
export function isoSeed(r: Random, index: number, accepted: readonly { from: string; to: string; id: string }[]): IsoSeed {
  const roll = r();
  if (roll < 0.25) return { kind: 'sample', xml: pick(r, samples).xml };
  if (roll < 0.5) {
    const from = pick(r, ISO_AGENCIES.known);
    const to = pick(r, ISO_AGENCIES.known.filter((a) => a !== from));
    return { kind: 'newRequest', xml: requestXml({ from, to, id: `FUZZ-${index}`, version: pick(r, VERSIONS), title: pick(r, ['Dune', 'Éloge de l’ombre', '東京物語', 'a'.repeat(300)]) }) };
  }
  if (roll < 0.75) return { kind: 'generated', xml: generatedSeed(r) };
  if (roll < 0.8) return { kind: 'strangerRequest', xml: requestXml({ from: r() < 0.5 ? ISO_AGENCIES.inactive : ISO_AGENCIES.unknown, to: 'US-NSU', id: `STRANGER-${index}` }) };
  // Valid messages, wrong moment: shipped-return before anything was shipped, supplier answers for requests never sent.
  const earlier = accepted.length > 0 ? pick(r, accepted) : { from: 'US-HCPL', to: 'US-NSU', id: `NEVER-${index}` };
  if (r() < 0.6) return { kind: 'outOfOrder', xml: requestingAgencyMessageXml(pick(r, ACTIONS_V1), { from: earlier.from, to: earlier.to, id: earlier.id }) };
  return { kind: 'outOfOrder', xml: supplyingAgencyMessageXml({ from: earlier.to, to: earlier.from, id: r() < 0.5 ? earlier.id : `NEVER-${index}` }) };
}

/** Mixes versions: another version attribute, and elements only the other version has. */
export function mixVersions(xml: string, r: Random): string {
  const attribute = pick(r, ['1.1', 'v1_2_2017', '2021-2', '2021', '1.3', '2017', '9.9', '', 'v1_1_2014']);
  const withVersion = xml.replace(/(:?version=")[^"]*"/, `$1${attribute}"`);
  const foreign = pick(r, [...ONLY_2021_ELEMENTS, ...ONLY_V1_ELEMENTS]);
  const prefix = /<(\w+):ISO18626Message/.exec(withVersion)?.[1];
  const tag = prefix ? `${prefix}:${foreign}` : foreign;
  const closes = [...withVersion.matchAll(/<\/(?:\w+:)?(?:header|bibliographicInfo|serviceInfo|deliveryInfo|statusInfo|messageInfo)>/g)];
  if (closes.length === 0) return withVersion;
  const at = (pick(r, closes).index ?? 0) + (r() < 0.5 ? 0 : int(r, 3));
  return `${withVersion.slice(0, at)}<${tag}>x</${tag}>${withVersion.slice(at)}`;
}
