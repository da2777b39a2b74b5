import { readFile } from 'node:fs/promises';
import type { SlipKind } from '../../domain/slips/kinds.js';
import type { Db } from '../../store/database.js';
import { findSlipTemplate } from '../../store/slipTemplateRepository.js';

/** Two levels up from src/services/slips (or dist/services/slips): the package root. */
const DEFAULTS_DIR = new URL('../../../config/slip-templates/', import.meta.url);
const defaults = new Map<SlipKind, Promise<string>>();

/** The template shipped with Interlend for a kind, read once. */
export function defaultSlipTemplate(kind: SlipKind): Promise<string> {
  let template = defaults.get(kind);
  if (!template) {
    template = readFile(new URL(`${kind}.html`, DEFAULTS_DIR), 'utf8');
    // A failed read is not cached: the next print tries again.
    template.catch(() => defaults.delete(kind));
    defaults.set(kind, template);
  }
  return template;
}

export interface EffectiveTemplate {
  kind: SlipKind;
  html: string;
  /** True when the institution saved its own template. */
  custom: boolean;
  updatedAt: Date | null;
}

export async function effectiveSlipTemplate(db: Db, institutionId: string, kind: SlipKind): Promise<EffectiveTemplate> {
  const own = await findSlipTemplate(db, institutionId, kind);
  if (own) return { kind, html: own.html, custom: true, updatedAt: own.updated_at };
  return { kind, html: await defaultSlipTemplate(kind), custom: false, updatedAt: null };
}
