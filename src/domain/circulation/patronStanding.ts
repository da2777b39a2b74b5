/**
 * Whether a patron of the built-in circulation may borrow on a given day, and why not.
 * Dates are calendar days (`YYYY-MM-DD`), compared as text: the caller decides which day "today" is.
 */

/** A block staff (or the ILS import) put on a patron; `until` is the last day it applies, absent: until lifted. */
export interface PatronBlock {
  code: string;
  reason: string;
  since: string;
  until?: string | undefined;
}

export interface PatronStandingInput {
  active: boolean;
  /** The last day the patron's registration is valid; null: it does not expire. */
  expiresOn: string | null;
  blocks: readonly PatronBlock[];
}

export type StandingReason =
  | { kind: 'inactive'; message: string }
  | { kind: 'expired'; expiredOn: string; message: string }
  | { kind: 'blocked'; code: string; reason: string; until: string | null; message: string };

export interface PatronStanding {
  mayBorrow: boolean;
  reasons: StandingReason[];
}

/** A block is in effect from its `since` day up to and including its `until` day. */
export function blockInEffect(block: PatronBlock, on: string): boolean {
  return block.since <= on && (block.until === undefined || on <= block.until);
}

type Check = (patron: PatronStandingInput, on: string) => StandingReason[];

/** Each reason a patron may not borrow, in the order staff read them. */
const CHECKS: readonly Check[] = [
  (patron) => (patron.active ? [] : [{ kind: 'inactive', message: 'the patron record is inactive' }]),
  (patron, on) =>
    patron.expiresOn !== null && patron.expiresOn < on ? [{ kind: 'expired', expiredOn: patron.expiresOn, message: `the registration expired on ${patron.expiresOn}` }] : [],
  (patron, on) =>
    patron.blocks
      .filter((block) => blockInEffect(block, on))
      .map((block) => ({
        kind: 'blocked',
        code: block.code,
        reason: block.reason,
        until: block.until ?? null,
        message: `blocked (${block.code}): ${block.reason}${block.until ? ` until ${block.until}` : ''}`,
      })),
];

export function patronStanding(patron: PatronStandingInput, on: string): PatronStanding {
  const reasons = CHECKS.flatMap((check) => check(patron, on));
  return { mayBorrow: reasons.length === 0, reasons };
}

/** The calendar day of an instant in UTC: what the server means by "today" until institutions have a time zone. */
export function calendarDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
