/**
 * The emails a patron gets about a borrowed item. Which transition sends which notice is in the
 * borrowing tables (`notify-patron` effects); the hold-shelf notice is sent by the circulation
 * when the item is actually on the shelf at the pickup location (after a transit, if any).
 */
export const PATRON_NOTICE_KINDS = ['on-hold-shelf', 'overdue', 'recalled', 'cancelled', 'renewed'] as const;
export type PatronNoticeKind = (typeof PATRON_NOTICE_KINDS)[number];

/** What a notice says, from facts the service looked up. */
export interface PatronNoticeFacts {
  patronName: string;
  title: string;
  requestNumber: string;
  libraryName: string;
  pickupLocation?: string | null | undefined;
  dueDate?: Date | null | undefined;
  /** Last day on the hold shelf. */
  pickUpBy?: Date | null | undefined;
}

export interface PatronNoticeText {
  subject: string;
  body: string;
}

const day = (date: Date | null | undefined): string | undefined => date?.toISOString().slice(0, 10);

/** The default wording of each notice: plain text, one short paragraph and the request's particulars. */
export function patronNoticeText(kind: PatronNoticeKind, facts: PatronNoticeFacts): PatronNoticeText {
  const due = day(facts.dueDate);
  const lines: Record<PatronNoticeKind, { subject: string; lead: string }> = {
    'on-hold-shelf': {
      subject: `Ready for pickup: ${facts.title}`,
      lead: `The item you asked us to borrow for you has arrived and is waiting for you at ${facts.pickupLocation ?? facts.libraryName}${day(facts.pickUpBy) ? ` until ${day(facts.pickUpBy)}` : ''}.`,
    },
    overdue: { subject: `Overdue: ${facts.title}`, lead: `The item you borrowed through interlibrary loan is overdue${due ? ` (it was due on ${due})` : ''}. Please return it as soon as you can: it belongs to another library.` },
    recalled: { subject: `Recalled: ${facts.title}`, lead: `The lending library needs its item back${due ? ` by ${due}` : ''}. Please return it to ${facts.libraryName} by then.` },
    cancelled: { subject: `Request cancelled: ${facts.title}`, lead: `Your interlibrary loan request could not be filled and has been cancelled. Ask us if you would like us to try another way.` },
    renewed: { subject: `Renewed: ${facts.title}`, lead: `Your interlibrary loan has been renewed${due ? `: it is now due on ${due}` : ''}.` },
  };
  const { subject, lead } = lines[kind];
  return {
    subject,
    body: [`Dear ${facts.patronName},`, '', lead, '', `Title: ${facts.title}`, `Request: ${facts.requestNumber}`, ...(due && kind !== 'cancelled' ? [`Due: ${due}`] : []), '', facts.libraryName, ''].join('\n'),
  };
}
