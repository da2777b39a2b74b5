import { describe, expect, it } from 'vitest';
import { conditionSchema, rotaAssignmentRuleSchema, rotaTemplatesSchema, sendingRuleSchema } from '../../../../src/config/sections/rules.js';

function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('condition schema', () => {
  it.each([
    [{ field: 'colour', operator: 'equals', value: 'blue' }, /^field: unknown field "colour"; one of: format, /],
    [{ field: 'format', operator: 'like', value: 'x' }, /^operator: unknown operator "like"/],
    [{ field: 'format', operator: 'contains', value: 'dig' }, /^operator: operator "contains" is not valid for field format; use equals, in, not$/],
    [{ field: 'isbn', operator: 'equals', value: '978' }, /^operator: operator "equals" is not valid for field isbn; use empty, not-empty$/],
    [{ field: 'title', operator: 'before', value: '2026-01-01' }, /not valid for field title/],
    [{ field: 'patronGroup', operator: 'equals' }, /^value: value missing: equals needs a value$/],
    [{ field: 'patronGroup', operator: 'in' }, /^value: value missing: in needs a list of values$/],
    [{ field: 'patronGroup', operator: 'in', value: [] }, /^value: in needs a non-empty list/],
    [{ field: 'patronGroup', operator: 'in', value: 'Faculty' }, /^value: in needs a non-empty list/],
    [{ field: 'patronGroup', operator: 'equals', value: ['a'] }, /^value: equals needs a non-empty text$/],
    [{ field: 'title', operator: 'contains', value: '  ' }, /^value: contains needs a non-empty text$/],
    [{ field: 'format', operator: 'equals', value: 'scroll' }, /^value: format cannot be "scroll"; one of: physical, digital$/],
    [{ field: 'citationType', operator: 'not', value: ['book', 'pamphlet'] }, /citationType cannot be "pamphlet"/],
    [{ field: 'isbn', operator: 'empty', value: 'x' }, /^value: empty takes no value$/],
    [{ field: 'neededBefore', operator: 'before' }, /^value: value missing: before needs a day/],
    [{ field: 'neededBefore', operator: 'after', value: 'tomorrow' }, /^value: after needs a day \(YYYY-MM-DD\)/],
    [{ field: 'neededBefore', operator: 'after', value: '2026-02-30' }, /^value: after needs a day/],
    [{ field: 'neededBefore', operator: 'after', value: 1.5 }, /^value: after needs a day/],
    [{ field: 'format', operator: 'equals', value: 'digital', extra: 1 }, /extra/],
  ])('refuses %j', (raw, message) => {
    const result = conditionSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(problems(result)).toEqual([expect.stringMatching(message)]);
  });

  it('accepts every operator where it belongs', () => {
    for (const raw of [
      { field: 'format', operator: 'equals', value: 'digital' },
      { field: 'serviceType', operator: 'in', value: ['loan', 'copy'] },
      { field: 'citationType', operator: 'not', value: 'book' },
      { field: 'pickupLocation', operator: 'empty' },
      { field: 'doi', operator: 'not-empty' },
      { field: 'author', operator: 'contains', value: 'guin' },
      { field: 'neededBefore', operator: 'before', value: 7 },
      { field: 'neededBefore', operator: 'after', value: '2026-12-31' },
    ]) {
      expect(conditionSchema.parse(raw)).toEqual(raw);
    }
  });
});

describe('templates and rules schemas', () => {
  it('puts a partner in one template only, and a code once', () => {
    const result = rotaTemplatesSchema.safeParse([
      { code: 'A', partners: ['HCPL', 'LKC'] },
      { code: 'B', partners: ['LKC'] },
      { code: 'A', partners: ['XPR', 'XPR'] },
    ]);
    expect(problems(result)).toEqual([
      '2.partners.1: partner XPR appears twice in this template',
      '2.code: rota template code "A" is already used by [0]',
      '1.partners.0: partner LKC is already in rota template A: a partner belongs to one template only',
    ]);
  });

  it('needs at least one partner in a template', () => {
    expect(problems(rotaTemplatesSchema.safeParse([{ code: 'A', partners: [] }]))).toEqual(['0.partners: a rota template needs at least one partner']);
  });

  it('needs an output: a template, or a sending decision', () => {
    expect(problems(rotaAssignmentRuleSchema.safeParse({ code: 'r' }))).toEqual([expect.stringMatching(/^template: /)]);
    expect(problems(sendingRuleSchema.safeParse({ code: 'r', sending: 'maybe' }))).toEqual([expect.stringMatching(/^sending: .*send-automatically.*wait-for-staff/)]);
  });

  it('names the condition that is wrong', () => {
    const result = sendingRuleSchema.safeParse({ code: 'r', sending: 'wait-for-staff', conditions: [{ field: 'format', operator: 'equals', value: 'digital' }, { field: 'isbn', operator: 'equals', value: '1' }] });
    expect(problems(result)).toEqual(['conditions.1.operator: operator "equals" is not valid for field isbn; use empty, not-empty']);
  });

  it('defaults: enabled, no conditions, ordered', () => {
    expect(rotaAssignmentRuleSchema.parse({ code: 'all', template: 'T' })).toEqual({ code: 'all', enabled: true, conditions: [], template: 'T' });
    expect(rotaTemplatesSchema.parse([{ code: 'T', partners: ['A'] }])).toEqual([{ code: 'T', ordered: true, partners: ['A'] }]);
  });
});
