import { z } from 'zod';

/**
 * How an institution circulates: with Interlend's own circulation (`built-in`), or by telling
 * its own ILS over NCIP (`ncip`). The same schema validates the network file and the REST API.
 */

const agencyId = z.string().trim().min(1).max(100);

export const ncipConnectionSchema = z.strictObject({
  /** The ILS's NCIP responder. */
  url: z.url({ protocol: /^https?$/ }),
  /** The ILS's agency id (ToAgencyId of what we send). */
  toAgencyId: agencyId,
  /** Ours (FromAgencyId); absent: the institution's first agency symbol value. */
  fromAgencyId: agencyId.optional(),
  applicationProfileType: z.string().trim().min(1).max(200).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});
export type NcipConnectionConfig = z.output<typeof ncipConnectionSchema>;

export const circulationSettingsSchema = z
  .strictObject({
    mode: z.enum(['built-in', 'ncip']).default('built-in'),
    ncip: ncipConnectionSchema.optional(),
  })
  .refine((settings) => settings.mode !== 'ncip' || settings.ncip !== undefined, { message: 'mode ncip needs ncip.url and ncip.toAgencyId', path: ['ncip'] });
export type CirculationSettings = z.output<typeof circulationSettingsSchema>;

/** Under each institution of the network file; left out, the stored settings stay. */
export const circulationShape = {
  circulation: circulationSettingsSchema.optional(),
};
