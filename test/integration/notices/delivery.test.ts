import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { NoticeWorker } from '../../../src/runtime/noticeWorker.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { logMailer, smtpMailer } from '../../../src/services/notices/mailer.js';
import { resendPatronNotice } from '../../../src/services/notices/resendPatronNotice.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import type { Institution, PatronNotice } from '../../../src/store/schema.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { waitFor } from '../../support/waitFor.js';
import { circulationNetwork } from '../circulation/circulationNetwork.js';
import { closedPort, startSmtpCapture, textOf, toOf, type SmtpCapture } from './smtpCapture.js';

const backends = await availableBackends();
/** The worker's own log lines are expected here (failures on purpose); keep them off the test output. */
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(backends)('sending patron notices on %s', (backend) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let nsu: Institution;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, parseConfigText(await circulationNetwork(), 'test'), 'test');
    ctx = { db: database.db, now: () => new Date() };
    nsu = (await findInstitutionByPathSymbol(database.db, 'US-NSU'))!;
    smtp = await startSmtpCapture();
  });

  afterAll(async () => {
    await smtp?.close();
    await database?.close();
  });

  async function queue(subject: string, to: string | null = 'ged@example.org'): Promise<string> {
    const row = await database.db
      .insertInto('patron_notice')
      .values({ institution_id: nsu.id, patron_barcode: 'P-7', kind: 'renewed', to_address: to, subject, body_text: `Dear Ged,\n\n${subject}\n`, status: to ? 'pending' : 'skipped' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const notice = (id: string): Promise<PatronNotice> => database.db.selectFrom('patron_notice').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends over SMTP with authentication and records the message id', async () => {
    const id = await queue('Hello over SMTP');
    const mailer = smtpMailer(smtp.url);
    const worker = new NoticeWorker({ ctx, mailer, defaultFrom: 'ill@nsu.example', logger });
    await worker.drain();
    mailer.close();
    const sent = await notice(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null, locked_until: null });
    expect(sent.sent_at).not.toBeNull();
    const mail = smtp.mails.find((m) => m.subject === 'Hello over SMTP');
    expect(mail).toBeDefined();
    expect(sent.message_id).toBe(mail!.messageId);
    expect(toOf(mail!)).toBe('ged@example.org');
    expect(mail!.from?.value[0]?.address).toBe('ill@nsu.example');
    expect(textOf(mail!)).toContain('Dear Ged,');
  });

  it('retries with backoff while SMTP is down, gives up after the last attempt, and sends once resent with SMTP up', async () => {
    const id = await queue('Sent after an outage');
    const down = smtpMailer(`smtp://notices:${smtp.password}@127.0.0.1:${await closedPort()}`, { timeoutMs: 2_000 });
    const policy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 };
    const worker = new NoticeWorker({ ctx, mailer: down, defaultFrom: 'ill@nsu.example', logger, policy });

    expect(await worker.runOnce()).toBe(1);
    const first = await notice(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, locked_until: null, sent_at: null });
    expect(first.last_error).toMatch(/ECONNREFUSED/);
    expect(first.last_error).not.toContain(smtp.password);
    // Backing off: not due again at once.
    expect(await worker.runOnce()).toBe(0);

    const second = await waitFor(
      async () => {
        await worker.runOnce();
        return notice(id);
      },
      (n) => n.attempts === 2,
      { what: 'the second attempt' },
    );
    expect(second.status).toBe('pending');
    // Twice as long after the second failure as after the first.
    const gap = (n: PatronNotice) => n.next_attempt_at.getTime();
    expect(gap(second) - gap(first)).toBeGreaterThanOrEqual(400);

    const failed = await waitFor(
      async () => {
        await worker.runOnce();
        return notice(id);
      },
      (n) => n.status !== 'pending',
      { what: 'the notice to fail' },
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(await worker.runOnce()).toBe(0);
    down.close();
    expect(smtp.mails.some((m) => m.subject === 'Sent after an outage')).toBe(false);

    const resent = await resendPatronNotice(ctx, nsu, id, 'user:test');
    expect(resent).toMatchObject({ status: 'pending', attempts: 0 });
    const audit = await database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'patron_notice').where('entity_key', '=', id).executeTakeFirstOrThrow();
    expect(audit.actor).toBe('user:test');
    await expect(resendPatronNotice(ctx, nsu, id, 'user:test')).rejects.toThrow(/only a failed notice/);

    const up = smtpMailer(smtp.url);
    await new NoticeWorker({ ctx, mailer: up, defaultFrom: 'ill@nsu.example', logger }).drain();
    up.close();
    expect(await notice(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(smtp.mails.filter((m) => m.subject === 'Sent after an outage')).toHaveLength(1);
  });

  it('refuses a wrong SMTP password as a failed attempt, naming no password', async () => {
    const id = await queue('Wrong password');
    const mailer = smtpMailer(`smtp://notices:not-the-Pa55word@127.0.0.1:${smtp.port}`);
    await new NoticeWorker({ ctx, mailer, defaultFrom: 'ill@nsu.example', logger, policy: { maxAttempts: 1 } }).runOnce();
    mailer.close();
    const refused = await notice(id);
    expect(refused.status).toBe('failed');
    expect(refused.last_error).toMatch(/auth|Invalid/i);
    expect(refused.last_error).not.toContain('not-the-Pa55word');
  });

  it('never sends a notice without an address', async () => {
    const id = await queue('Nobody to tell', null);
    const mailer = smtpMailer(smtp.url);
    await new NoticeWorker({ ctx, mailer, defaultFrom: 'ill@nsu.example', logger }).drain();
    mailer.close();
    expect(await notice(id)).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(smtp.mails.some((m) => m.subject === 'Nobody to tell')).toBe(false);
    await expect(resendPatronNotice(ctx, nsu, id, 'user:test')).rejects.toThrow(/this one is skipped/);
  });

  it('sends each of 20 notices exactly once with two workers sharing the database', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await queue(`Batch notice ${i}`));
    const before = smtp.mails.length;
    const mailers = [smtpMailer(smtp.url), smtpMailer(smtp.url)];
    const workers = mailers.map((mailer, i) => new NoticeWorker({ ctx, mailer, defaultFrom: 'ill@nsu.example', logger, policy: { batchSize: 3 }, workerId: `worker-${i}` }));
    await Promise.all(workers.map((worker) => worker.drain()));
    for (const mailer of mailers) mailer.close();
    const batch = smtp.mails.slice(before).map((m) => m.subject);
    expect(batch).toHaveLength(20);
    expect(new Set(batch).size).toBe(20);
    const rows = await database.db.selectFrom('patron_notice').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('without an SMTP server (the demo) logs each notice without its text and marks it logged', async () => {
    const id = await queue('Only in the log');
    const lines: { obj: Record<string, unknown>; msg: string | undefined }[] = [];
    const before = smtp.mails.length;
    await new NoticeWorker({ ctx, mailer: logMailer({ info: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) }), defaultFrom: 'ill@nsu.example', logger }).drain();
    const logged = await notice(id);
    expect(logged).toMatchObject({ status: 'logged', message_id: null, attempts: 1 });
    expect(logged.sent_at).not.toBeNull();
    const line = lines.find((l) => l.obj.subject === 'Only in the log');
    expect(line?.obj).toMatchObject({ to: 'ged@example.org', from: 'ill@nsu.example', noticeId: id, kind: 'renewed' });
    expect(JSON.stringify(line)).not.toContain('Dear Ged');
    expect(smtp.mails.length).toBe(before);
  });
});
