/**
 * `npm run bench`: measures and prints, never asserts. Figures go to stdout as a table and to
 * bench/results/latest.json with the machine and settings.
 *
 * Settings (environment): BENCH_SECONDS (per measurement, default 5),
 * BENCH_CONCURRENCY (default "1,8,32"), BENCH_LIFECYCLE_CONCURRENCY (default "1,8"), BENCH_PG_URL (admin URL of a PostgreSQL server,
 * default postgres://postgres@127.0.0.1:5432/test; "none" to skip PostgreSQL).
 * BENCH_TASKLIST_ROWS: borrowing requests seeded for the task-list queries (default 1000000).
 * BENCH_ONLY: a comma-separated subset of codec,inbound,lifecycles,broker,locate,tasklists,scaleout (default all).
 * BENCH_SCALEOUT_CONCURRENCY: total senders of the scale-out bench, 1 and 2 server processes on one PostgreSQL database (default "8,32").
 * BENCH_LOCATE_PARTNERS / BENCH_LOCATE_LATENCY_MS: the locate fan-out (default 20 partners, 200 ms each).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { brokerLifecycles } from './broker.js';
import { codecThroughput } from './codec.js';
import { ncipCodecThroughput } from './ncip.js';
import { inboundRequests } from './inbound.js';
import { loanLifecycles } from './lifecycles.js';
import { locateFanOut } from './locate.js';
import { machineInfo } from './machine.js';
import { pgbenchTps } from './pgbench.js';
import { scaleOut } from './scaleOut.js';
import { taskListQueries } from './taskLists.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const lifecycleConcurrencies = (process.env.BENCH_LIFECYCLE_CONCURRENCY ?? '1,8').split(',').map(Number);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const usePostgres = pgUrl !== 'none';
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const want = (part: string): boolean => only === undefined || only.includes(part);
// pgbench -N once per client count: the machine's limit that inbound, lifecycles and scale-out are compared with.
const pgbenchAt = new Map<number, number | undefined>();
const pgbenchLimit = (clients: number): number | undefined => {
  if (!pgbenchAt.has(clients)) pgbenchAt.set(clients, pgbenchTps(pgUrl, clients, seconds));
  return pgbenchAt.get(clients);
};

const machine = machineInfo();
console.log(`Interlend bench — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
console.log(`settings: ${seconds}s per measurement, concurrency ${concurrencies.join('/')}, PostgreSQL ${usePostgres ? pgUrl : 'skipped'}\n`);

const codec = want('codec') ? codecThroughput(seconds) : [];
if (want('codec')) {
  console.log('ISO 18626 codec (in process, one core)');
  console.table(codec.map((r) => ({ operation: r.operation, 'messages/s': Math.round(r.perSecond) })));
}
const ncipCodec = want('codec') ? ncipCodecThroughput(seconds) : [];
if (want('codec')) {
  console.log('NCIP 2.02 codec (in process, one core)');
  console.table(ncipCodec.map((r) => ({ operation: r.operation, 'messages/s': Math.round(r.perSecond) })));
}

const inbound = [];
for (const backend of !want('inbound') ? [] : usePostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
  for (const concurrency of concurrencies) {
    const result = await inboundRequests({ backend, concurrency, seconds, pgUrl });
    const limit = backend === 'postgres' ? pgbenchLimit(concurrency) : undefined;
    inbound.push({ backend, concurrency, ...result, pgbenchTps: limit, ratioOfPgbench: limit ? result.perSecond / limit : undefined });
  }
}
if (inbound.length > 0) {
console.log('\nInbound ISO 18626 requests over HTTP (server in its own process; each creates a lending request)');
console.table(
  inbound.map((r) => ({
    backend: r.backend,
    senders: r.concurrency,
    'messages/s': Math.round(r.perSecond),
    'p50 ms': r.p50ms.toFixed(1),
    'p95 ms': r.p95ms.toFixed(1),
    'p99 ms': r.p99ms.toFixed(1),
    errors: r.errors,
    'server peak RSS MiB': Math.round(r.peakRssBytes / 2 ** 20),
    'pgbench -N tps': r.pgbenchTps ? Math.round(r.pgbenchTps) : '-',
    'of pgbench': r.ratioOfPgbench ? `${(r.ratioOfPgbench * 100).toFixed(1)}%` : '-',
  })),
);
}

const lifecycles = [];
for (const backend of !want('lifecycles') ? [] : usePostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
  for (const concurrency of lifecycleConcurrencies) {
    const result = await loanLifecycles({ backend, concurrency, seconds, pgUrl });
    const limit = backend === 'postgres' ? pgbenchLimit(concurrency) : undefined;
    lifecycles.push({ backend, concurrency, ...result, pgbenchTps: limit, ratioOfPgbench: limit ? result.perSecond / limit : undefined });
  }
}
if (lifecycles.length > 0) {
console.log('\nComplete loans US-NSU → US-HCPL through the REST API (one server process; 13 API calls and 6 ISO 18626 messages each)');
console.table(
  lifecycles.map((r) => ({
    backend: r.backend,
    'staff robots': r.concurrency,
    'loans/s': r.perSecond.toFixed(2),
    'p50 s': (r.p50ms / 1000).toFixed(2),
    'p95 s': (r.p95ms / 1000).toFixed(2),
    'p99 s': (r.p99ms / 1000).toFixed(2),
    loans: r.requests,
    errors: r.errors,
    'pgbench -N tps': r.pgbenchTps ? Math.round(r.pgbenchTps) : '-',
    'of pgbench': r.ratioOfPgbench ? `${(r.ratioOfPgbench * 100).toFixed(2)}%` : '-',
  })),
);
}

const scaleOutConcurrencies = (process.env.BENCH_SCALEOUT_CONCURRENCY ?? '8,32').split(',').map(Number);
const scaleout = [];
for (const concurrency of usePostgres && want('scaleout') ? scaleOutConcurrencies : []) {
  for (const processes of [1, 2]) {
    const result = await scaleOut({ processes, concurrency, seconds, pgUrl });
    const limit = pgbenchLimit(concurrency);
    scaleout.push({ processes, concurrency, ...result, pgbenchTps: limit, ratioOfPgbench: limit ? result.perSecond / limit : undefined });
  }
}
if (scaleout.length > 0) {
  console.log('\nScale-out: inbound ISO 18626 requests over HTTP to 1 and 2 server processes on one PostgreSQL database (messages round-robin over processes; CPU in cores)');
  console.table(
    scaleout.map((r) => ({
      processes: r.processes,
      senders: r.concurrency,
      'messages/s': Math.round(r.perSecond),
      'p50 ms': r.p50ms.toFixed(1),
      'p95 ms': r.p95ms.toFixed(1),
      'p99 ms': r.p99ms.toFixed(1),
      errors: r.errors,
      'peak RSS MiB': r.peakRssBytes.map((bytes) => Math.round(bytes / 2 ** 20)).join(' / '),
      'pgbench -N tps': r.pgbenchTps ? Math.round(r.pgbenchTps) : '-',
      'of pgbench': r.ratioOfPgbench ? `${(r.ratioOfPgbench * 100).toFixed(1)}%` : '-',
      'CPU servers': r.serverCores.map((cores) => cores.toFixed(2)).join(' / '),
      'CPU PostgreSQL': r.postgresCores.toFixed(2),
      'CPU senders': r.senderCores.toFixed(2),
    })),
  );
}

const broker = [];
for (const backend of !want('broker') ? [] : usePostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
  for (const concurrency of lifecycleConcurrencies) {
    broker.push({ backend, concurrency, ...(await brokerLifecycles({ backend, concurrency, seconds, pgUrl })) });
  }
}
if (broker.length > 0) {
  console.log('\nBroker-based borrowing over POST /ncip (one server process; AcceptItem then CheckInItem: temporary records created and removed)');
  console.table(
    broker.map((r) => ({
      backend: r.backend,
      brokers: r.concurrency,
      'lifecycles/s': r.perSecond.toFixed(1),
      'NCIP messages/s': (2 * r.perSecond).toFixed(1),
      'p50 ms': r.p50ms.toFixed(1),
      'p95 ms': r.p95ms.toFixed(1),
      'p99 ms': r.p99ms.toFixed(1),
      errors: r.errors,
    })),
  );
}

const locatePartners = Number(process.env.BENCH_LOCATE_PARTNERS ?? 20);
const locateLatencyMs = Number(process.env.BENCH_LOCATE_LATENCY_MS ?? 200);
const locate = want('locate') ? await locateFanOut({ partners: locatePartners, latencyMs: locateLatencyMs, runs: 20 }) : undefined;
if (locate) {
  console.log(`\nBorrowing locate fan-out: ${locate.partners} SRU partners answering after ${locate.latencyMs} ms each, ${locate.runs} locates (in process)`);
  console.table([
    {
      'p50 ms': locate.p50ms.toFixed(0),
      'p95 ms': locate.p95ms.toFixed(0),
      'max ms': locate.maxMs.toFixed(0),
      'slowest partner ms': locate.latencyMs,
      'one after another ms': locate.sequentialMs.toFixed(0),
      'p50 / slowest': (locate.p50ms / locate.latencyMs).toFixed(2),
      'all held': locate.heldEveryRun,
    },
  ]);
}

const taskListRows = Number(process.env.BENCH_TASKLIST_ROWS ?? 1_000_000);
const taskLists = usePostgres && want('tasklists') ? await taskListQueries({ pgUrl, rows: taskListRows, runs: 30 }) : undefined;
if (taskLists) {
  console.log(`\nTask lists on PostgreSQL: ${taskLists.rows} borrowing requests over 3 institutions (seeded in ${taskLists.seedSeconds.toFixed(0)} s, indexed in ${taskLists.indexSeconds.toFixed(0)} s), through the repository`);
  console.table(taskLists.figures.map((f) => ({ query: f.query, 'p50 ms': f.p50ms.toFixed(1), 'p95 ms': f.p95ms.toFixed(1), runs: f.runs })));
}

mkdirSync('bench/results', { recursive: true });
const report = { at: new Date().toISOString(), machine, settings: { seconds, concurrencies, lifecycleConcurrencies, scaleOutConcurrencies, postgres: usePostgres, taskListRows, only: only ?? 'all', locatePartners, locateLatencyMs }, codec, ncipCodec, inbound, lifecycles, scaleout, broker, locate, taskLists };
writeFileSync('bench/results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwritten: bench/results/latest.json');
