import { z } from 'zod';
import { calendarDate, patronBarcode, patronConfig, patronFields } from '../../../config/sections/patrons.js';
import { code } from '../../../config/primitives.js';
import { institutionParams } from './scope.js';

export const patronParams = institutionParams.extend({ barcode: patronBarcode });
export const patronBlockParams = patronParams.extend({ code });

/** A query flag: `true` or `false`, as text. */
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const patronListQuery = z.strictObject({
  /** Part of the name or email, or the start of the barcode. */
  q: z.string().trim().min(1).max(200).optional(),
  group: code.optional(),
  /** true: only patrons with a block in effect today; false: only those without. */
  blocked: flag.optional(),
  active: flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const newPatronBody = patronConfig;

/** `null` clears an optional field; the barcode cannot change (requests name the patron by it). */
export const patronChangeBody = z
  .strictObject({
    name: patronFields.name.optional(),
    email: patronFields.email.nullable().optional(),
    phone: patronFields.phone.nullable().optional(),
    patronGroup: patronFields.patronGroup.optional(),
    homeLibrary: patronFields.homeLibrary.nullable().optional(),
    expiresOn: patronFields.expiresOn.nullable().optional(),
    active: patronFields.active.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'nothing to change');

export const newBlockBody = z
  .strictObject({
    code,
    reason: z.string().trim().min(1).max(500),
    /** Default: today. */
    since: calendarDate.optional(),
    until: calendarDate.optional(),
  })
  .refine((block) => block.until === undefined || block.since === undefined || block.until >= block.since, { path: ['until'], message: 'until is before since' });
