/**
 * One locate target searched for one citation: the profile's queries in order until one finds
 * the item, bounded by the profile's timeout as a whole. Never throws: every problem is an
 * outcome with evidence (every query sent, hits, record ids, availability, duration).
 */
import type { Citation } from '../../domain/citation.js';
import { classifyAnswer, describeQuery, planQueries, type LocateOutcome, type LocateQuery, type MatchField } from '../../domain/locate/index.js';
import { cqlFor, searchRetrieve, type CqlMatchFields } from '../../protocols/sru/index.js';
import { locateZ3950, type UseName } from '../../protocols/z3950/index.js';
import type { LocateAvailability, LocateProfile } from '../../store/schema.js';
import { sruRecordsSeen, z3950RecordsSeen, type RecordsSeen } from './targetRecords.js';

export type TargetProfile = Pick<
  LocateProfile,
  'code' | 'protocol' | 'url' | 'sru_version' | 'host' | 'port' | 'database_name' | 'match_fields' | 'check_availability' | 'timeout_ms'
>;

export interface TargetEvidence {
  outcome: LocateOutcome;
  protocol: 'sru' | 'z3950';
  /** Where we searched: a URL or host:port/database. */
  target: string;
  /** Every query sent, in order ("isbn=…; title=…"); null when none was. */
  query: string | null;
  hits: number | null;
  recordIds: string[];
  availability: LocateAvailability[];
  detail: string | null;
  durationMs: number;
}

export interface SearchOptions {
  /** Resolves profile URLs of this deployment ("/sru/HCPL"). */
  selfBaseUrl?: string | undefined;
}

/** Bib-1 use attributes for each index (the control number of a citation is its OCLC number). */
const Z3950_USE: Record<LocateQuery['index'], UseName> = { lccn: 'lccn', oclcNumber: 'oclc', isbn: 'isbn', issn: 'issn', title: 'title' };
const MAX_RECORDS = 10;

/** What one query at the target said. */
type QueryAnswer =
  | { kind: 'hits'; hits: number; seen: RecordsSeen }
  | { kind: 'diagnostic'; detail: string }
  | { kind: 'timeout' | 'unreachable' | 'error'; detail: string };

export function targetLabel(profile: TargetProfile, options: SearchOptions = {}): string {
  if (profile.protocol === 'z3950') return `${profile.host ?? '?'}:${profile.port ?? '?'}/${profile.database_name ?? '?'}`;
  return resolveUrl(profile.url ?? '', options.selfBaseUrl);
}

function resolveUrl(url: string, selfBaseUrl: string | undefined): string {
  if (!url.startsWith('/')) return url;
  return selfBaseUrl === undefined ? url : `${selfBaseUrl.replace(/\/$/, '')}${url}`;
}

async function askZ3950(profile: TargetProfile, query: LocateQuery, timeoutMs: number): Promise<QueryAnswer> {
  const target = { host: profile.host ?? '', port: profile.port ?? 0, database: profile.database_name ?? '' };
  const syntax = profile.check_availability ? 'opac' : 'usmarc';
  const result = await locateZ3950(target, { use: Z3950_USE[query.index], term: query.term }, { timeoutMs, maxRecords: MAX_RECORDS, syntax });
  switch (result.kind) {
    case 'hits':
      return { kind: 'hits', hits: result.count, seen: z3950RecordsSeen(result.records) };
    case 'diagnostic':
      return { kind: 'diagnostic', detail: result.diagnostics.map((d) => `Bib-1 ${d.code} ${d.message}${d.addinfo ? `: ${d.addinfo}` : ''}`).join('; ') };
    case 'timeout':
      return { kind: 'timeout', detail: `no answer to ${result.stage}` };
    case 'unreachable':
      return { kind: 'unreachable', detail: result.error };
    case 'failed':
      return { kind: 'error', detail: `${result.reason} at ${result.stage}: ${result.error}` };
  }
}

async function askSru(profile: TargetProfile, baseUrl: string, query: LocateQuery, timeoutMs: number): Promise<QueryAnswer> {
  if (!/^https?:\/\//.test(baseUrl)) return { kind: 'error', detail: `no base URL to resolve ${baseUrl} against` };
  const fields: CqlMatchFields = { [query.index]: query.term };
  const cql = cqlFor(fields);
  if (cql === null) return { kind: 'error', detail: `nothing to search for ${describeQuery(query)}` };
  const result = await searchRetrieve({ baseUrl, version: profile.sru_version ?? '1.2', query: cql, recordSchema: 'marcxml', maximumRecords: MAX_RECORDS, timeoutMs });
  switch (result.kind) {
    case 'hits':
      return { kind: 'hits', hits: result.count, seen: sruRecordsSeen(result.records) };
    case 'diagnostic':
      return { kind: 'diagnostic', detail: `${result.uri} ${result.message}${result.details ? `: ${result.details}` : ''}` };
    case 'timeout':
      return { kind: 'timeout', detail: 'no answer' };
    case 'unreachable':
      return { kind: 'unreachable', detail: result.error };
    case 'invalid-response':
      return { kind: 'error', detail: `invalid response: ${result.reason}` };
  }
}

/** Resolves after `ms` with `value`, unless cancelled. */
function after<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Searches one target for the citation; resolves within the profile's timeout (plus scheduling). */
export async function searchTarget(profile: TargetProfile, citation: Citation, options: SearchOptions = {}): Promise<TargetEvidence> {
  const started = performance.now();
  const target = targetLabel(profile, options);
  const sent: string[] = [];
  const details: string[] = [];
  const evidence = (outcome: LocateOutcome, hits: number | null, seen?: RecordsSeen): TargetEvidence => ({
    outcome,
    protocol: profile.protocol,
    target,
    query: sent.length > 0 ? sent.join('; ') : null,
    hits,
    recordIds: seen?.recordIds ?? [],
    availability: seen?.availability ?? [],
    detail: details.length > 0 ? details.join('; ') : null,
    durationMs: Math.round(performance.now() - started),
  });
  const queries = planQueries(citation, profile.match_fields as MatchField[]);
  if (queries.length === 0) {
    details.push(`the request has none of ${profile.match_fields.join(', ')}`);
    return evidence('no-match-fields', null);
  }
  const run = async (): Promise<TargetEvidence> => {
    let diagnostics = 0;
    for (const query of queries) {
      const remaining = Math.max(1, profile.timeout_ms - (performance.now() - started));
      sent.push(describeQuery(query));
      const answer = profile.protocol === 'z3950' ? await askZ3950(profile, query, remaining) : await askSru(profile, target, query, remaining);
      if (answer.kind === 'hits') {
        if (answer.hits === 0) continue;
        const outcome = classifyAnswer({ kind: 'hits', hits: answer.hits, items: answer.seen.availability }, profile.check_availability);
        details.push(`${answer.hits} hit(s) by ${query.field}`);
        return evidence(outcome, answer.hits, answer.seen);
      }
      details.push(`${query.field}: ${answer.detail}`);
      // A diagnostic is about this query (an index the target lacks): the next field may still work.
      if (answer.kind === 'diagnostic') diagnostics += 1;
      else return evidence(answer.kind, null);
    }
    return diagnostics === queries.length ? evidence('error', null) : evidence('not-held', 0);
  };
  const deadline = after(profile.timeout_ms, 'deadline' as const);
  try {
    const result = await Promise.race([run(), deadline.promise]);
    if (result !== 'deadline') return result;
    details.push(`no answer within ${profile.timeout_ms} ms`);
    return evidence('timeout', null);
  } finally {
    deadline.cancel();
  }
}
