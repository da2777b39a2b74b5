import { z } from 'zod';
import { code } from '../primitives.js';

/** A patron barcode: what borrowing requests call `patronId`; safe in a URL path. Unique per institution whatever the case. */
export const patronBarcode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$/, 'letters, digits, "_", ".", ":", "@" or "-"; at most 100');

/** A calendar day, `YYYY-MM-DD`. */
export const calendarDate = z.iso.date('a calendar day, YYYY-MM-DD');

/** A block on a patron; `until` is the last day it applies (absent: until staff lift it). */
export const patronBlockSchema = z
  .strictObject({
    code,
    reason: z.string().trim().min(1).max(500),
    since: calendarDate,
    until: calendarDate.optional(),
  })
  .refine((block) => block.until === undefined || block.until >= block.since, { path: ['until'], message: 'until is before since' });

/** Block codes are the key of a patron's blocks: each at most once. */
export const patronBlocks = z
  .array(patronBlockSchema)
  .max(50)
  .superRefine((blocks, ctx) => {
    const seen = new Map<string, number>();
    blocks.forEach((block, b) => {
      const first = seen.get(block.code);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [b, 'code'], message: `block "${block.code}" is already listed at blocks[${first}]` });
      else seen.set(block.code, b);
    });
  });

/** A patron's fields apart from its barcode and blocks; the network file and the patrons API share them. */
export const patronFields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  phone: z.string().trim().min(1).max(50),
  patronGroup: code,
  /** A library code of the institution: where the patron picks up by default. */
  homeLibrary: code,
  /** The last day the registration is valid. */
  expiresOn: calendarDate,
  active: z.boolean(),
};

/** One patron: an entry of the network file's `patrons`, and the body that registers one over the API. */
export const patronConfig = z.strictObject({
  barcode: patronBarcode,
  name: patronFields.name,
  email: patronFields.email.optional(),
  phone: patronFields.phone.optional(),
  patronGroup: patronFields.patronGroup,
  homeLibrary: patronFields.homeLibrary.optional(),
  expiresOn: patronFields.expiresOn.optional(),
  active: patronFields.active.default(true),
  blocks: patronBlocks.default([]),
});

export type PatronConfig = z.output<typeof patronConfig>;
/** A patron as written in the file (before defaults): what the export produces. */
export type PatronConfigFile = z.input<typeof patronConfig>;

/** The built-in circulation's patrons (upserted by barcode; patrons not listed are left alone). */
export const patronsShape = {
  patrons: z
    .array(patronConfig)
    .default([])
    .superRefine((patrons, ctx) => {
      const seen = new Map<string, number>();
      patrons.forEach((patron, p) => {
        const key = patron.barcode.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [p, 'barcode'], message: `barcode "${patron.barcode}" is already used by patrons[${first}] (barcodes ignore case)` });
        else seen.set(key, p);
      });
    }),
};

/** Checks that need the rest of the institution: a patron's home library must be one of its libraries. */
export function patronIssues(institution: { libraries: readonly { code: string }[]; patrons: readonly PatronConfig[] }): { path: (string | number)[]; message: string }[] {
  const known = new Set(institution.libraries.map((library) => library.code));
  return institution.patrons.flatMap((patron, p) =>
    patron.homeLibrary === undefined || known.has(patron.homeLibrary)
      ? []
      : [{ path: ['patrons', p, 'homeLibrary'], message: `unknown library "${patron.homeLibrary}"; this institution has ${[...known].join(', ')}` }],
  );
}
