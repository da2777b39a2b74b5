import { z } from 'zod';
import { OPTIONAL_STEPS } from '../../domain/stateMachine.js';
import { code } from '../primitives.js';

/**
 * Workflow profiles, library settings and lending terms of use of an institution. The same
 * schemas validate the network file and the REST API; every field has a default, so a section
 * given in part means "the rest as out of the box".
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date({ message: 'expected a date, YYYY-MM-DD' });

/** Closed for borrowing or lending from `from` to `until`, both days included; no `until` = until further notice. */
export const inactivePeriodSchema = z
  .strictObject({ from: day, until: day.optional() })
  .refine((period) => period.until === undefined || period.until >= period.from, { message: 'until must not be before from', path: ['until'] });

export const workflowProfileSchema = z.strictObject({
  code,
  kind: z.enum(['borrowing', 'lending']),
  name: text(200),
  /** Steps switched on (true) or off (false); a step not named is on. */
  steps: z.partialRecord(z.enum(OPTIONAL_STEPS), z.boolean()).default({}),
});
export type WorkflowProfileConfig = z.output<typeof workflowProfileSchema>;

export const borrowingSettingsSchema = z.strictObject({
  /** A rota that runs out ends the request as Cancelled instead of Locate failed. */
  cancelOnLocateFailure: z.boolean().default(false),
  autoLocate: z.boolean().default(false),
  /** Outgoing requests are held (not sent) while inactive. */
  temporarilyInactive: inactivePeriodSchema.nullable().default(null),
  defaultLocation: text(100).nullable().default(null),
  /** Used when a borrowing request names no pickup location. */
  defaultPickupLocation: text(100).nullable().default(null),
  extendDueDateOnRenewalRequest: z.boolean().default(false),
  /** Days a received item waits on the hold shelf for its patron. */
  holdShelfDays: z.number().int().min(1).max(90).default(7),
  /** Patron notices (on hold shelf, overdue, recalled, cancelled, renewed) by email; off: none are queued. */
  patronNotices: z.boolean().default(true),
  /** The From address of patron notices; null: the deployment's INTERLEND_MAIL_FROM. */
  noticeFromAddress: z.email().nullable().default(null),
});
export type BorrowingSettings = z.output<typeof borrowingSettingsSchema>;

/** Fields the lender's own locate searches its catalogue by. */
export const LOCATE_BY_FIELDS = ['lccn', 'oclcNumber', 'systemControlNumber', 'isbn', 'issn', 'title'] as const;

export const lendingSettingsSchema = z.strictObject({
  autoLocate: z.boolean().default(false),
  /** When the lender's locate rejects a request on its own (used by the locate capability). */
  rejectWhen: z
    .strictObject({
      locateFails: z.boolean().default(false),
      noAvailableItems: z.boolean().default(false),
      noRequestableItems: z.boolean().default(false),
      onlyElectronic: z.boolean().default(false),
    })
    .default({ locateFails: false, noAvailableItems: false, noRequestableItems: false, onlyElectronic: false }),
  ignoreElectronic: z.boolean().default(false),
  /** New requests are answered Unfilled (NotAvailableForILL) while inactive. */
  temporarilyInactive: inactivePeriodSchema.nullable().default(null),
  defaultLocation: text(100).nullable().default(null),
  locateBy: z
    .array(z.enum(LOCATE_BY_FIELDS))
    .min(1, 'name at least one field to locate by')
    .refine((fields) => new Set(fields).size === fields.length, 'a field appears twice')
    .default(['lccn', 'oclcNumber', 'isbn', 'issn', 'title']),
  /** Place a pick-from-shelf (move) request when locate finds an item. */
  createLocalMoveAutomatically: z.boolean().default(false),
});
export type LendingSettings = z.output<typeof lendingSettingsSchema>;

export const termsOfUseSchema = z.strictObject({
  /** Locations and item policies requestable for physical resource sharing; empty = all. */
  requestableLocations: z.array(text(100)).default([]),
  requestableItemPolicies: z.array(text(100)).default([]),
  /** Days from shipping to the lender's due date; `ship` without a due date uses it. */
  loanPeriodDays: z.number().int().min(1).max(3650).nullable().default(null),
});
export type TermsOfUse = z.output<typeof termsOfUseSchema>;

/** Under each institution of the network file. A section left out keeps what the database has. */
export const settingsShape = {
  workflowProfiles: z
    .array(workflowProfileSchema)
    .default([])
    .superRefine((profiles, ctx) => {
      const seen = new Set<string>();
      profiles.forEach((profile, i) => {
        if (seen.has(profile.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `workflow profile code "${profile.code}" appears twice in this institution` });
        seen.add(profile.code);
      });
    }),
  borrowingSettings: borrowingSettingsSchema.optional(),
  lendingSettings: lendingSettingsSchema.optional(),
  termsOfUse: termsOfUseSchema.optional(),
};
