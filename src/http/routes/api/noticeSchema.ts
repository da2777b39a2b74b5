import { z } from 'zod';
import { NOTICE_SUBJECT_MAX, PATRON_NOTICE_KINDS } from '../../../domain/circulation/patronNotices.js';
import { TEMPLATE_LIMITS } from '../../../domain/slips/render.js';
import { institutionParams } from './scope.js';

export const noticeTemplateParams = institutionParams.extend({ kind: z.enum(PATRON_NOTICE_KINDS) });

/** A notice template: its one-line subject and its text, both in the slip template language. */
export const noticeTemplateBody = z.strictObject({
  subject: z.string().min(1).max(NOTICE_SUBJECT_MAX),
  text: z.string().min(1).max(TEMPLATE_LIMITS.maxChars),
});

export const noticeParams = institutionParams.extend({ noticeId: z.string().regex(/^\d{1,18}$/, 'a notice id is a number') });

export const noticeListQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'logged', 'skipped', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
