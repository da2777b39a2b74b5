import type { RuleCondition } from './model.js';
import { splitList } from '../../components/forms/problems.js';

/**
 * The condition builder's rows (field / operator / value as typed) and the API's conditions.
 * The field table mirrors the rule engine's (`src/domain/rules/fields.ts`): which operators make
 * sense for each field and which values a choice field takes. Pure, unit-tested.
 */

export type FieldKind = 'choice' | 'text' | 'identifier' | 'date';

export const OPERATORS_BY_KIND: Readonly<Record<FieldKind, readonly string[]>> = {
  choice: ['equals', 'in', 'not'],
  text: ['equals', 'in', 'not', 'empty', 'not-empty', 'contains'],
  identifier: ['empty', 'not-empty'],
  date: ['before', 'after', 'empty', 'not-empty'],
};

export const RULE_FIELDS: Readonly<Record<string, { label: string; kind: FieldKind; values?: readonly string[] }>> = {
  format: { label: 'Format', kind: 'choice', values: ['physical', 'digital'] },
  requestedMedia: { label: 'Requested media', kind: 'choice', values: ['physical', 'digital'] },
  serviceType: { label: 'Service type', kind: 'choice', values: ['loan', 'copy'] },
  citationType: { label: 'Citation type', kind: 'choice', values: ['book', 'article', 'chapter'] },
  patronGroup: { label: 'Patron group', kind: 'text' },
  pickupLocation: { label: 'Pickup location', kind: 'text' },
  title: { label: 'Title', kind: 'text' },
  author: { label: 'Author', kind: 'text' },
  isbn: { label: 'ISBN', kind: 'identifier' },
  issn: { label: 'ISSN', kind: 'identifier' },
  doi: { label: 'DOI', kind: 'identifier' },
  oclcNumber: { label: 'OCLC number', kind: 'identifier' },
  lccn: { label: 'LCCN', kind: 'identifier' },
  neededBefore: { label: 'Needed before', kind: 'date' },
};

export const OPERATOR_LABELS: Readonly<Record<string, string>> = {
  equals: 'is',
  in: 'is one of',
  not: 'is not',
  empty: 'is empty',
  'not-empty': 'is not empty',
  contains: 'contains',
  before: 'is before',
  after: 'is after',
};

export interface ConditionDraft {
  field: string;
  operator: string;
  value: string;
}

export function takesValue(operator: string): boolean {
  return operator !== 'empty' && operator !== 'not-empty';
}

export function operatorsFor(field: string): readonly string[] {
  const definition = RULE_FIELDS[field];
  return definition ? OPERATORS_BY_KIND[definition.kind] : [];
}

export function newCondition(field = 'format'): ConditionDraft {
  const operator = operatorsFor(field)[0] ?? 'equals';
  return { field, operator, value: RULE_FIELDS[field]?.values?.[0] ?? '' };
}

/** A field change keeps the operator when the new field takes it, else the field's first. */
export function changeField(draft: ConditionDraft, field: string): ConditionDraft {
  const operators = operatorsFor(field);
  const operator = operators.includes(draft.operator) ? draft.operator : (operators[0] ?? 'equals');
  const values = RULE_FIELDS[field]?.values;
  // A choice's value means nothing to another field: a choice field starts at its first value, free text from empty.
  const fromChoice = RULE_FIELDS[draft.field]?.values !== undefined;
  const value = values ? (values.includes(draft.value) ? draft.value : (values[0] ?? '')) : fromChoice ? '' : draft.value;
  return { field, operator, value: takesValue(operator) ? value : '' };
}

export function draftToCondition(draft: ConditionDraft): RuleCondition {
  const { field, operator } = draft;
  if (!takesValue(operator)) return { field, operator };
  const text = draft.value.trim();
  if (operator === 'in') return { field, operator, value: splitList(text) };
  if (operator === 'not' && text.includes(',')) return { field, operator, value: splitList(text) };
  if ((operator === 'before' || operator === 'after') && /^-?\d+$/.test(text)) return { field, operator, value: Number(text) };
  return { field, operator, value: text };
}

export function conditionToDraft(condition: RuleCondition): ConditionDraft {
  const value = condition.value === undefined ? '' : Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value);
  return { field: condition.field, operator: condition.operator, value };
}

/** The condition in words, for the rule list. */
export function describeCondition(condition: RuleCondition): string {
  const field = RULE_FIELDS[condition.field]?.label ?? condition.field;
  const operator = OPERATOR_LABELS[condition.operator] ?? condition.operator;
  if (condition.value === undefined) return `${field} ${operator}`;
  const value = typeof condition.value === 'number' ? `${condition.value} days from today` : Array.isArray(condition.value) ? condition.value.join(', ') : condition.value;
  return `${field} ${operator} ${value}`;
}
