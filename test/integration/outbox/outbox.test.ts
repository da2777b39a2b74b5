import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import { localIso18626Transport, routingTransport } from '../../../src/outbox/iso18626Transport.js';
import { backoffBoundsMs } from '../../../src/outbox/policy.js';
import { listOutbox, outboxBacklog, resendParked } from '../../../src/outbox/resend.js';
import type { DeliveryResult } from '../../../src/outbox/transport.js';
import { OutboxWorker, type DeliveryOutcome, type OutboxHooks } from '../../../src/outbox/worker.js';
import { buildIso18626, confirmationFor } from '../../../src/protocols/iso18626/index.js';
import type { Db } from '../../../src/store/database.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import {
  ACCEPTED,
  capturingLogger,
  createInstitution,
  deferred,
  enqueueCommitted,
  eventually,
  makeAllDue,
  outbound,
  RecordingTransport,
  rowById,
} from './support.js';

const backends = await availableBackends();

const RETRYABLE: DeliveryResult = { kind: 'failed', error: 'connect ECONNREFUSED', retryable: true };

describe.each(backends)('outbox on %s', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let institution: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = database.db;
    institution = await createInstitution(db, 'SENDER');
    await sql`create table hook_log (message_id bigint not null, status text not null, row_status_seen text not null)`.execute(db);
  });
  afterAll(() => database.close());

  beforeEach(async () => {
    await sql`delete from outbox_message`.execute(db);
    await sql`delete from hook_log`.execute(db);
  });

  describe('enqueue', () => {
    it('writes nothing when the caller’s transaction rolls back, and the message when it commits', async () => {
      const request = randomUUID();
      await expect(
        db.transaction().execute(async (trx) => {
          await enqueueMessage(trx, outbound(institution, request, 1));
          throw new Error('state change failed');
        }),
      ).rejects.toThrow('state change failed');
      expect(await listOutbox(db, institution, { requestId: request })).toEqual([]);

      const id = await enqueueCommitted(db, outbound(institution, request, 1, { endpointUrl: null }));
      expect(id).toMatch(/^\d+$/);
      const row = await rowById(db, id);
      expect(row).toMatchObject({
        institution_id: institution,
        request_kind: 'lending',
        request_id: request,
        protocol: 'iso18626',
        message_kind: 'supplyingAgencyMessage',
        summary: 'm1',
        recipient_id_type: 'ISIL',
        recipient_id_value: 'US-PARTNER',
        endpoint_url: null,
        body: '<message n="1"/>',
        status: 'pending',
        attempts: 0,
        locked_until: null,
        last_error: null,
        confirmation: null,
        delivered_at: null,
      });
      expect(row.next_attempt_at).toBeInstanceOf(Date);
      expect(row.created_at).toBeInstanceOf(Date);
    });

    it('refuses a request kind outside borrowing/lending', async () => {
      await expect(
        db.transaction().execute((trx) => enqueueMessage(trx, { ...outbound(institution, randomUUID(), 1), requestKind: 'other' as 'lending' })),
      ).rejects.toThrow();
    });
  });

  describe('delivery and order', () => {
    it('marks a delivered message with its confirmation, time and no lease', async () => {
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      const worker = new OutboxWorker({ db, transport: new RecordingTransport(() => ACCEPTED('<confirmation/>')), logger: capturingLogger() });
      expect(await worker.runOnce()).toBe(1);
      const row = await rowById(db, id);
      expect(row).toMatchObject({ status: 'delivered', confirmation: '<confirmation/>', attempts: 1, locked_until: null, locked_by: null });
      expect(row.delivered_at).toBeInstanceOf(Date);
      expect(await worker.runOnce()).toBe(0);
    });

    it('delivers a request’s messages in id order, one per batch, without holding up other requests', async () => {
      const a = randomUUID();
      const b = randomUUID();
      // Interleaved enqueue: a1 b1 a2 a3 b2.
      await enqueueCommitted(db, outbound(institution, a, 1, { summary: 'a1' }));
      await enqueueCommitted(db, outbound(institution, b, 1, { summary: 'b1' }));
      await enqueueCommitted(db, outbound(institution, a, 2, { summary: 'a2' }));
      await enqueueCommitted(db, outbound(institution, a, 3, { summary: 'a3' }));
      await enqueueCommitted(db, outbound(institution, b, 2, { summary: 'b2', requestKind: 'lending' }));
      // Same request id under the other kind is another conversation.
      await enqueueCommitted(db, outbound(institution, a, 1, { summary: 'borrowing-a1', requestKind: 'borrowing' }));
      const transport = new RecordingTransport();
      const worker = new OutboxWorker({ db, transport, logger: capturingLogger() });

      expect(await worker.runOnce()).toBe(3);
      expect(transport.summaries().sort()).toEqual(['a1', 'b1', 'borrowing-a1']);
      expect(await worker.runOnce()).toBe(2);
      expect(transport.summaries().slice(3).sort()).toEqual(['a2', 'b2']);
      expect(await worker.runOnce()).toBe(1);
      expect(transport.summaries().slice(5)).toEqual(['a3']);
      expect(await worker.runOnce()).toBe(0);
    });

    it('holds message n+1 while message n waits for a retry, and lets other requests pass', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const a1 = await enqueueCommitted(db, outbound(institution, a, 1, { summary: 'a1' }));
      await enqueueCommitted(db, outbound(institution, a, 2, { summary: 'a2' }));
      await enqueueCommitted(db, outbound(institution, b, 1, { summary: 'b1' }));
      await enqueueCommitted(db, outbound(institution, b, 2, { summary: 'b2' }));
      const transport = new RecordingTransport((row, previous) => (row.summary === 'a1' && previous === 0 ? RETRYABLE : ACCEPTED()));
      const worker = new OutboxWorker({ db, transport, policy: { baseDelayMs: 60_000 }, logger: capturingLogger() });

      await worker.drain();
      expect(transport.summaries()).toEqual(expect.arrayContaining(['a1', 'b1', 'b2']));
      expect(transport.summaries()).not.toContain('a2');
      expect((await rowById(db, a1)).status).toBe('pending');

      await makeAllDue(db);
      await worker.drain();
      const deliveredA = transport.calls.filter((c) => c.request_id === a).map((c) => c.summary);
      expect(deliveredA).toEqual(['a1', 'a1', 'a2']);
      expect((await listOutbox(db, institution, { status: 'delivered' })).map((r) => r.summary)).toEqual(['a1', 'a2', 'b1', 'b2']);
    });

    it('treats a transport that throws as a retryable failure', async () => {
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      const worker = new OutboxWorker({
        db,
        transport: { deliver: () => Promise.reject(new Error('socket exploded')) },
        logger: capturingLogger(),
      });
      expect(await worker.runOnce()).toBe(1);
      expect(await rowById(db, id)).toMatchObject({ status: 'pending', attempts: 1, locked_until: null, last_error: 'transport threw: socket exploded' });
    });
  });

  describe('retry, backoff and parking', () => {
    it('backs off exponentially with jitter computed by the database, keeps the last error, and parks after maxAttempts', async () => {
      const policy = { baseDelayMs: 1000, maxDelayMs: 6000, maxAttempts: 6 };
      const requests = Array.from({ length: 5 }, () => randomUUID());
      const ids: string[] = [];
      for (const [i, request] of requests.entries()) ids.push(await enqueueCommitted(db, outbound(institution, request, i)));
      const delays = new Map<string, number[]>();
      const hooks: OutboxHooks = {
        async recordOutcome(trx, message, outcome) {
          if (outcome.status !== 'retry') return;
          // The same transaction as the row update: now() is the now() of `next_attempt_at = now() + …`.
          const { rows } = await sql<{ ms: number }>`
            select (extract(epoch from next_attempt_at - now()) * 1000)::double precision as ms
              from outbox_message where id = ${message.id}`.execute(trx);
          delays.set(message.id, [...(delays.get(message.id) ?? []), rows[0]!.ms]);
        },
      };
      let failures = 0;
      const transport = new RecordingTransport(() => ({ kind: 'failed', error: `HTTP 503 #${++failures}`, retryable: true }));
      const worker = new OutboxWorker({ db, transport, hooks, policy, logger: capturingLogger() });

      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        expect(await worker.runOnce()).toBe(5);
        expect(await worker.runOnce()).toBe(0); // nothing is due before its backoff ends
        const row = await rowById(db, ids[0]!);
        expect(row.attempts).toBe(attempt);
        expect(row.last_error).toMatch(/HTTP 503 #\d+/);
        await makeAllDue(db);
      }

      for (const id of ids) {
        const observed = delays.get(id)!;
        expect(observed).toHaveLength(policy.maxAttempts - 1);
        observed.forEach((ms, i) => {
          const { min, max } = backoffBoundsMs(i + 1, policy);
          expect(ms).toBeGreaterThanOrEqual(min - 1);
          expect(ms).toBeLessThan(max + 1);
        });
        // Uncapped windows: [500,1000) [1000,2000) [2000,4000); then capped [3000,6000) twice.
        expect(observed[1]!).toBeGreaterThan(observed[0]!);
        expect(observed[2]!).toBeGreaterThan(observed[1]!);
      }
      // Jitter: five messages that failed together do not retry at the same moment.
      const firstDelays = ids.map((id) => delays.get(id)![0]!);
      expect(new Set(firstDelays.map((ms) => ms.toFixed(3))).size).toBeGreaterThan(1);

      const parked = await rowById(db, ids[0]!);
      expect(parked.status).toBe('parked');
      expect(parked.attempts).toBe(6);
      expect(parked.locked_until).toBeNull();
      expect(parked.last_error).toMatch(/^gave up after 6 attempts; last error: HTTP 503 #\d+$/);
      expect(await worker.runOnce()).toBe(0);
    });

    it('parks a non-retryable failure at once', async () => {
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      const worker = new OutboxWorker({
        db,
        transport: new RecordingTransport(() => ({ kind: 'failed', error: 'HTTP 404 without a confirmation', retryable: false })),
        logger: capturingLogger(),
      });
      await worker.drain();
      expect(await rowById(db, id)).toMatchObject({ status: 'parked', attempts: 1, last_error: 'delivery failed and cannot be retried: HTTP 404 without a confirmation' });
    });

    it('parks on an ERROR confirmation, blocks the request’s later messages until resent, then delivers in order', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const a1 = await enqueueCommitted(db, outbound(institution, a, 1, { summary: 'a1' }));
      const a2 = await enqueueCommitted(db, outbound(institution, a, 2, { summary: 'a2' }));
      await enqueueCommitted(db, outbound(institution, b, 1, { summary: 'b1' }));
      const errorConfirmation = buildIso18626(
        confirmationFor(
          { kind: 'supplyingAgencyMessage' },
          { status: 'ERROR', error: { type: 'UnrecognisedDataValue', value: 'no such request' }, timestamp: '2026-01-01T00:00:00Z', timestampReceived: '2026-01-01T00:00:00Z' },
        ),
        '1.2',
      );
      let partnerFixed = false;
      const transport = new RecordingTransport((row) =>
        row.summary === 'a1' && !partnerFixed
          ? { kind: 'answered', confirmation: errorConfirmation, accepted: false, error: 'UnrecognisedDataValue: no such request' }
          : ACCEPTED(),
      );
      const worker = new OutboxWorker({ db, transport, logger: capturingLogger() });
      await worker.drain();

      const parked = await rowById(db, a1);
      expect(parked).toMatchObject({ status: 'parked', confirmation: errorConfirmation, last_error: 'partner answered ERROR: UnrecognisedDataValue: no such request' });
      expect(await rowById(db, a2)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(transport.summaries().sort()).toEqual(['a1', 'b1']);
      expect(await outboxBacklog(db)).toMatchObject({ pending: 1, parked: 1 });

      // Tenant-checked, and only parked messages.
      const other = await createInstitution(db);
      expect(await resendParked(db, other, a1)).toBe(false);
      expect(await resendParked(db, institution, a2)).toBe(false);
      expect(await resendParked(db, institution, 'not-an-id')).toBe(false);
      expect(await resendParked(db, 'not-a-uuid', a1)).toBe(false);
      expect(await listOutbox(db, other, {})).toEqual([]);

      partnerFixed = true;
      expect(await resendParked(db, institution, a1)).toBe(true);
      expect(await rowById(db, a1)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await resendParked(db, institution, a1)).toBe(false);
      await worker.drain();
      expect(transport.summaries()).toEqual(['a1', 'b1', 'a1', 'a2']);
      expect(await rowById(db, a1)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(await rowById(db, a2)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(await outboxBacklog(db)).toEqual({ pending: 0, parked: 0, oldestPendingSeconds: null });
    });
  });

  describe('leases and crashes', () => {
    it('re-claims a message whose worker stalled once the lease expires, and discards the stale worker’s late result', async () => {
      const request = randomUUID();
      const m1 = await enqueueCommitted(db, outbound(institution, request, 1, { summary: 'm1' }));
      await enqueueCommitted(db, outbound(institution, request, 2, { summary: 'm2' }));
      const stalled = deferred<DeliveryResult>();
      const deliveredByA = deferred<void>();
      const loggerA = capturingLogger();
      const workerA = new OutboxWorker({
        db,
        workerId: 'A',
        transport: {
          deliver: () => {
            deliveredByA.resolve();
            return stalled.promise;
          },
        },
        policy: { leaseMs: 60_000 },
        logger: loggerA,
      });
      const transportB = new RecordingTransport(() => ACCEPTED('<from B/>'));
      const workerB = new OutboxWorker({ db, workerId: 'B', transport: transportB, logger: capturingLogger() });

      const runA = workerA.runOnce();
      await deliveredByA.promise;
      const leased = await rowById(db, m1);
      expect(leased.locked_until).not.toBeNull();
      expect(leased.locked_by).toMatch(/^A:/);
      // Leased by A: neither m1 nor (behind it) m2 can be claimed.
      expect(await workerB.runOnce()).toBe(0);

      // The lease runs out (A crashed or hangs).
      await sql`update outbox_message set locked_until = now() - interval '1 second' where id = ${m1}`.execute(db);
      expect(await workerB.runOnce()).toBe(1);
      expect(await rowById(db, m1)).toMatchObject({ status: 'delivered', attempts: 2, confirmation: '<from B/>' });

      // A comes back with a result: it no longer holds the claim, so nothing changes.
      stalled.resolve({ kind: 'failed', error: 'late failure', retryable: false });
      expect(await runA).toBe(1);
      expect(await rowById(db, m1)).toMatchObject({ status: 'delivered', confirmation: '<from B/>', last_error: null });
      expect(loggerA.entries.some((e) => e.level === 'warn' && /re-claimed/.test(e.msg ?? ''))).toBe(true);

      await workerB.drain();
      expect(transportB.summaries()).toEqual(['m1', 'm2']);
    });

    it('lets another worker claim after a real (tiny) lease expires', async () => {
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      const claimed = deferred<void>();
      const abandoned = new OutboxWorker({
        db,
        transport: {
          deliver: () => {
            claimed.resolve();
            return new Promise<DeliveryResult>(() => undefined); // never answers
          },
        },
        policy: { leaseMs: 50 },
        logger: capturingLogger(),
      });
      const never = abandoned.runOnce();
      await claimed.promise;
      const transport = new RecordingTransport();
      const rescuer = new OutboxWorker({ db, transport, logger: capturingLogger() });
      await eventually(async () => (await rescuer.runOnce()) === 1, 'the lease to expire');
      expect(transport.calls).toHaveLength(1);
      expect(await rowById(db, id)).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(never).toBeInstanceOf(Promise);
    });
  });

  describe('hooks', () => {
    const loggingHooks = (fail?: (outcome: DeliveryOutcome) => boolean): OutboxHooks => ({
      async recordOutcome(trx, message, outcome) {
        const { rows } = await sql<{ status: string }>`select status from outbox_message where id = ${message.id}`.execute(trx);
        await sql`insert into hook_log (message_id, status, row_status_seen) values (${message.id}, ${outcome.status}, ${rows[0]!.status})`.execute(trx);
        if (fail?.(outcome)) throw new Error('hook failed');
      },
    });

    it('are called for every outcome inside the transaction that updates the row', async () => {
      const ok = await enqueueCommitted(db, outbound(institution, randomUUID(), 1, { summary: 'ok' }));
      const retry = await enqueueCommitted(db, outbound(institution, randomUUID(), 1, { summary: 'retry' }));
      const park = await enqueueCommitted(db, outbound(institution, randomUUID(), 1, { summary: 'park' }));
      const transport = new RecordingTransport((row) =>
        row.summary === 'ok' ? ACCEPTED() : row.summary === 'retry' ? RETRYABLE : { kind: 'failed', error: 'HTTP 400', retryable: false },
      );
      const worker = new OutboxWorker({ db, transport, hooks: loggingHooks(), logger: capturingLogger() });
      await worker.drain();
      const log = await sql<{ message_id: string; status: string; row_status_seen: string }>`select * from hook_log order by message_id`.execute(db);
      expect(log.rows).toEqual([
        { message_id: ok, status: 'delivered', row_status_seen: 'delivered' },
        { message_id: retry, status: 'retry', row_status_seen: 'pending' },
        { message_id: park, status: 'parked', row_status_seen: 'parked' },
      ]);
    });

    it('roll the row update back when they throw, leaving the message to be delivered again', async () => {
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      const logger = capturingLogger();
      const transport = new RecordingTransport();
      const worker = new OutboxWorker({ db, transport, hooks: loggingHooks(() => true), policy: { leaseMs: 60_000 }, logger });
      expect(await worker.runOnce()).toBe(1);
      const row = await rowById(db, id);
      expect(row).toMatchObject({ status: 'pending', confirmation: null, delivered_at: null, attempts: 1 });
      expect(row.locked_until).not.toBeNull();
      expect((await sql`select * from hook_log`.execute(db)).rows).toEqual([]);
      expect(logger.entries.some((e) => e.level === 'error' && /recording the outcome/.test(e.msg ?? ''))).toBe(true);

      // At least once: after the lease, a working hook records the second delivery.
      await sql`update outbox_message set locked_until = now() - interval '1 second'`.execute(db);
      const healthy = new OutboxWorker({ db, transport, hooks: loggingHooks(), logger: capturingLogger() });
      await healthy.drain();
      expect(transport.calls).toHaveLength(2);
      expect(await rowById(db, id)).toMatchObject({ status: 'delivered', attempts: 2 });
    });
  });

  describe('in-process delivery', () => {
    it('delivers to a local handler that uses the database itself (no transaction is held while delivering)', async () => {
      await sql`create table if not exists local_inbox (body text not null)`.execute(db);
      const ok = buildIso18626(
        confirmationFor({ kind: 'requestingAgencyMessage' }, { status: 'OK', timestamp: '2026-01-01T00:00:00Z', timestampReceived: '2026-01-01T00:00:00Z' }),
        '2021',
      );
      const local = localIso18626Transport(async (body) => {
        await db.transaction().execute(async (trx) => {
          await sql`insert into local_inbox (body) values (${body})`.execute(trx);
        });
        return ok;
      });
      const remote = new RecordingTransport();
      const transport = routingTransport(local, remote);
      const request = randomUUID();
      const localId = await enqueueCommitted(db, outbound(institution, request, 1, { endpointUrl: null, body: '<local/>' }));
      const remoteId = await enqueueCommitted(db, outbound(institution, request, 2, { body: '<remote/>' }));
      const worker = new OutboxWorker({ db, transport, logger: capturingLogger() });
      await worker.drain({ timeoutMs: 10_000 });
      expect((await sql<{ body: string }>`select body from local_inbox`.execute(db)).rows).toEqual([{ body: '<local/>' }]);
      expect(remote.calls.map((c) => c.id)).toEqual([remoteId]);
      expect(await rowById(db, localId)).toMatchObject({ status: 'delivered', confirmation: ok });
    });
  });

  describe('listing and backlog', () => {
    it('lists one institution’s messages by request and status, and reports the backlog', async () => {
      const other = await createInstitution(db);
      const request = randomUUID();
      const first = await enqueueCommitted(db, outbound(institution, request, 1));
      const second = await enqueueCommitted(db, outbound(institution, request, 2));
      await enqueueCommitted(db, outbound(other, randomUUID(), 1));
      expect((await listOutbox(db, institution, { requestKind: 'lending', requestId: request })).map((r) => r.id)).toEqual([first, second]);
      expect(await listOutbox(db, institution, { requestKind: 'borrowing', requestId: request })).toEqual([]);
      expect(await listOutbox(db, institution, { status: 'parked' })).toEqual([]);
      expect((await listOutbox(db, other, {})).map((r) => r.institution_id)).toEqual([other]);

      await sql`update outbox_message set created_at = now() - interval '90 seconds' where id = ${first}`.execute(db);
      const backlog = await outboxBacklog(db);
      expect(backlog.pending).toBe(3);
      expect(backlog.parked).toBe(0);
      expect(backlog.oldestPendingSeconds).toBeGreaterThanOrEqual(90);
      expect(backlog.oldestPendingSeconds).toBeLessThan(3600);
    });
  });

  describe('background loop', () => {
    it('sleeps when idle, wakes on notify(), and stops promptly', async () => {
      const transport = new RecordingTransport();
      // A poll interval far longer than the test: only notify() can get the message out in time.
      const worker = new OutboxWorker({ db, transport, policy: { pollIntervalMs: 3_600_000 }, logger: capturingLogger() });
      worker.start();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the first poll finds nothing and sleeps
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      worker.notify();
      await eventually(async () => (await rowById(db, id)).status === 'delivered', 'delivery after notify()');
      await worker.stop();
      expect(transport.calls).toHaveLength(1);
    });

    it('waits in stop() for a delivery in flight', async () => {
      const release = deferred<DeliveryResult>();
      const started = deferred<void>();
      const worker = new OutboxWorker({
        db,
        transport: {
          deliver: () => {
            started.resolve();
            return release.promise;
          },
        },
        policy: { pollIntervalMs: 10 },
        logger: capturingLogger(),
      });
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      worker.start();
      await started.promise;
      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(stopped).toBe(false);
      release.resolve(ACCEPTED('<late/>'));
      await stopping;
      expect(await rowById(db, id)).toMatchObject({ status: 'delivered', confirmation: '<late/>' });
    });

    it('logs database errors and keeps going', async () => {
      const logger = capturingLogger();
      const transport = new RecordingTransport();
      const worker = new OutboxWorker({ db, transport, policy: { pollIntervalMs: 5 }, logger });
      await sql`alter table outbox_message rename to outbox_message_away`.execute(db);
      worker.start();
      try {
        await eventually(() => logger.entries.filter((e) => e.level === 'error').length >= 2, 'failed polls to be logged');
      } finally {
        await sql`alter table outbox_message_away rename to outbox_message`.execute(db);
      }
      const id = await enqueueCommitted(db, outbound(institution, randomUUID(), 1));
      worker.notify();
      await eventually(async () => (await rowById(db, id)).status === 'delivered', 'delivery after the database came back');
      await worker.stop();
      expect(logger.entries.find((e) => e.level === 'error')?.msg).toMatch(/outbox poll failed/);
    });
  });
});
