/** NCIP codec throughput (in process, one core): parse and build of a realistic AcceptItem and CheckOutItemResponse. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNcipMessage, parseNcipMessage, type NcipMessage } from '../src/protocols/ncip/index.js';
import { NCIP_SAMPLES_DIR } from '../test/support/ncipSamples.js';
import { rate } from './codec.js';

export interface NcipCodecResult {
  operation: string;
  perSecond: number;
}

function sample(file: string): { xml: string; message: NcipMessage } {
  const xml = readFileSync(join(NCIP_SAMPLES_DIR, file), 'utf8');
  const parsed = parseNcipMessage(xml);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return { xml, message: parsed.message };
}

export function ncipCodecThroughput(seconds: number): NcipCodecResult[] {
  const each = Math.max(0.5, seconds / 4);
  const accept = sample('AcceptItemD2D.xml');
  const checkOut = sample('CheckOutItemResponseSuccess.xml');
  return [
    { operation: 'parse AcceptItem', perSecond: rate(each, () => parseNcipMessage(accept.xml)) },
    { operation: 'build AcceptItem', perSecond: rate(each, () => buildNcipMessage(accept.message)) },
    { operation: 'parse CheckOutItemResponse', perSecond: rate(each, () => parseNcipMessage(checkOut.xml)) },
    { operation: 'build CheckOutItemResponse', perSecond: rate(each, () => buildNcipMessage(checkOut.message)) },
  ];
}
