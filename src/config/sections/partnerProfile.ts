import { z } from 'zod';
import { code } from '../primitives.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const PARTNER_PROFILE_TYPES = ['iso18626', 'ncip', 'email', 'broker'] as const;

export const partnerContactSchema = z.strictObject({
  name: text(200),
  email: z.email().max(320).optional(),
  phone: text(50).optional(),
  /** What to contact them about: lending, borrowing, billing … */
  role: text(100).optional(),
});

/** The rest of a partner's profile (DOMAIN.md, seed 001 "Partner Configuration"), camelCase in the network file and the API. */
export const partnerProfileShape = {
  /** How we talk to the partner. */
  profileType: z.enum(PARTNER_PROFILE_TYPES).default('iso18626'),
  deliveryDelayDays: z.number().int().nonnegative().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code, e.g. USD')
    .optional(),
  /** Send our patron's details with requests to this partner. */
  sendRequesterInfo: z.boolean().default(false),
  sharedBarcodes: z.boolean().default(false),
  /** Broker partners: a digital item the broker delivers completes the borrowing request at once. */
  automaticReceive: z.boolean().default(false),
  ignoreLenderShippingCost: z.boolean().default(false),
  resendOverdueIntervalDays: z.number().int().positive().optional(),
  /** Codes of this institution's workflow profiles (`workflowProfiles`); none = every step on. */
  borrowingWorkflowProfile: code.optional(),
  lendingWorkflowProfile: code.optional(),
  /** How to search the partner's catalogue (completed by the locate capability). */
  locateProfile: text(100).optional(),
  holdingsCode: text(100).optional(),
  contacts: z.array(partnerContactSchema).max(50).default([]),
  notes: z.string().max(4000).optional(),
};
