/**
 * When a request sent to a partner expires, from the partner's "request expiry" setting.
 * Pure: the send time is passed in.
 *
 * - `none`: never (undefined).
 * - `days`: `days` × 24 hours after `sentAt` (elapsed time, not calendar days in a time zone;
 *   fractional days are allowed). `days` null means not configured: never.
 * - `date`: that instant, whatever `sentAt` is. A date already past means the request is due to
 *   expire at once; the expiry job decides what to do, this function does not hide it.
 *   `date` null means not configured: never.
 * Nonsense settings (negative or non-finite days, an invalid Date, a result past the last
 * representable Date) throw a RangeError rather than
 * silently meaning "never".
 */

export type RequestExpiryType = 'none' | 'days' | 'date';

export interface PartnerRequestExpiry {
  requestExpiry: RequestExpiryType;
  days: number | null;
  date: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function expiryFor(partner: PartnerRequestExpiry, sentAt: Date): Date | undefined {
  switch (partner.requestExpiry) {
    case 'none':
      return undefined;
    case 'days': {
      if (partner.days === null) return undefined;
      if (!Number.isFinite(partner.days) || partner.days < 0) throw new RangeError(`request expiry after ${partner.days} days is not a valid setting`);
      if (Number.isNaN(sentAt.getTime())) throw new RangeError('expiryFor: sentAt is an invalid date');
      const expiry = new Date(sentAt.getTime() + partner.days * DAY_MS);
      if (Number.isNaN(expiry.getTime())) throw new RangeError(`request expiry after ${partner.days} days is beyond the representable dates`);
      return expiry;
    }
    case 'date': {
      if (partner.date === null) return undefined;
      if (Number.isNaN(partner.date.getTime())) throw new RangeError('request expiry date is an invalid date');
      return new Date(partner.date.getTime());
    }
  }
}
