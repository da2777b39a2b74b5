import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((text) => new Date(text));

/** The body of `POST …/actions/{action}`: every field optional here; each action states what it needs. */
export const actionBodySchema = z.strictObject({
  note: z.string().max(2000).optional(),
  reason: z.string().min(1).max(200).optional(),
  dueDate: isoDate.optional(),
  barcode: z.string().min(1).max(100).optional(),
  url: z.url().max(2000).optional(),
  approve: z.boolean().optional(),
  replyBy: isoDate.optional(),
  expectedVersion: z.number().int().positive().optional(),
  /** Go ahead although the ILS or broker call the action needs failed. */
  override: z.boolean().optional(),
});
export type ActionBody = z.output<typeof actionBodySchema>;

/** Fields an action cannot do without. */
export const REQUIRED_FIELDS: Partial<Record<string, readonly (keyof ActionBody)[]>> = {
  // ship's dueDate may come from the loan period of the terms of use: the service checks it.
  ship: [],
  'answer-renewal': ['approve'],
  'answer-cancel': ['approve'],
  conditional: ['note'],
  'request-renewal': [],
};

export function missingFields(action: string, body: ActionBody): string[] {
  const missing = (REQUIRED_FIELDS[action] ?? []).filter((field) => body[field] === undefined);
  if (action === 'answer-renewal' && body.approve === true && !body.dueDate) missing.push('dueDate');
  return missing;
}
