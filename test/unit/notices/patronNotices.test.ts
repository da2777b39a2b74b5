import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  noticeRetry,
  noticeTemplateProblems,
  noticeTemplateSource,
  overdueNoticeDue,
  parseNoticeTemplate,
  PATRON_NOTICE_KINDS,
  renderPatronNotice,
  type PatronNoticeFacts,
} from '../../../src/domain/circulation/patronNotices.js';
import { DEFAULT_MAIL_FROM, mailerFromEnvironment, redactSmtpUrl, smtpMailer } from '../../../src/services/notices/mailer.js';

const facts: PatronNoticeFacts = {
  patronName: 'Ged <Sparrowhawk> & Co',
  patronBarcode: 'P-7',
  title: 'A Wizard of Earthsea',
  requestNumber: 'NSU-B-1',
  libraryName: 'North State University',
  pickupLocation: 'Hold shelf',
  dueDate: new Date('2026-12-01T12:00:00Z'),
  pickUpBy: new Date('2026-11-20T00:00:00Z'),
};

describe('notice templates', () => {
  it('ships a default for every kind that parses, passes its own check and names patron and title', async () => {
    for (const kind of PATRON_NOTICE_KINDS) {
      const source = await readFile(new URL(`../../../config/notice-templates/${kind}.txt`, import.meta.url), 'utf8');
      const template = parseNoticeTemplate(source);
      expect(template, kind).toBeDefined();
      expect(noticeTemplateProblems(kind, template!), kind).toEqual([]);
      const text = renderPatronNotice(template!, facts);
      expect(text.subject, kind).toContain('A Wizard of Earthsea');
      expect(text.body, kind).toContain('Dear Ged <Sparrowhawk> & Co,');
      expect(text.body, kind).toContain('Request: NSU-B-1');
    }
  });

  it('reads the subject from the first line and the text after one blank line, and writes it back the same way', () => {
    const template = parseNoticeTemplate('Subject:  Hello {{patronName}}  \n\nLine one\n\nLine two\n');
    expect(template).toEqual({ subject: 'Hello {{patronName}}', text: 'Line one\n\nLine two\n' });
    expect(parseNoticeTemplate(noticeTemplateSource(template!))).toEqual(template);
    expect(parseNoticeTemplate('Hello\nSubject: late')).toBeUndefined();
  });

  it('renders plain text: fields are not HTML-escaped, #if and dates work, the subject stays on one line', () => {
    const text = renderPatronNotice(
      { subject: 'Due {{dueDate}}: {{title}}', text: '{{patronName}}{{#if pickUpBy}} by {{pickUpBy}}{{else}} now{{/if}}{{#if author}} ({{author}}){{/if}}' },
      { ...facts, title: 'Two\nlines\r\n  here' },
    );
    expect(text.subject).toBe('Due 2026-12-01: Two lines here');
    expect(text.body).toBe('Ged <Sparrowhawk> & Co by 2026-11-20');
    const noDates = renderPatronNotice({ subject: 'x', text: '{{#if dueDate}}due{{else}}no date{{/if}}' }, { ...facts, dueDate: null });
    expect(noDates.body).toBe('no date');
  });

  it('refuses unknown fields by name, broken syntax and a bad subject', () => {
    expect(noticeTemplateProblems('renewed', { subject: 'Hi {{shoeSize}}', text: '{{patronName}} {{favouriteColour}} {{shoeSize}}' })).toEqual([
      'unknown fields for a renewed notice: shoeSize, favouriteColour',
    ]);
    expect(noticeTemplateProblems('overdue', { subject: 'ok', text: '{{#if dueDate}}open' })).toEqual(['text: "{{#if dueDate}}" is never closed']);
    expect(noticeTemplateProblems('overdue', { subject: 'one\ntwo', text: 'x' })).toEqual(['the subject must be one line']);
    expect(noticeTemplateProblems('overdue', { subject: '  ', text: 'x' })).toEqual(['the subject must not be empty']);
    expect(noticeTemplateProblems('overdue', { subject: '{{{evil}}}', text: 'x' })[0]).toMatch(/unknown tag/);
  });
});

describe('overdue notices', () => {
  const due = new Date('2026-12-01T00:00:00Z');
  const after = new Date('2026-12-02T00:00:00Z');
  it('are due once a loan is past its due date, once per due date', () => {
    expect(overdueNoticeDue({ due_date: due, overdue_notice_at: null }, new Date('2026-11-30T00:00:00Z'))).toBe(false);
    expect(overdueNoticeDue({ due_date: due, overdue_notice_at: null }, due)).toBe(false);
    expect(overdueNoticeDue({ due_date: due, overdue_notice_at: null }, after)).toBe(true);
    expect(overdueNoticeDue({ due_date: due, overdue_notice_at: after }, new Date('2026-12-10T00:00:00Z'))).toBe(false);
    expect(overdueNoticeDue({ due_date: null, overdue_notice_at: null }, after)).toBe(false);
  });

  it('are due again when a renewal moved the due date past the last notice', () => {
    const renewedTo = new Date('2026-12-20T00:00:00Z');
    expect(overdueNoticeDue({ due_date: renewedTo, overdue_notice_at: after }, new Date('2026-12-10T00:00:00Z'))).toBe(false);
    expect(overdueNoticeDue({ due_date: renewedTo, overdue_notice_at: after }, new Date('2026-12-21T00:00:00Z'))).toBe(true);
  });
});

describe('sending', () => {
  it('backs off twice as long after each failed attempt, up to a cap, and gives up after the last', () => {
    const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 3_000 };
    expect([1, 2, 3].map((attempts) => noticeRetry(attempts, policy))).toEqual([
      { giveUp: false, delayMs: 1_000 },
      { giveUp: false, delayMs: 2_000 },
      { giveUp: false, delayMs: 3_000 },
    ]);
    expect(noticeRetry(4, policy)).toEqual({ giveUp: true });
  });

  it('never shows the SMTP password', () => {
    expect(redactSmtpUrl('smtp://mailer:hunter2@mail.example:587')).toBe('smtp://mailer:***@mail.example:587');
    expect(redactSmtpUrl('smtp://mail.example:25')).toBe('smtp://mail.example:25');
    expect(smtpMailer('smtp://mailer:hunter2@mail.example:587').description).not.toContain('hunter2');
    expect(() => smtpMailer('http://mail.example')).toThrow(/smtp:\/\//);
  });

  it('logs notices (the demo) unless INTERLEND_SMTP_URL names a server; INTERLEND_MAIL_FROM is the default From', async () => {
    const lines: object[] = [];
    const demo = mailerFromEnvironment({}, { info: (obj) => lines.push(obj) });
    expect(demo.defaultFrom).toBe(DEFAULT_MAIL_FROM);
    expect(await demo.mailer.send({ from: 'a@b.example', to: 'c@d.example', subject: 'S', text: 'secret body' }, { noticeId: '1' })).toEqual({ status: 'logged', messageId: null });
    expect(lines).toEqual([{ noticeId: '1', from: 'a@b.example', to: 'c@d.example', subject: 'S' }]);
    const configured = mailerFromEnvironment({ INTERLEND_SMTP_URL: 'smtp://u:pw-123@mail.example:25', INTERLEND_MAIL_FROM: 'ill@nsu.example' }, { info: () => undefined });
    expect(configured.defaultFrom).toBe('ill@nsu.example');
    expect(configured.mailer.description).toBe('SMTP smtp://u:***@mail.example:25');
    configured.mailer.close();
  });
});
