import { z } from 'zod';

/** `TYPE:VALUE`, e.g. `ISIL:US-NSU`. The type is an ISO 18626 agencyIdType (ISIL, OCLC, …). */
export const agencySymbol = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*:\S+$/, 'expected TYPE:VALUE, e.g. ISIL:US-NSU')
  .transform((text) => {
    const colon = text.indexOf(':');
    return { idType: text.slice(0, colon).toUpperCase(), idValue: text.slice(colon + 1) };
  });

export const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." or "-"; at most 64');

