import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { queueOverdueNotices } from '../../../src/services/notices/queueOverdueNotices.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { waitFor } from '../../support/waitFor.js';
import { agreedToSupply, circulationNetwork, inDays, institutionId, seedCatalogueItem } from '../circulation/circulationNetwork.js';
import { startSmtpCapture, textOf, toOf, type SmtpCapture } from './smtpCapture.js';

const backends = await availableBackends();

interface NoticeView {
  id: string;
  requestId: string | null;
  requestNumber: string | null;
  kind: string;
  to: string | null;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
}
interface TemplateView {
  kind: string;
  custom: boolean;
  subject: string;
  text: string;
  fields?: Record<string, unknown>;
}

const TITLE = 'A Wizard of Earthsea';
const PATRON = 'Ged Sparrowhawk';
const PATRON_EMAIL = 'ged@example.org';
const FROM = 'ill@nsu.example';
const ENV = ['INTERLEND_SMTP_URL', 'INTERLEND_MAIL_FROM', 'INTERLEND_NOTICE_POLL_MS'] as const;

async function seed(db: Db): Promise<void> {
  await seedCatalogueItem(db, 'HCPL');
  const nsu = await institutionId(db, 'NSU');
  await db
    .insertInto('patron')
    .values([
      { institution_id: nsu, barcode: 'P-7', name: PATRON, email: PATRON_EMAIL, patron_group: 'staff', updated_at: new Date() },
      { institution_id: nsu, barcode: 'P-8', name: 'Tenar of Atuan', email: null, patron_group: 'staff', updated_at: new Date() },
    ])
    .execute();
}

describe.each(backends)('patron notices by email through a peer-to-peer lifecycle on %s', (backend) => {
  let smtp: SmtpCapture;
  let server: ApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    // The server reads its mail set-up from the environment, as a deployment does.
    const saved = ENV.map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, { INTERLEND_SMTP_URL: smtp.url, INTERLEND_MAIL_FROM: 'Interlend <noreply@interlend.example>', INTERLEND_NOTICE_POLL_MS: '100' });
    try {
      server = await startApiServer(backend, { network: await circulationNetwork(), demo: true, seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    api = server.client();
    // The institution's own From address wins over the deployment's.
    await send('PUT', '/api/v1/institutions/US-NSU/settings/borrowing', { noticeFromAddress: FROM });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  async function send(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${server.base}${path}`, {
      method,
      headers: { ...(await api.authorization(path)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  const act = (path: string, action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);
  const noticesOf = async (bp: string) => (await api.call<{ notices: NoticeView[] }>('GET', `${bp}/notices`)).notices;
  /** The emails about one request (its number is in every notice's text). */
  const mailsAbout = (number: string): ParsedMail[] => smtp.mails.filter((mail) => textOf(mail).includes(number));
  const waitForMails = (number: string, count: number, what: string) => waitFor(() => Promise.resolve(mailsAbout(number)), (mails) => mails.length >= count, { what });

  /** NSU asks HCPL, which ships `barcode` due in 21 days; NSU receives and loans to the patron. */
  async function onLoan(barcode: string, patronId = 'P-7') {
    const agreed = await agreedToSupply(api, 'HCPL', patronId);
    await act(agreed.lp, 'ship', { dueDate: inDays(21), barcode });
    await api.waitForStatus(agreed.bp, 'shipped_physically');
    await act(agreed.bp, 'receive');
    await act(agreed.bp, 'loan-to-patron');
    return agreed;
  }

  async function renew(bp: string, lp: string, dueDate: string): Promise<void> {
    await act(bp, 'request-renewal');
    await api.waitForStatus(lp, 'renew_requested');
    await act(lp, 'answer-renewal', { approve: true, dueDate });
    await api.waitForStatus(bp, 'renewed');
  }

  /** A request never sent, cancelled at once: the patron gets the cancelled notice. */
  async function cancelledRequest(patronId = 'P-7'): Promise<{ bp: string; number: string }> {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId, citation: { title: TITLE }, rota: ['HCPL'], send: false });
    const bp = api.borrowing('US-NSU', created.id);
    expect((await act(bp, 'cancel')).status).toBe('cancelled');
    return { bp, number: created.number };
  }

  function expectNotice(mail: ParsedMail, subject: string): void {
    expect(mail.subject).toBe(subject);
    expect(toOf(mail)).toBe(PATRON_EMAIL);
    expect(mail.from?.value[0]?.address).toBe(FROM);
    expect(textOf(mail)).toContain(`Dear ${PATRON},`);
    expect(textOf(mail)).toContain(TITLE);
  }

  it('emails the patron once per notice: on hold shelf, renewed, recalled, overdue from the lender, cancelled', async () => {
    const { bp, lp, number } = await onLoan('HC-0001');
    const [pickup] = await waitForMails(number, 1, 'the on-hold-shelf email');
    expectNotice(pickup!, `Ready for pickup: ${TITLE}`);
    const hold = await server.db.selectFrom('hold').select('shelf_expires_at').innerJoin('borrowing_request as r', 'r.id', 'hold.borrowing_request_id').where('r.request_number', '=', number).executeTakeFirstOrThrow();
    expect(textOf(pickup!)).toContain(`waiting for you at Hold shelf until ${hold.shelf_expires_at!.toISOString().slice(0, 10)}`);

    const renewedUntil = inDays(42);
    await renew(bp, lp, renewedUntil);
    const renewed = (await waitForMails(number, 2, 'the renewed email'))[1]!;
    expectNotice(renewed, `Renewed: ${TITLE}`);
    expect(textOf(renewed)).toContain(`it is now due on ${renewedUntil.slice(0, 10)}`);

    const recalledUntil = inDays(3);
    await act(lp, 'recall', { dueDate: recalledUntil });
    await api.waitForStatus(bp, 'recalled');
    const recalled = (await waitForMails(number, 3, 'the recalled email'))[2]!;
    expectNotice(recalled, `Recalled: ${TITLE}`);
    expect(textOf(recalled)).toContain(`by ${recalledUntil.slice(0, 10)}`);

    await act(lp, 'mark-overdue');
    await api.waitForStatus(bp, 'overdue');
    const overdue = (await waitForMails(number, 4, 'the overdue email'))[3]!;
    expectNotice(overdue, `Overdue: ${TITLE}`);

    const cancelled = await cancelledRequest();
    const [cancelMail] = await waitForMails(cancelled.number, 1, 'the cancelled email');
    expectNotice(cancelMail!, `Request cancelled: ${TITLE}`);

    // What staff see on the request: each notice sent, with the id the SMTP server got.
    const notices = await noticesOf(bp);
    expect(notices.map((n) => [n.kind, n.to, n.status, n.attempts])).toEqual([
      ['on-hold-shelf', PATRON_EMAIL, 'sent', 1],
      ['renewed', PATRON_EMAIL, 'sent', 1],
      ['recalled', PATRON_EMAIL, 'sent', 1],
      ['overdue', PATRON_EMAIL, 'sent', 1],
    ]);
    expect(notices.map((n) => n.messageId)).toEqual([pickup!.messageId, renewed.messageId, recalled.messageId, overdue.messageId]);
    expect(notices.every((n) => n.sentAt !== null && n.requestNumber === number)).toBe(true);
    // Exactly one email per notice, nothing sent twice.
    expect(mailsAbout(number)).toHaveLength(4);
    expect(mailsAbout(cancelled.number)).toHaveLength(1);
    const history = (await api.call<RequestView>('GET', bp)).history.map((h) => h.note ?? '');
    expect(history.some((note) => note.includes(`renewed notice queued for ${PATRON_EMAIL}`))).toBe(true);
  });

  it('writes the next email with an edited template, refuses unknown fields by name, and goes back to the default', async () => {
    const url = '/api/v1/institutions/US-NSU/notice-templates/cancelled';
    const shipped = await api.call<TemplateView>('GET', url);
    expect(shipped).toMatchObject({ kind: 'cancelled', custom: false, subject: 'Request cancelled: {{title}}' });
    expect(Object.keys(shipped.fields ?? {})).toEqual(expect.arrayContaining(['patronName', 'title', 'dueDate', 'pickUpBy']));

    const unknown = await send('PUT', url, { subject: 'Hello {{patronName}}', text: 'Your {{title}} in size {{shoeSize}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toContain('unknown fields for a cancelled notice: shoeSize');
    expect((await send('PUT', url, { subject: 'x', text: 'y', html: 'z' })).status).toBe(400);
    expect((await send('PUT', '/api/v1/institutions/US-NSU/notice-templates/lost', { subject: 'x', text: 'y' })).status).toBe(400);

    const saved = await send('PUT', url, { subject: 'Sorry, {{patronName}}', text: 'We could not get {{title}} for you (request {{requestNumber}}).\n' });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ custom: true, subject: 'Sorry, {{patronName}}' });
    const edited = await cancelledRequest();
    const [mail] = await waitForMails(edited.number, 1, 'the email from the edited template');
    expect(mail!.subject).toBe(`Sorry, ${PATRON}`);
    expect(textOf(mail!).trim()).toBe(`We could not get ${TITLE} for you (request ${edited.number}).`);

    const reset = await send('DELETE', url);
    expect(reset.json).toMatchObject({ custom: false, subject: 'Request cancelled: {{title}}' });
    const again = await cancelledRequest();
    expect((await waitForMails(again.number, 1, 'the email from the default template'))[0]!.subject).toBe(`Request cancelled: ${TITLE}`);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'entity_key']).where('entity_type', '=', 'notice_template').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'create', entity_key: 'cancelled' },
      { action: 'delete', entity_key: 'cancelled' },
    ]);
  });

  it('skips a patron without an email address and queues nothing while notices are off', async () => {
    const nobody = await cancelledRequest('P-8');
    const [skipped] = await noticesOf(nobody.bp);
    expect(skipped).toMatchObject({ kind: 'cancelled', to: null, status: 'skipped', attempts: 0, lastError: 'the patron has no email address' });
    await server.interlend.notices.drain();
    expect((await noticesOf(nobody.bp))[0]?.status).toBe('skipped');
    expect(mailsAbout(nobody.number)).toHaveLength(0);

    await send('PUT', '/api/v1/institutions/US-NSU/settings/borrowing', { noticeFromAddress: FROM, patronNotices: false });
    const off = await cancelledRequest();
    expect(await noticesOf(off.bp)).toEqual([]);
    expect((await api.call<RequestView>('GET', off.bp)).history.at(-1)?.note).toContain('cancelled notice not queued: patron notices are off');
    await send('PUT', '/api/v1/institutions/US-NSU/settings/borrowing', { noticeFromAddress: FROM });
  });

  it('lists failed notices for staff and resends one; refuses to resend a sent one', async () => {
    const { bp, number } = await cancelledRequest();
    await waitForMails(number, 1, 'the cancelled email');
    const [sent] = await noticesOf(bp);
    await expect(api.call('POST', `/api/v1/institutions/US-NSU/notices/${sent!.id}/resend`)).rejects.toMatchObject({ status: 409 });
    await expect(api.call('POST', '/api/v1/institutions/US-NSU/notices/999999/resend')).rejects.toMatchObject({ status: 404 });
    await expect(api.call('POST', '/api/v1/institutions/US-NSU/notices/not-a-number/resend')).rejects.toMatchObject({ status: 400 });

    // As the worker leaves a notice whose attempts all failed.
    await server.db.updateTable('patron_notice').set({ status: 'failed', attempts: 6, last_error: 'connect ECONNREFUSED' }).where('id', '=', sent!.id).execute();
    const failed = await api.call<{ notices: NoticeView[] }>('GET', '/api/v1/institutions/US-NSU/notices?status=failed');
    expect(failed.notices.map((n) => [n.id, n.status, n.lastError, n.requestNumber])).toEqual([[sent!.id, 'failed', 'connect ECONNREFUSED', number]]);
    await expect(api.call('GET', '/api/v1/institutions/US-NSU/notices?status=lost')).rejects.toMatchObject({ status: 400 });

    const resent = await api.call<NoticeView>('POST', `/api/v1/institutions/US-NSU/notices/${sent!.id}/resend`);
    expect(resent).toMatchObject({ status: 'pending', attempts: 0 });
    await waitForMails(number, 2, 'the resent email');
    expect((await noticesOf(bp))[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await api.call<{ notices: NoticeView[] }>('GET', '/api/v1/institutions/US-NSU/notices?status=failed')).notices).toEqual([]);
  });

  it('tells the patron of an overdue loan once per due date, and again after a renewal moved it', async () => {
    const { id, bp, lp, number } = await onLoan('HC-0002');
    const ctxAt = (days: number) => ({ db: server.db, now: () => new Date(Date.now() + days * 86_400_000) });
    const overdueRows = () => server.db.selectFrom('patron_notice').select(['kind', 'status']).where('borrowing_request_id', '=', id).where('kind', '=', 'overdue').execute();

    // Not yet due (the first test's loan, recalled to 3 days, may be told here).
    await queueOverdueNotices(ctxAt(10));
    expect(await overdueRows()).toHaveLength(0);
    expect(await queueOverdueNotices(ctxAt(30))).toBe(1);
    expect(await overdueRows()).toHaveLength(1);
    const loan = await server.db.selectFrom('loan').selectAll().where('borrowing_request_id', '=', id).executeTakeFirstOrThrow();
    expect(loan.overdue_notice_at).not.toBeNull();
    // Run again: nothing more for this due date.
    expect(await queueOverdueNotices(ctxAt(30))).toBe(0);
    expect(await queueOverdueNotices(ctxAt(35))).toBe(0);
    expect(await overdueRows()).toHaveLength(1);
    const history = (await api.call<RequestView>('GET', bp)).history;
    expect(history.filter((h) => h.event === 'timer:loan-overdue').map((h) => h.note)).toEqual([expect.stringContaining(`overdue notice queued for ${PATRON_EMAIL}`)]);

    // A renewal moves the due date past the notice: the next overdue is told again.
    await renew(bp, lp, inDays(42));
    expect(await queueOverdueNotices(ctxAt(35))).toBe(0);
    expect(await queueOverdueNotices(ctxAt(50))).toBe(1);
    expect(await overdueRows()).toHaveLength(2);
    const mails = await waitForMails(number, 4, 'two overdue emails, the renewed one and the pickup one');
    // The capturing server parses messages concurrently: compare them in any order.
    expect(mails.map((m) => m.subject).sort()).toEqual([`Overdue: ${TITLE}`, `Overdue: ${TITLE}`, `Ready for pickup: ${TITLE}`, `Renewed: ${TITLE}`]);
  });
});
