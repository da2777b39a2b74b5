import { z } from 'zod';
import { CREATED_RANGES } from '../../../services/taskLists/createdRanges.js';
import { actionBodySchema } from './requestActionSchema.js';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((text) => new Date(text));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A filter that takes several values: `status=a,b` or `status=a&status=b`. */
function oneOrMore<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()))
    .pipe(z.array(item).min(1).max(50));
}

/** The query of `GET …/borrowing-requests` and `GET …/lending-requests`: every parameter named in its error. */
export function taskListQuerySchema(statuses: readonly [string, ...string[]]) {
  return z
    .strictObject({
      status: oneOrMore(z.enum(statuses)).optional(),
      partner: oneOrMore(z.string().min(1).max(100)).optional(),
      library: oneOrMore(z.string().min(1).max(100)).optional(),
      created: z.enum(CREATED_RANGES).optional(),
      createdFrom: isoDate.optional(),
      createdBefore: isoDate.optional(),
      assignedTo: oneOrMore(z.string().min(1).max(100)).optional(),
      needsAttention: flag.optional(),
      q: z.string().trim().min(1).max(200).optional(),
      sort: z.enum(['updated', 'created', 'title', 'due']).default('updated'),
      /** Default: newest first for dates, A to Z for titles, soonest first for due dates. */
      order: z.enum(['asc', 'desc']).optional(),
      after: z.string().min(1).max(1000).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      facets: flag.default(true),
    })
    .refine((q) => !q.createdFrom || !q.createdBefore || q.createdFrom < q.createdBefore, { path: ['createdBefore'], message: 'must be after createdFrom' })
    .transform(({ order, ...q }) => ({ ...q, order: order ?? (q.sort === 'updated' || q.sort === 'created' ? 'desc' : 'asc') }));
}

/** `POST …/bulk`: one action (a workflow action, `assign` or `unassign`) on up to 200 requests. */
export function bulkActionSchema(actions: readonly [string, ...string[]]) {
  return z.strictObject({
    action: z.enum([...actions, 'assign', 'unassign']),
    ids: z
      .array(z.uuid())
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id'),
    body: actionBodySchema.default({}),
  });
}

export const assignBodySchema = z.strictObject({ expectedVersion: z.number().int().positive().optional() });
