import { z } from 'zod';
import { agencySymbol, code } from './primitives.js';
import { directoryShape } from './sections/directory.js';
import { inventoryShape } from './sections/inventory.js';
import { locateShape } from './sections/locate.js';
import { partnerProfileShape } from './sections/partnerProfile.js';
import { partnerSecurityIssues, partnerSecurityShape } from './sections/partnerSecurity.js';
import { rulesShape } from './sections/rules.js';
import { settingsShape } from './sections/settings.js';
import { staffIssues, staffShape } from './sections/staff.js';
import { patronIssues, patronsShape } from './sections/patrons.js';
import { circulationShape } from './sections/circulation.js';

/**
 * The declarative set-up file (`interlend serve --config network.yaml`).
 * Each capability's part of an institution or partner lives in sections/; unknown keys are
 * refused so typos are caught.
 */

const libraryConfig = z.strictObject({
  code,
  name: z.string().min(1),
  symbols: z.array(agencySymbol).default([]),
});

/** When a partner stops waiting for an answer: never, after N days, or on a date. */
const requestExpiry = z.union([
  z.literal('none'),
  z.strictObject({ days: z.number().int().positive() }),
  z.strictObject({ date: z.coerce.date() }),
]);

/** One partner; also the body of the partner API. */
export const partnerConfig = z.strictObject({
  code,
  name: z.string().min(1),
  symbol: agencySymbol,
  /** The partner's ISO 18626 URL; omitted for an institution of this deployment (delivered in-process). */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  active: z.boolean().default(true),
  averageSupplyDays: z.number().nonnegative().optional(),
  requestExpiry: requestExpiry.default('none'),
  ...partnerProfileShape,
  ...partnerSecurityShape,
});

const institutionConfig = z.strictObject({
  code,
  name: z.string().min(1),
  symbols: z.array(agencySymbol).min(1, 'an institution needs at least one agency symbol'),
  libraries: z.array(libraryConfig).min(1, 'an institution needs at least one resource sharing library'),
  partners: z.array(partnerConfig).default([]),
  ...staffShape,
  ...rulesShape,
  ...settingsShape,
  ...locateShape,
  ...inventoryShape,
  ...directoryShape,
  ...patronsShape,
  ...circulationShape,
});

export const networkConfigSchema = z
  .strictObject({
    institutions: z.array(institutionConfig).min(1),
  })
  .superRefine((config, ctx) => {
    const seenCodes = new Map<string, number>();
    const seenSymbols = new Map<string, (string | number)[]>();
    config.institutions.forEach((institution, i) => {
      const previous = seenCodes.get(institution.code);
      if (previous !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['institutions', i, 'code'],
          message: `institution code "${institution.code}" is already used by institutions[${previous}]`,
        });
      }
      seenCodes.set(institution.code, i);
      const symbolPaths: { symbol: { idType: string; idValue: string }; path: (string | number)[] }[] = [
        ...institution.symbols.map((symbol, s) => ({ symbol, path: ['institutions', i, 'symbols', s] })),
        ...institution.libraries.flatMap((library, l) =>
          library.symbols.map((symbol, s) => ({ symbol, path: ['institutions', i, 'libraries', l, 'symbols', s] })),
        ),
      ];
      for (const { symbol, path } of symbolPaths) {
        const key = `${symbol.idType}:${symbol.idValue}`;
        const first = seenSymbols.get(key);
        if (first) {
          ctx.addIssue({ code: 'custom', path, message: `symbol ${key} is already used at ${formatPath(first)}` });
        } else {
          seenSymbols.set(key, path);
        }
      }
      const partnerCodes = new Set<string>();
      institution.partners.forEach((partner, p) => {
        if (partnerCodes.has(partner.code)) {
          ctx.addIssue({ code: 'custom', path: ['institutions', i, 'partners', p, 'code'], message: `partner code "${partner.code}" appears twice in this institution` });
        }
        partnerCodes.add(partner.code);
        for (const issue of partnerSecurityIssues(partner)) {
          ctx.addIssue({ code: 'custom', path: ['institutions', i, 'partners', p, ...issue.path], message: issue.message });
        }
      });
      const libraryCodes = new Set<string>();
      institution.libraries.forEach((library, l) => {
        if (libraryCodes.has(library.code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['institutions', i, 'libraries', l, 'code'],
            message: `library code "${library.code}" appears twice in this institution`,
          });
        }
        libraryCodes.add(library.code);
      });
      for (const issue of staffIssues(institution)) ctx.addIssue({ code: 'custom', path: ['institutions', i, ...issue.path], message: issue.message });
      for (const issue of patronIssues(institution)) ctx.addIssue({ code: 'custom', path: ['institutions', i, ...issue.path], message: issue.message });
    });
  });

export type NetworkConfig = z.output<typeof networkConfigSchema>;
export type InstitutionConfig = NetworkConfig['institutions'][number];
export type PartnerConfig = InstitutionConfig['partners'][number];

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text ? `${text}.${String(part)}` : String(part);
  }, '');
}
