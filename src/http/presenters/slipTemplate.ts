import type { SlipFieldSet } from '../../domain/slips/render.js';
import type { EffectiveTemplate } from '../../services/slips/slipTemplates.js';

export function presentSlipTemplate(template: EffectiveTemplate, fields?: SlipFieldSet) {
  return {
    kind: template.kind,
    custom: template.custom,
    updatedAt: template.updatedAt?.toISOString() ?? null,
    html: template.html,
    ...(fields ? { fields } : {}),
  };
}
