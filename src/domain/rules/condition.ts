import { FIELD_NAMES, OPERATORS, OPERATORS_BY_KIND, RULE_FIELDS, type Operator, type RuleField, type RuleSubject } from './fields.js';

/**
 * One test on a request. Text comparisons ignore case and surrounding blanks (staff type codes
 * and titles both ways). A date value is a day (`YYYY-MM-DD`) or a whole number of days after
 * the day the rule is evaluated (`7`: "needed within a week" with `before`); `before` holds for
 * a date earlier than that day, `after` for one later than that day (the day itself is neither).
 */
export type Condition =
  | { field: RuleField; operator: 'equals' | 'contains'; value: string }
  | { field: RuleField; operator: 'in'; value: string[] }
  | { field: RuleField; operator: 'not'; value: string | string[] }
  | { field: RuleField; operator: 'empty' | 'not-empty' }
  | { field: RuleField; operator: 'before' | 'after'; value: string | number };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A real calendar day: `2026-02-30` is refused, not rolled over into March. */
function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}

function referenceDay(value: string | number, now: Date): number {
  if (typeof value === 'number') return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + value * DAY_MS;
  return Date.parse(`${value}T00:00:00Z`);
}

/** Keys in one order (stored JSON may come back reordered), so equal conditions compare equal. */
export function canonicalCondition(condition: Condition): Condition {
  return ('value' in condition ? { field: condition.field, operator: condition.operator, value: condition.value } : { field: condition.field, operator: condition.operator }) as Condition;
}

export function conditionHolds(condition: Condition, subject: RuleSubject, now: Date): boolean {
  const actual = subject[condition.field];
  const present = actual instanceof Date || (typeof actual === 'string' && actual.trim() !== '');
  switch (condition.operator) {
    case 'empty':
      return !present;
    case 'not-empty':
      return present;
    case 'before':
    case 'after': {
      if (!(actual instanceof Date)) return false;
      const reference = referenceDay(condition.value, now);
      return condition.operator === 'before' ? actual.getTime() < reference : actual.getTime() >= reference + DAY_MS;
    }
    default: {
      const text = typeof actual === 'string' && present ? fold(actual) : undefined;
      switch (condition.operator) {
        case 'equals':
          return text === fold(condition.value);
        case 'in':
          return text !== undefined && condition.value.some((v) => fold(v) === text);
        case 'not':
          // "not X" holds for a request that has no value at all: it is not X.
          return text === undefined || ![condition.value].flat().some((v) => fold(v) === text);
        case 'contains':
          return text !== undefined && text.includes(fold(condition.value));
      }
    }
  }
}

export interface ConditionProblem {
  path: 'field' | 'operator' | 'value';
  message: string;
}

/** Checks a condition as written in a request body or the network file; problems name what to fix. */
export function checkCondition(raw: { field: string; operator: string; value?: unknown }): { condition: Condition } | { problems: ConditionProblem[] } {
  if (!(FIELD_NAMES as string[]).includes(raw.field)) {
    return { problems: [{ path: 'field', message: `unknown field "${raw.field}"; one of: ${FIELD_NAMES.join(', ')}` }] };
  }
  const field = raw.field as RuleField;
  const definition: { kind: keyof typeof OPERATORS_BY_KIND; values?: readonly string[] } = RULE_FIELDS[field];
  if (!(OPERATORS as readonly string[]).includes(raw.operator)) {
    return { problems: [{ path: 'operator', message: `unknown operator "${raw.operator}"; one of: ${OPERATORS.join(', ')}` }] };
  }
  const operator = raw.operator as Operator;
  const allowed = OPERATORS_BY_KIND[definition.kind];
  if (!allowed.includes(operator)) {
    return { problems: [{ path: 'operator', message: `operator "${operator}" is not valid for field ${field}; use ${allowed.join(', ')}` }] };
  }
  const problem = (message: string) => ({ problems: [{ path: 'value' as const, message }] });
  const value = raw.value;
  const choices = definition.values;
  const unknownChoice = (values: readonly string[]) => (choices ? values.find((v) => !choices.includes(v)) : undefined);
  const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  switch (operator) {
    case 'empty':
    case 'not-empty':
      return value === undefined ? { condition: { field, operator } } : problem(`${operator} takes no value`);
    case 'equals':
    case 'contains':
    case 'in':
    case 'not': {
      if (value === undefined) return problem(`value missing: ${operator} needs ${operator === 'in' ? 'a list of values' : 'a value'}`);
      const list = operator === 'in' || (operator === 'not' && Array.isArray(value));
      if (list && !(Array.isArray(value) && value.length > 0 && value.every(isText))) return problem(`${operator} needs a non-empty list of non-empty texts`);
      if (!list && !isText(value)) return problem(`${operator} needs a non-empty text`);
      const values = [value as string | string[]].flat();
      const wrong = unknownChoice(values);
      if (wrong !== undefined) return problem(`${field} cannot be "${wrong}"; one of: ${(choices ?? []).join(', ')}`);
      return { condition: { field, operator, value } as Condition };
    }
    case 'before':
    case 'after':
      if (value === undefined) return problem(`value missing: ${operator} needs a day (YYYY-MM-DD) or a number of days from today`);
      if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && isDay(value))) return { condition: { field, operator, value } };
      return problem(`${operator} needs a day (YYYY-MM-DD) or a whole number of days from today`);
  }
}
