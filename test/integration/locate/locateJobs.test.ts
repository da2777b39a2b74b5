/**
 * The locate job queue: enqueued in the request's own transaction, claimed under a lease,
 * re-claimed after a crash (lease expired), a stale worker's late result dropped, and a job
 * that keeps failing given up and shown to staff.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { createBorrowingRequest } from '../../../src/services/borrowing/createBorrowingRequest.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { enqueueLocateJob } from '../../../src/services/locate/enqueueLocateJob.js';
import { claimLocateJobs, DEFAULT_LOCATE_JOB_POLICY, recordLocateJobFailure, runLocateJob } from '../../../src/services/locate/runLocateJobs.js';
import { findBorrowingRequest } from '../../../src/store/borrowingRequestRepository.js';
import { listInstitutions } from '../../../src/store/institutionRepository.js';
import type { Institution } from '../../../src/store/schema.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

const YAML = `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    borrowingSettings: { autoLocate: true }
    partners:
      - { code: FAR, name: Far Library, symbol: "ISIL:XX-FAR", endpoint: "http://127.0.0.1:9/iso18626" }
`;

describe.each(backends)('locate jobs (%s)', (backend) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let nsu: Institution;
  const policy = { ...DEFAULT_LOCATE_JOB_POLICY, leaseMs: 60_000, maxAttempts: 2 };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, parseConfigText(YAML, 'jobs.yaml'), 'jobs.yaml');
    nsu = (await listInstitutions(database.db)).find((i) => i.code === 'NSU')!;
    ctx = { db: database.db, now: () => new Date() };
  });
  afterAll(async () => {
    await database?.close();
  });

  const newRequest = (send?: boolean) =>
    createBorrowingRequest(ctx, nsu, { patronId: 'P-1', citation: { title: 'Dune', isbn: '9780441013593' }, format: 'physical', serviceType: 'loan', rota: ['FAR'], rotaOrder: 'ordered', actor: 'test', ...(send === undefined ? {} : { send }) });
  const jobOf = (requestId: string) => database.db.selectFrom('locate_job').selectAll().where('borrowing_request_id', '=', requestId).execute();
  const resultsOf = (requestId: string) => database.db.selectFrom('locate_result').selectAll().where('request_id', '=', requestId).execute();

  it('queues the job with the request, claims it once under a lease, and re-claims it after the lease runs out', async () => {
    const request = await newRequest();
    expect(request.status).toBe('locate_in_process');
    expect(await jobOf(request.id)).toMatchObject([{ status: 'pending', send_when_found: true, attempts: 0, actor: 'test' }]);

    const [first] = (await claimLocateJobs(ctx, 'worker-a', policy)).filter((j) => j.borrowing_request_id === request.id);
    expect(first).toMatchObject({ locked_by: 'worker-a', attempts: 1 });
    expect((await claimLocateJobs(ctx, 'worker-b', policy)).filter((j) => j.borrowing_request_id === request.id)).toEqual([]);

    // worker-a dies mid-run: its lease expires and worker-b takes over.
    await database.db.updateTable('locate_job').set({ locked_until: sql<Date>`now() - interval '1 second'` }).where('id', '=', first!.id).execute();
    const [second] = (await claimLocateJobs(ctx, 'worker-b', policy)).filter((j) => j.borrowing_request_id === request.id);
    expect(second).toMatchObject({ id: first!.id, locked_by: 'worker-b', attempts: 2 });

    // worker-a comes back late: its result is dropped, nothing is written.
    const stale = await runLocateJob(ctx, first!, 'worker-a');
    expect(stale).toMatchObject({ applied: 'evidence-only', request: undefined });
    expect(await resultsOf(request.id)).toEqual([]);
    expect((await findBorrowingRequest(database.db, nsu.id, request.id))?.status).toBe('locate_in_process');

    // worker-b records: the partner has no locate profile, so it stays as a fallback and the request goes out.
    const done = await runLocateJob(ctx, second!, 'worker-b');
    expect(done).toMatchObject({ applied: 'locate:found' });
    expect(done.request?.status).toBe('request_sent');
    expect(await jobOf(request.id)).toMatchObject([{ status: 'done', locked_until: null }]);
    expect((await resultsOf(request.id)).map((r) => r.protocol)).toEqual(['local']);
  });

  it('keeps one pending job per request, and a later send decision is remembered', async () => {
    const request = await newRequest(false);
    expect(request.status).toBe('locate_in_process');
    expect(await jobOf(request.id)).toMatchObject([{ send_when_found: false }]);
    await database.db.transaction().execute((trx) => enqueueLocateJob(trx, request, { actor: 'again', sendWhenFound: true }, new Date()));
    expect(await jobOf(request.id)).toMatchObject([{ status: 'pending', send_when_found: true, actor: 'test' }]);
  });

  it('retries a run that failed, then gives up and flags the request for staff', async () => {
    const request = await newRequest();
    const claim = async (token: string) => (await claimLocateJobs(ctx, token, policy)).find((j) => j.borrowing_request_id === request.id);
    const first = await claim('w1');
    await recordLocateJobFailure(ctx, first!, 'w1', new Error('database hiccup'), policy);
    expect(await jobOf(request.id)).toMatchObject([{ status: 'pending', last_error: 'database hiccup', locked_by: null }]);
    expect(await claim('w2')).toBeUndefined();
    await database.db.updateTable('locate_job').set({ run_after: sql<Date>`now() - interval '1 second'` }).where('borrowing_request_id', '=', request.id).execute();
    const second = await claim('w2');
    expect(second?.attempts).toBe(2);
    await recordLocateJobFailure(ctx, second!, 'w2', new Error('still broken'), policy);
    expect(await jobOf(request.id)).toMatchObject([{ status: 'failed', last_error: 'still broken' }]);
    expect((await findBorrowingRequest(database.db, nsu.id, request.id))?.needs_attention).toBe('locate failed after 2 attempts: still broken');
  });
});
