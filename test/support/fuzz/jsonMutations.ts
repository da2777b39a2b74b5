/**
 * Hostile JSON API input: a plausible body sampled from the route's own JSON schema (from the
 * OpenAPI document), then damaged — fields dropped, values of the wrong type, huge strings,
 * deep nesting, prototype keys, broken JSON text, wrong content types — and hostile path
 * parameters.
 */
import { int, pick, type Random } from './run.js';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

const STRINGS = ['HCPL', 'P-1', 'MAIN', 'Dune', 'desk', 'US-NSU', 'ISIL:US-HCPL', '2026-12-01', '2026-12-01T10:00:00Z', 'loan', 'book', 'physical', 'a@example.org', 'https://example.org/x', ''];

/** A value the schema allows (roughly: enough to get past validation often). */
export function sampleSchema(schema: JsonSchema | undefined, r: Random, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return pick(r, schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return sampleSchema(pick(r, alternatives), r, depth + 1);
  if (schema.allOf && schema.allOf.length > 0) return Object.assign({}, ...schema.allOf.map((s) => sampleSchema(s, r, depth + 1) as object));
  const type = Array.isArray(schema.type) ? pick(r, schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || r() < 0.5) out[key] = sampleSchema(property, r, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: int(r, 3) }, () => sampleSchema(schema.items, r, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1 + int(r, 10);
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    case 'string':
      if (schema.format === 'date-time') return '2026-12-01T10:00:00Z';
      if (schema.format === 'date') return '2026-12-01';
      return pick(r, STRINGS).slice(0, schema.maxLength ?? 1000);
    default:
      return pick(r, STRINGS);
  }
}

const HOSTILE_JSON_VALUES: unknown[] = [null, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 1.5, '', ' ', 'x'.repeat(100_000), '\u0000', '\uD800', '😀'.repeat(1000), true, [], {}, [[[[]]]], { $ne: null }, '<script>alert(1)</script>', "'; drop table patron; --", '../../etc/passwd', '2026-02-30', 'NaN', '__proto__'];

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string, unknown>)[k], [...prefix, k]))];
}

function setAt(root: unknown, path: string[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy: Record<string, unknown> = Array.isArray(root) ? ([...(root as unknown[])] as unknown as Record<string, unknown>) : { ...(root as Record<string, unknown>) };
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value, remove);
  return copy;
}

export interface JsonCase {
  label: string;
  body: string | undefined;
  contentType: string | undefined;
}

/** A hostile body made from `seed` (a body the schema allows). */
export function mutateJson(seed: unknown, r: Random): JsonCase {
  const json = 'application/json';
  const kind = pick(r, ['seed', 'value', 'value', 'drop', 'extra', 'nested', 'proto', 'text', 'contentType', 'empty', 'huge']);
  const at = pick(r, paths(seed));
  switch (kind) {
    case 'value':
      return { label: kind, body: JSON.stringify(setAt(seed, at, pick(r, HOSTILE_JSON_VALUES))), contentType: json };
    case 'drop':
      return { label: kind, body: JSON.stringify(setAt(seed, at, undefined, true) ?? null), contentType: json };
    case 'extra':
      return { label: kind, body: JSON.stringify(setAt(seed, [...at, pick(r, ['extra', 'id', 'institutionId', 'status', 'version', 'roles'])], pick(r, HOSTILE_JSON_VALUES))), contentType: json };
    case 'nested': {
      const depth = pick(r, [100, 1000, 10_000]);
      const body = r() < 0.5 ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
      return { label: kind, body, contentType: json };
    }
    case 'proto':
      return { label: kind, body: JSON.stringify(seed).replace(/^\{/, pick(r, ['{"__proto__":{"admin":true},', '{"constructor":{"prototype":{"x":1}},', '{"__proto__":null,'])).replace(/,\}$/, '}'), contentType: json };
    case 'text': {
      const text = JSON.stringify(seed);
      return { label: kind, body: pick(r, [text.slice(0, int(r, text.length)), `${text},`, text.replace(/"/, "'"), 'NaN', '{"a":1,"a":2}', '\uFEFF{}', '[]', '"string"', '1', 'null', '{"a":"\\ud800"}', '{"a":"\\u0000"}']), contentType: json };
    }
    case 'contentType':
      return { label: kind, body: JSON.stringify(seed), contentType: pick(r, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/problem+json', undefined]) };
    case 'empty':
      return { label: kind, body: pick(r, ['', ' ']), contentType: pick(r, [json, undefined]) };
    case 'huge':
      return { label: kind, body: JSON.stringify(setAt(seed, at, 'x'.repeat(1024 * 1024 + int(r, 1000)))), contentType: json };
    default:
      return { label: 'seed', body: JSON.stringify(seed), contentType: json };
  }
}

/** Hostile values for a path parameter (after the route's own known-good value). */
export const HOSTILE_PATH_VALUES = ['no-such-thing', '00000000-0000-0000-0000-000000000000', '0', '-1', '99999999999999999999', '%00', '%ZZ', '..%2F..%2Fetc', '%C3%28', 'x'.repeat(90), '__proto__', 'constructor', "'", '%27%20or%201%3D1', '%F0%9F%98%80'];
