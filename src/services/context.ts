import type { Db } from '../store/database.js';

/** What every use case needs from the outside world; tests pass a fixed clock. */
export interface ServiceContext {
  db: Db;
  now: () => Date;
  /** Called after a transaction that enqueued outbound messages has committed. */
  outboxNotify?: () => void;
  /** Called after a transaction that queued a locate run has committed. */
  locateNotify?: () => void;
  /** Called after a transaction that queued patron notices has committed. */
  noticeNotify?: () => void;
  /** This deployment's own base URL, for locate profiles naming one of its catalogues ("/sru/HCPL"). */
  selfBaseUrl?: string;
}

/** ISO 18626 dateTime in UTC without fractions: what partners' parsers accept most widely. */
export function isoDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
