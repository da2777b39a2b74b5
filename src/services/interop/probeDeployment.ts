/**
 * `interlend probe <url>`: what a partner's server answers, before staff add it. Three checks,
 * none of which can create anything there: an ISO 18626 message without a message in it (a
 * conforming endpoint answers BadlyFormedMessage), the Interlend directory feed, and SRU
 * explain plus a zero-record search on every catalogue the feed names.
 */
import { parseIso18626 } from '../../protocols/iso18626/index.js';
import { parseXmlDocument } from '../../protocols/marc/safeXml.js';
import { searchRetrieve, type SruVersion } from '../../protocols/sru/index.js';
import { fetchFeed, readFeed } from '../directory/syncSubscription.js';

export interface ProbeCheck {
  check: 'iso18626' | 'directory' | 'sru-explain' | 'sru-search';
  target: string;
  ok: boolean;
  result: string;
  ms: number;
}

export interface ProbeOptions {
  timeoutMs?: number;
}

const EMPTY_MESSAGE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2"/>';
const ANSWER_CAP = 1024 * 1024;

/** The ISO 18626 endpoint and the deployment's base URL from what the user typed. */
export function probeTargets(url: string): { iso18626: string; base: string } {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path.endsWith('/iso18626')) return { iso18626: `${parsed.origin}${path}`, base: `${parsed.origin}${path.slice(0, -'/iso18626'.length)}` };
  return { iso18626: `${parsed.origin}${path}/iso18626`, base: `${parsed.origin}${path}` };
}

async function timed(check: ProbeCheck['check'], target: string, run: () => Promise<{ ok: boolean; result: string }>): Promise<ProbeCheck> {
  const started = performance.now();
  const { ok, result } = await run().catch((error: unknown) => ({ ok: false, result: describe(error) }));
  return { check, target, ok, result, ms: Math.round(performance.now() - started) };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (error.name === 'TimeoutError') return 'no answer in time';
  return cause instanceof Error ? `${error.message}: ${(cause as Error & { code?: string }).code ?? cause.message}` : error.message;
}

async function probeIso18626(endpoint: string, timeoutMs: number): Promise<{ ok: boolean; result: string }> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: EMPTY_MESSAGE, signal: AbortSignal.timeout(timeoutMs) });
  const text = (await response.text()).slice(0, ANSWER_CAP);
  const parsed = parseIso18626(text);
  if (!parsed.ok) return { ok: false, result: `HTTP ${response.status}, not an ISO 18626 answer (${parsed.issue.value.slice(0, 120)})` };
  const { message, version } = parsed;
  if (!message.kind.endsWith('Confirmation') || !('confirmationHeader' in message)) return { ok: false, result: `HTTP ${response.status}, answered with a ${message.kind}` };
  const error = 'errorData' in message ? message.errorData?.[0] : undefined;
  return { ok: true, result: `HTTP ${response.status}, ${message.kind} ${message.confirmationHeader.messageStatus}${error ? ` ${error.errorType}` : ''} (version ${version})` };
}

async function probeSruExplain(url: string, version: SruVersion, timeoutMs: number): Promise<{ ok: boolean; result: string }> {
  const explain = new URL(url);
  explain.searchParams.set('operation', 'explain');
  explain.searchParams.set('version', version);
  const response = await fetch(explain, { signal: AbortSignal.timeout(timeoutMs) });
  const root = parseXmlDocument((await response.text()).slice(0, ANSWER_CAP));
  const name = root.name.replace(/^.*:/, '');
  return { ok: name === 'explainResponse', result: `HTTP ${response.status}, ${name}` };
}

async function probeSruSearch(url: string, version: SruVersion, timeoutMs: number): Promise<{ ok: boolean; result: string }> {
  const answer = await searchRetrieve({ baseUrl: url, version, query: 'dc.title = "interlibrary"', maximumRecords: 0, timeoutMs });
  if (answer.kind === 'hits') return { ok: true, result: `${answer.count} records for dc.title = "interlibrary"` };
  if (answer.kind === 'diagnostic') return { ok: true, result: `diagnostic ${answer.uri} ${answer.message}` };
  return { ok: false, result: answer.kind === 'timeout' ? 'no answer in time' : answer.kind === 'unreachable' ? answer.error : answer.reason };
}

export async function probeDeployment(url: string, options: ProbeOptions = {}): Promise<ProbeCheck[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { iso18626, base } = probeTargets(url);
  const feedUrl = `${base}/directory/entries.json`;
  const [iso, feed] = await Promise.all([
    timed('iso18626', iso18626, () => probeIso18626(iso18626, timeoutMs)),
    (async () => {
      const started = performance.now();
      try {
        const { entries, rejected } = readFeed(await fetchFeed(feedUrl, { timeoutMs }));
        const check: ProbeCheck = { check: 'directory', target: feedUrl, ok: true, result: `${entries.length} entries${rejected.length > 0 ? `, ${rejected.length} invalid` : ''}`, ms: Math.round(performance.now() - started) };
        return { check, entries };
      } catch (error) {
        return { check: { check: 'directory' as const, target: feedUrl, ok: false, result: describe(error), ms: Math.round(performance.now() - started) }, entries: [] };
      }
    })(),
  ]);
  const catalogues = [...new Set(feed.entries.flatMap((entry) => (entry.locate?.protocol === 'sru' && entry.locate.url ? [JSON.stringify([entry.locate.url, entry.locate.version])] : [])))].map(
    (key) => JSON.parse(key) as [string, SruVersion],
  );
  const sru = await Promise.all(
    catalogues.flatMap(([catalogue, version]) => [
      timed('sru-explain', catalogue, () => probeSruExplain(catalogue, version, timeoutMs)),
      timed('sru-search', catalogue, () => probeSruSearch(catalogue, version, timeoutMs)),
    ]),
  );
  return [iso, feed.check, ...sru];
}
