/** The created-date facet: today (since midnight UTC), the last 7 and 30 days, and older. */
export const CREATED_RANGES = ['today', '7d', '30d', 'older'] as const;
export type CreatedRange = (typeof CREATED_RANGES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where each range starts (older: what it is before), as of now. Today lies within 7 days, 7 days within 30. */
export function createdRangeBounds(now: Date): { today: Date; week: Date; month: Date } {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { today, week: new Date(now.getTime() - 7 * DAY_MS), month: new Date(now.getTime() - 30 * DAY_MS) };
}

export function createdRange(range: CreatedRange, now: Date): { from?: Date; before?: Date } {
  const bounds = createdRangeBounds(now);
  switch (range) {
    case 'today':
      return { from: bounds.today };
    case '7d':
      return { from: bounds.week };
    case '30d':
      return { from: bounds.month };
    case 'older':
      return { before: bounds.month };
  }
}
