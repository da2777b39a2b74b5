import { z } from 'zod';
import { code } from '../primitives.js';
import { LOCATE_BY_FIELDS } from './settings.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Seed 001 "Locate Profiles": LCCN, system control number, ISBN/ISSN, title. */
export const DEFAULT_MATCH_FIELDS = ['lccn', 'systemControlNumber', 'oclcNumber', 'isbn', 'issn', 'title'] as const satisfies readonly (typeof LOCATE_BY_FIELDS)[number][];

/**
 * How to search a partner's catalogue (DOMAIN.md "Locate profile"). The same schema validates
 * the network file (`locateProfiles` of an institution) and the REST API; partners name a
 * profile by code (`locateProfile`).
 */
export const locateProfileSchema = z
  .strictObject({
    code,
    name: text(200),
    protocol: z.enum(['sru', 'z3950']),
    /** SRU base URL, or a path such as `/sru/HCPL` for a catalogue of this deployment. */
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((value) => value.startsWith('/') || /^https?:\/\/[^\s]+$/.test(value), 'expected an http(s) URL or a path of this deployment such as /sru/HCPL')
      .optional(),
    version: z.enum(['1.1', '1.2', '2.0']).default('1.2'),
    host: text(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    database: text(255).optional(),
    /** Tried in this order; the first field the request has that finds the item decides. */
    matchFields: z
      .array(z.enum(LOCATE_BY_FIELDS))
      .min(1, 'name at least one match field')
      .refine((fields) => new Set(fields).size === fields.length, 'a field appears twice')
      .default([...DEFAULT_MATCH_FIELDS]),
    /** Also require an available, requestable item (when the target reports holdings). */
    checkAvailability: z.boolean().default(true),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .superRefine((profile, ctx) => {
    if (profile.protocol === 'sru' && profile.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'an SRU locate profile needs url' });
    if (profile.protocol === 'z3950') {
      for (const field of ['host', 'port', 'database'] as const) {
        if (profile[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a Z39.50 locate profile needs ${field}` });
      }
    }
  });
export type LocateProfileConfig = z.output<typeof locateProfileSchema>;

/** Under each institution of the network file. Left out: the database keeps what it has. */
export const locateShape = {
  locateProfiles: z
    .array(locateProfileSchema)
    .optional()
    .superRefine((profiles, ctx) => {
      const seen = new Set<string>();
      (profiles ?? []).forEach((profile, i) => {
        if (seen.has(profile.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `locate profile code "${profile.code}" appears twice in this institution` });
        seen.add(profile.code);
      });
    }),
};
