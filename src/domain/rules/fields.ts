/**
 * What a rota assignment or sending rule may look at, and how. Rules are data: this table says
 * which operators make sense for each field of a borrowing request, and is all the validation
 * (API and YAML) and the engine consult.
 */

export const OPERATORS = ['equals', 'in', 'not', 'empty', 'not-empty', 'contains', 'before', 'after'] as const;
export type Operator = (typeof OPERATORS)[number];

/** choice: one of a fixed set; text: free text; identifier: only present or not; date: compared with a day. */
export type FieldKind = 'choice' | 'text' | 'identifier' | 'date';

export const OPERATORS_BY_KIND: Readonly<Record<FieldKind, readonly Operator[]>> = {
  choice: ['equals', 'in', 'not'],
  text: ['equals', 'in', 'not', 'empty', 'not-empty', 'contains'],
  identifier: ['empty', 'not-empty'],
  date: ['before', 'after', 'empty', 'not-empty'],
};

export const FORMATS = ['physical', 'digital'] as const;
export const SERVICE_TYPES = ['loan', 'copy'] as const;
export const CITATION_TYPES = ['book', 'article', 'chapter'] as const;
export type CitationType = (typeof CITATION_TYPES)[number];

export interface FieldDefinition {
  kind: FieldKind;
  /** The values a choice field can take. */
  values?: readonly string[];
}

export const RULE_FIELDS = {
  format: { kind: 'choice', values: FORMATS },
  /** The seed's "requested media": here the same as the format. */
  requestedMedia: { kind: 'choice', values: FORMATS },
  serviceType: { kind: 'choice', values: SERVICE_TYPES },
  citationType: { kind: 'choice', values: CITATION_TYPES },
  patronGroup: { kind: 'text' },
  pickupLocation: { kind: 'text' },
  title: { kind: 'text' },
  author: { kind: 'text' },
  isbn: { kind: 'identifier' },
  issn: { kind: 'identifier' },
  doi: { kind: 'identifier' },
  oclcNumber: { kind: 'identifier' },
  lccn: { kind: 'identifier' },
  neededBefore: { kind: 'date' },
} as const satisfies Record<string, FieldDefinition>;

export type RuleField = keyof typeof RULE_FIELDS;
export const FIELD_NAMES = Object.keys(RULE_FIELDS) as RuleField[];

/** The request as rules see it. Text fields absent or blank count as empty. */
export type RuleSubject = Partial<Record<Exclude<RuleField, 'neededBefore'>, string>> & { neededBefore?: Date | undefined };
