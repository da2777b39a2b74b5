import { readFile } from 'node:fs/promises';
import { parseNoticeTemplate, type NoticeTemplate, type PatronNoticeKind } from '../../domain/circulation/patronNotices.js';
import type { Db } from '../../store/database.js';
import { findSlipTemplate } from '../../store/slipTemplateRepository.js';

/** Two levels up from src/services/notices (or dist/services/notices): the package root. */
const DEFAULTS_DIR = new URL('../../../config/notice-templates/', import.meta.url);
const defaults = new Map<PatronNoticeKind, Promise<NoticeTemplate>>();

/** An institution's own notice templates share the slip templates' table, under kind `notice-<kind>`. */
export const storedKind = (kind: PatronNoticeKind): string => `notice-${kind}`;

async function readDefault(kind: PatronNoticeKind): Promise<NoticeTemplate> {
  const template = parseNoticeTemplate(await readFile(new URL(`${kind}.txt`, DEFAULTS_DIR), 'utf8'));
  if (!template) throw new Error(`config/notice-templates/${kind}.txt does not start with "Subject: …"`);
  return template;
}

/** The template shipped with Interlend for a kind, read once. */
export function defaultNoticeTemplate(kind: PatronNoticeKind): Promise<NoticeTemplate> {
  let template = defaults.get(kind);
  if (!template) {
    template = readDefault(kind);
    // A failed read is not cached: the next notice tries again.
    template.catch(() => defaults.delete(kind));
    defaults.set(kind, template);
  }
  return template;
}

export interface EffectiveNoticeTemplate extends NoticeTemplate {
  kind: PatronNoticeKind;
  /** True when the institution saved its own template. */
  custom: boolean;
  updatedAt: Date | null;
}

export async function effectiveNoticeTemplate(db: Db, institutionId: string, kind: PatronNoticeKind): Promise<EffectiveNoticeTemplate> {
  const own = await findSlipTemplate(db, institutionId, storedKind(kind));
  const parsed = own ? parseNoticeTemplate(own.html) : undefined;
  if (own && parsed) return { kind, ...parsed, custom: true, updatedAt: own.updated_at };
  return { kind, ...(await defaultNoticeTemplate(kind)), custom: false, updatedAt: null };
}
