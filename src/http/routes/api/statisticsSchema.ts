import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((text) => new Date(text));

/** The query of `GET …/statistics`: a window [from, to) and the period length. */
export const statisticsQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    interval: z.enum(['week', 'month']).default('month'),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() < q.to.getTime(), { message: 'from must be before to', path: ['from'] })
  .refine((q) => !q.from || (q.to ?? new Date()).getTime() - q.from.getTime() <= 3 * 366 * 86_400_000, { message: 'the window is at most three years', path: ['from'] });
