import { NOTICE_FIELDS, type PatronNoticeKind } from '../../domain/circulation/patronNotices.js';
import type { SlipFieldSet } from '../../domain/slips/render.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { effectiveNoticeTemplate, type EffectiveNoticeTemplate } from './noticeTemplates.js';

/** The template an institution's notices of a kind are written with, and the fields it may use. */
export async function readNoticeTemplate(ctx: ServiceContext, institution: Institution, kind: PatronNoticeKind): Promise<EffectiveNoticeTemplate & { fields: SlipFieldSet }> {
  return { ...(await effectiveNoticeTemplate(ctx.db, institution.id, kind)), fields: NOTICE_FIELDS };
}
