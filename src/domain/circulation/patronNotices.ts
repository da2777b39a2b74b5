import { checkSlipTemplate, renderSlip, type SlipFieldSet, type SlipRecord } from '../slips/render.js';

/**
 * The emails a patron gets about a borrowed item. Which transition sends which notice is in the
 * borrowing tables (`notify-patron` effects); the hold-shelf notice is sent by the circulation
 * when the item is actually on the shelf at the pickup location (after a transit, if any).
 * Each kind's subject and text come from a template the institution may edit, written in the
 * slip template language (fields, #if, #each) and rendered as plain text.
 */
export const PATRON_NOTICE_KINDS = ['on-hold-shelf', 'overdue', 'recalled', 'cancelled', 'renewed'] as const;
export type PatronNoticeKind = (typeof PATRON_NOTICE_KINDS)[number];

/** What a notice says, from facts the service looked up. */
export interface PatronNoticeFacts {
  patronName: string;
  patronBarcode: string;
  title: string;
  author?: string | null | undefined;
  requestNumber: string;
  libraryName: string;
  pickupLocation?: string | null | undefined;
  dueDate?: Date | null | undefined;
  /** Last day on the hold shelf. */
  pickUpBy?: Date | null | undefined;
}

/** The fields every notice template may use (dates as YYYY-MM-DD, empty when unknown). */
export const NOTICE_FIELDS: SlipFieldSet = {
  patronName: 'text',
  patronBarcode: 'text',
  title: 'text',
  author: 'text',
  requestNumber: 'text',
  libraryName: 'text',
  pickupLocation: 'text',
  dueDate: 'text',
  pickUpBy: 'text',
};

/** A notice template: a one-line subject and the text of the email. */
export interface NoticeTemplate {
  subject: string;
  text: string;
}

export interface PatronNoticeText {
  subject: string;
  body: string;
}

export const NOTICE_SUBJECT_MAX = 500;

const day = (date: Date | null | undefined): string => (date ? date.toISOString().slice(0, 10) : '');

function noticeData(facts: PatronNoticeFacts): SlipRecord {
  return {
    patronName: facts.patronName,
    patronBarcode: facts.patronBarcode,
    title: facts.title,
    author: facts.author ?? '',
    requestNumber: facts.requestNumber,
    libraryName: facts.libraryName,
    pickupLocation: facts.pickupLocation ?? '',
    dueDate: day(facts.dueDate),
    pickUpBy: day(facts.pickUpBy),
  };
}

/** A template file (and a stored template): `Subject: …` on the first line, the text after one blank line. */
export function parseNoticeTemplate(source: string): NoticeTemplate | undefined {
  const match = /^Subject:[ \t]*(.*)\r?\n(?:\r?\n)?/.exec(source);
  if (!match) return undefined;
  return { subject: (match[1] ?? '').trim(), text: source.slice(match[0].length) };
}

export function noticeTemplateSource(template: NoticeTemplate): string {
  return `Subject: ${template.subject}\n\n${template.text}`;
}

/** Why a template cannot be saved for a notice kind: unknown fields by name, syntax and size problems. None: it can. */
export function noticeTemplateProblems(kind: PatronNoticeKind, template: NoticeTemplate): string[] {
  const problems: string[] = [];
  if (/[\r\n]/.test(template.subject)) problems.push('the subject must be one line');
  if (template.subject.trim() === '') problems.push('the subject must not be empty');
  if (template.subject.length > NOTICE_SUBJECT_MAX) problems.push(`the subject is longer than ${NOTICE_SUBJECT_MAX} characters`);
  const unknown = new Set<string>();
  for (const [part, source] of [
    ['subject', template.subject],
    ['text', template.text],
  ] as const) {
    const check = checkSlipTemplate(source, NOTICE_FIELDS);
    for (const field of check.unknownFields) unknown.add(field);
    problems.push(...check.problems.map((problem) => `${part}: ${problem}`));
  }
  if (unknown.size > 0) problems.unshift(`unknown fields for a ${kind} notice: ${[...unknown].join(', ')}`);
  return problems;
}

/** The email a template makes of the facts; the subject is kept to one line whatever the data holds. */
export function renderPatronNotice(template: NoticeTemplate, facts: PatronNoticeFacts): PatronNoticeText {
  const data = noticeData(facts);
  const subject = renderSlip(template.subject, data, { plainText: true }).replace(/\s+/g, ' ').trim().slice(0, NOTICE_SUBJECT_MAX);
  return { subject, body: renderSlip(template.text, data, { plainText: true }) };
}

/**
 * Whether a loan's overdue notice is due: past its due date, and not told yet for this due date
 * (a notice sent before the due date moved later, by a renewal, was about the old one).
 */
export function overdueNoticeDue(loan: { due_date: Date | null; overdue_notice_at: Date | null }, now: Date): boolean {
  if (!loan.due_date || loan.due_date.getTime() >= now.getTime()) return false;
  return loan.overdue_notice_at === null || loan.overdue_notice_at.getTime() < loan.due_date.getTime();
}

export interface NoticeRetryPolicy {
  /** Attempts in all, the first included; after the last failure the notice is failed. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** After a failed attempt (`attempts` made so far): give up, or wait twice as long as last time. */
export function noticeRetry(attempts: number, policy: NoticeRetryPolicy): { giveUp: true } | { giveUp: false; delayMs: number } {
  if (attempts >= policy.maxAttempts) return { giveUp: true };
  return { giveUp: false, delayMs: Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1)) };
}
