import { buildIso18626, parseIso18626 } from '../src/protocols/iso18626/index.js';
import { requestMessage } from '../test/support/iso18626Messages.js';

export interface CodecResult {
  operation: string;
  perSecond: number;
}

/** Calls of `work` per second over `seconds`, in batches of 100 so the clock is read rarely. */
export function rate(seconds: number, work: () => void): number {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) work();
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}

export function codecThroughput(seconds: number): CodecResult[] {
  const message = requestMessage();
  const xml12 = buildIso18626(message, '1.2');
  const xml2021 = buildIso18626(message, '2021');
  const each = Math.max(1, seconds / 2);
  return [
    { operation: 'parse request 1.2', perSecond: rate(each, () => parseIso18626(xml12)) },
    { operation: 'parse request 2021', perSecond: rate(each, () => parseIso18626(xml2021)) },
    { operation: 'build request 1.2', perSecond: rate(each, () => buildIso18626(message, '1.2')) },
    { operation: 'build request 2021', perSecond: rate(each, () => buildIso18626(message, '2021')) },
  ];
}
