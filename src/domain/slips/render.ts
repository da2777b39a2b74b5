/**
 * The slip template language: `{{field}}` (HTML-escaped), `{{#if field}}…{{else}}…{{/if}}` and
 * `{{#each list}}…{{/each}}`. Nothing else: no expressions, no helpers, no raw output, so an
 * institution's template can place data but never run code or inject markup from request data.
 */

export type SlipScalar = string | number | boolean | null | undefined;
export interface SlipRecord {
  readonly [field: string]: SlipScalar | readonly SlipRecord[];
}

/** What a slip kind offers: a field is text, or a list of records with their own fields. */
export interface SlipFieldSet {
  readonly [field: string]: 'text' | SlipFieldSet;
}

/** Bounds that keep a hostile template (huge, deeply nested, exploding loops) cheap. */
export const TEMPLATE_LIMITS = { maxChars: 100_000, maxDepth: 12, maxOutputChars: 2_000_000, maxListItems: 500 } as const;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'field'; path: string }
  | { kind: 'if'; path: string; then: Node[]; otherwise: Node[] }
  | { kind: 'each'; path: string; body: Node[] };

interface Parsed {
  nodes: Node[];
  problems: string[];
  fields: { path: string; scopes: readonly string[]; list: boolean }[];
}

const PATH = '[A-Za-z_][A-Za-z0-9_]*';
const TAG = new RegExp(`^\\s*(?:(#if|#each)\\s+(${PATH})|(/if|/each|else)|(${PATH}))\\s*$`);

interface Frame {
  tag: 'root' | 'if' | 'each';
  target: Node[];
  node?: Extract<Node, { kind: 'if' | 'each' }>;
  /** The list names of the enclosing `each` blocks, innermost last: where a field may come from. */
  scopes: readonly string[];
}

function parse(template: string): Parsed {
  const problems: string[] = [];
  const fields: Parsed['fields'] = [];
  const root: Node[] = [];
  const stack: Frame[] = [{ tag: 'root', target: root, scopes: [] }];
  const top = (): Frame => stack[stack.length - 1] as Frame;
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    if (open < 0) {
      top().target.push({ kind: 'text', text: template.slice(at) });
      break;
    }
    if (open > at) top().target.push({ kind: 'text', text: template.slice(at, open) });
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push(`unclosed "{{" at character ${open}`);
      top().target.push({ kind: 'text', text: template.slice(open) });
      break;
    }
    const inside = template.slice(open + 2, close);
    at = close + 2;
    const match = TAG.exec(inside.length <= 200 ? inside : '');
    if (!match) {
      problems.push(`unknown tag "{{${inside.slice(0, 40)}}}"`);
      top().target.push({ kind: 'text', text: `{{${inside}}}` });
      continue;
    }
    const [, block, blockPath, closer, fieldPath] = match;
    const frame = top();
    if (fieldPath) {
      fields.push({ path: fieldPath, scopes: frame.scopes, list: false });
      frame.target.push({ kind: 'field', path: fieldPath });
    } else if (block && blockPath) {
      if (stack.length > TEMPLATE_LIMITS.maxDepth) {
        problems.push(`blocks nested deeper than ${TEMPLATE_LIMITS.maxDepth}`);
        return { nodes: [], problems, fields };
      }
      fields.push({ path: blockPath, scopes: frame.scopes, list: block === '#each' });
      const node: Extract<Node, { kind: 'if' | 'each' }> =
        block === '#if' ? { kind: 'if', path: blockPath, then: [], otherwise: [] } : { kind: 'each', path: blockPath, body: [] };
      frame.target.push(node);
      const target = node.kind === 'if' ? node.then : node.body;
      stack.push({ tag: node.kind, target, node, scopes: node.kind === 'each' ? [...frame.scopes, blockPath] : frame.scopes });
    } else if (closer === 'else') {
      if (frame.tag === 'if' && frame.node?.kind === 'if' && frame.target === frame.node.then) frame.target = frame.node.otherwise;
      else problems.push('"{{else}}" outside an "{{#if}}" block');
    } else if (closer === `/${frame.tag}`) {
      stack.pop();
    } else {
      problems.push(`"{{${closer}}}" does not close an open block${frame.tag === 'root' ? '' : ` (open: #${frame.tag})`}`);
    }
  }
  for (const frame of stack.slice(1).reverse()) problems.push(`"{{#${frame.tag} ${frame.node?.path ?? ''}}}" is never closed`);
  return { nodes: root, problems, fields };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => ESCAPES[c] ?? c);
}

type Value = SlipScalar | readonly SlipRecord[];

/** Innermost scope first, so an item's own field wins over the slip's field of the same name. */
function lookup(scopes: readonly SlipRecord[], path: string): Value {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as SlipRecord;
    if (Object.hasOwn(scope, path)) return scope[path];
  }
  return undefined;
}

function truthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}

/**
 * Renders a template with a slip's data; unknown fields render empty (check() reports them at save).
 * `plainText`: fields are placed as they are, for output that is never read as markup (email text).
 */
export function renderSlip(template: string, data: SlipRecord, options: { plainText?: boolean } = {}): string {
  const place = options.plainText ? (value: string) => value : escapeHtml;
  const { nodes } = parse(template.slice(0, TEMPLATE_LIMITS.maxChars));
  const out: string[] = [];
  let size = 0;
  const emit = (text: string): boolean => {
    if (size + text.length > TEMPLATE_LIMITS.maxOutputChars) return false;
    out.push(text);
    size += text.length;
    return true;
  };
  const walk = (list: readonly Node[], scopes: readonly SlipRecord[]): boolean => {
    for (const node of list) {
      if (node.kind === 'text') {
        if (!emit(node.text)) return false;
      } else if (node.kind === 'field') {
        const value = lookup(scopes, node.path);
        const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? place(String(value)) : '';
        if (!emit(text)) return false;
      } else if (node.kind === 'if') {
        if (!walk(truthy(lookup(scopes, node.path)) ? node.then : node.otherwise, scopes)) return false;
      } else {
        const value = lookup(scopes, node.path);
        const items = Array.isArray(value) ? (value as readonly SlipRecord[]).slice(0, TEMPLATE_LIMITS.maxListItems) : [];
        for (const item of items) if (!walk(node.body, [...scopes, item])) return false;
      }
    }
    return true;
  };
  walk(nodes, [data]);
  return out.join('');
}

/** Resolves a field the way lookup() does, against the field set instead of data. */
function fieldKind(fields: SlipFieldSet, scopes: readonly string[], path: string): 'text' | 'list' | undefined {
  const sets: SlipFieldSet[] = [fields];
  for (const scope of scopes) {
    const inner = (sets[sets.length - 1] as SlipFieldSet)[scope];
    if (typeof inner !== 'object') break;
    sets.push(inner);
  }
  for (let i = sets.length - 1; i >= 0; i--) {
    const found = (sets[i] as SlipFieldSet)[path];
    if (found !== undefined) return found === 'text' ? 'text' : 'list';
  }
  return undefined;
}

export interface TemplateCheck {
  /** Fields the slip does not have, each named once, in order of appearance. */
  unknownFields: string[];
  /** Syntax and size problems. */
  problems: string[];
}

/** What saving a template verifies: its syntax, its size and that every field exists for the slip kind. */
export function checkSlipTemplate(template: string, fields: SlipFieldSet): TemplateCheck {
  if (template.length > TEMPLATE_LIMITS.maxChars) return { unknownFields: [], problems: [`template longer than ${TEMPLATE_LIMITS.maxChars} characters`] };
  const parsed = parse(template);
  const unknown = new Set<string>();
  const problems = [...parsed.problems];
  for (const use of parsed.fields) {
    const kind = fieldKind(fields, use.scopes, use.path);
    if (kind === undefined) unknown.add(use.path);
    else if (use.list && kind !== 'list') problems.push(`"{{#each ${use.path}}}": ${use.path} is not a list`);
  }
  return { unknownFields: [...unknown], problems };
}
