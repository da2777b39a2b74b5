import { z } from 'zod';
import { LOCATE_BY_FIELDS } from './settings.js';
import { DEFAULT_MATCH_FIELDS } from './locate.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const directoryAddressSchema = z.strictObject({
  label: text(100).optional(),
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100).optional(),
  postalCode: text(20).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter country code'),
});

export const directoryContactSchema = z.strictObject({
  name: text(200),
  email: z.email().max(254).optional(),
  phone: text(50).optional(),
  role: text(100).optional(),
});

export const lendingPoliciesSchema = z.strictObject({
  text: text(4000).optional(),
  loanPeriodDays: z.number().int().min(1).max(365).optional(),
  services: z.array(z.enum(['loan', 'copy'])).max(2).default(['loan', 'copy']),
  formats: z.array(text(50)).max(50).default([]),
});

/**
 * How partners search this institution's catalogue. Left out of an entry of this deployment:
 * SRU at `/sru/<INSTITUTION_CODE>` (made absolute in the public feed).
 */
export const directoryLocateSchema = z
  .strictObject({
    protocol: z.enum(['sru', 'z3950']),
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((value) => value.startsWith('/') || /^https?:\/\/[^\s]+$/.test(value), 'expected an http(s) URL or a path such as /sru/HCPL')
      .optional(),
    version: z.enum(['1.1', '1.2', '2.0']).default('1.2'),
    host: text(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    database: text(255).optional(),
    matchFields: z.array(z.enum(LOCATE_BY_FIELDS)).min(1).default([...DEFAULT_MATCH_FIELDS]),
  })
  .superRefine((locate, ctx) => {
    if (locate.protocol === 'sru' && locate.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'SRU locate details need url' });
    if (locate.protocol === 'z3950') {
      for (const field of ['host', 'port', 'database'] as const) {
        if (locate[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `Z39.50 locate details need ${field}` });
      }
    }
  });
export type DirectoryLocate = z.output<typeof directoryLocateSchema>;

/**
 * An institution's own directory entry (network file `directory`, and the body of
 * PUT …/directory/entry). Name and symbols come from the institution itself.
 */
export const ownDirectoryEntrySchema = z.strictObject({
  /** Listed in the public feed; an unpublished entry is still seen by this deployment's staff. */
  publish: z.boolean().default(true),
  /** The public ISO 18626 URL partners elsewhere send to; left out: this server's `/iso18626`. */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  locate: directoryLocateSchema.optional(),
  addresses: z.array(directoryAddressSchema).max(20).default([]),
  lendingPolicies: lendingPoliciesSchema.default({ services: ['loan', 'copy'], formats: [] }),
  contacts: z.array(directoryContactSchema).max(50).default([]),
});
export type OwnDirectoryEntry = z.output<typeof ownDirectoryEntrySchema>;

/** Under each institution of the network file. Left out: the database keeps what it has. */
export const directoryShape = { directory: ownDirectoryEntrySchema.optional() };

/** One entry of the public feed (`GET /directory/entries.json`); what a subscriber validates. */
export const feedEntrySchema = z.object({
  id: z.string().min(1).max(200),
  name: text(300),
  symbols: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*:\S+$/).max(200))
    .min(1)
    .max(50),
  iso18626Endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  systemType: z.string().max(50).optional(),
  locate: directoryLocateSchema.optional(),
  addresses: z.array(directoryAddressSchema).max(20).default([]),
  lendingPolicies: lendingPoliciesSchema.default({ services: ['loan', 'copy'], formats: [] }),
  contacts: z.array(directoryContactSchema).max(50).default([]),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type FeedEntry = z.output<typeof feedEntrySchema>;

export const FEED_FORMAT = 'interlend-directory/1';
/** The document: entries are validated one by one so one bad entry does not drop the rest. */
export const feedDocumentSchema = z.object({
  format: z.literal(FEED_FORMAT),
  generatedAt: z.string().max(50).optional(),
  entries: z.array(z.unknown()).max(10_000),
});
