/**
 * The NCIP grammar as data: GRAMMAR_TABLE (generated from the XSD) parsed once into content
 * models, plus the two questions the codec asks of it — does this list of child names match the
 * element's content model (in XSD order), and in which order must a builder write children.
 */
import { GRAMMAR_TABLE } from './grammar.table.js';

export type LeafKind = 'string' | 'dateTime' | 'scheme' | 'token' | 'integer' | 'nonNegativeInteger' | 'positiveInteger' | 'empty';

export type Particle =
  | { p: 'element'; name: string; min: number; max: number }
  | { p: 'any'; min: number; max: number }
  | { p: 'seq' | 'choice'; items: Particle[]; min: number; max: number };

export type Definition = { t: 'leaf'; leaf: LeafKind; values?: readonly string[] } | { t: 'complex'; content: Particle; order: Map<string, number>; names: Set<string> };

function occurrence(s: string): [min: number, max: number] {
  if (s === '?') return [0, 1];
  if (s === '*') return [0, Infinity];
  if (s === '+') return [1, Infinity];
  return [1, 1];
}

/** Parses one content-model expression of the table (see grammar.table.ts for the notation). */
function parseModel(src: string): Particle {
  const tokens = src.match(/[()[\]|]|[#A-Za-z][A-Za-z0-9]*[?*+]?|[?*+]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const suffixed = (): [number, number] => {
    const s = peek();
    if (s === '?' || s === '*' || s === '+') {
      i += 1;
      return occurrence(s);
    }
    return [1, 1];
  };
  const group = (close: string | undefined): Particle[] => {
    const items: Particle[][] = [[]];
    while (i < tokens.length && peek() !== close) {
      const tok = tokens[i++] ?? '';
      if (tok === '|') {
        items.push([]);
        continue;
      }
      const current = items[items.length - 1] ?? [];
      if (tok === '(' || tok === '[') {
        const inner = group(tok === '(' ? ')' : ']');
        i += 1;
        const [min, max] = suffixed();
        current.push(
          tok === '('
            ? { p: 'choice', items: inner, min, max }
            : { p: 'seq', items: inner, min, max },
        );
        continue;
      }
      const [min, max] = occurrence(/[?*+]$/.test(tok) ? tok.slice(-1) : '');
      const name = tok.replace(/[?*+]$/, '');
      current.push(name === '#any' ? { p: 'any', min, max } : { p: 'element', name, min, max });
    }
    // Inside '(': each alternative is a sequence (usually of one).
    if (close === ')') return items.map((alt) => (alt.length === 1 && alt[0] ? alt[0] : { p: 'seq', items: alt, min: 1, max: 1 }));
    return items[0] ?? [];
  };
  const items = group(undefined);
  return items.length === 1 && items[0] ? items[0] : { p: 'seq', items, min: 1, max: 1 };
}

function collect(p: Particle, order: Map<string, number>, names: Set<string>): void {
  if (p.p === 'element') {
    names.add(p.name);
    if (!order.has(p.name)) order.set(p.name, order.size);
  } else if (p.p !== 'any') {
    for (const item of p.items) collect(item, order, names);
  }
}

const LEAVES: Record<string, LeafKind> = {
  '#string': 'string',
  '#anyURI': 'string',
  '#dateTime': 'dateTime',
  '#scheme': 'scheme',
  '#integer': 'integer',
  '#nonNegativeInteger': 'nonNegativeInteger',
  '#positiveInteger': 'positiveInteger',
};

const DEFINITIONS = new Map<string, Definition>();
for (const [name, src] of Object.entries(GRAMMAR_TABLE)) {
  if (src.startsWith('#token:')) {
    DEFINITIONS.set(name, { t: 'leaf', leaf: 'token', values: src.slice('#token:'.length).split('|') });
    continue;
  }
  const leaf = src === '' ? 'empty' : LEAVES[src];
  if (leaf) {
    DEFINITIONS.set(name, { t: 'leaf', leaf });
    continue;
  }
  const content = parseModel(src);
  const order = new Map<string, number>();
  const names = new Set<string>();
  collect(content, order, names);
  DEFINITIONS.set(name, { t: 'complex', content, order, names });
}

export function definitionOf(name: string): Definition | undefined {
  return DEFINITIONS.get(name);
}

/**
 * End positions reachable after matching `p` from any position in `starts`. Works on sets of
 * positions and visits each position once per particle, so a long run of children (a hostile
 * message with thousands of repeats) costs linear, not quadratic, time.
 */
function ends(p: Particle, names: readonly string[], starts: ReadonlySet<number>): Set<number> {
  const once = (from: ReadonlySet<number>): Set<number> => {
    const out = new Set<number>();
    if (p.p === 'element') {
      for (const pos of from) if (names[pos] === p.name) out.add(pos + 1);
    } else if (p.p === 'any') {
      for (const pos of from) if (pos < names.length) out.add(pos + 1);
    } else if (p.p === 'choice') {
      for (const item of p.items) for (const e of ends(item, names, from)) out.add(e);
    } else {
      let current: ReadonlySet<number> = from;
      for (const item of p.items) current = ends(item, names, current);
      for (const e of current) out.add(e);
    }
    return out;
  };
  const result = new Set<number>(p.min === 0 ? starts : []);
  const seen = new Set<number>(starts);
  let frontier: ReadonlySet<number> = starts;
  for (let count = 1; count <= p.max && frontier.size > 0; count += 1) {
    const reached = once(frontier);
    if (count >= p.min) for (const e of reached) result.add(e);
    // Past the minimum, a position already reached adds nothing new.
    const next = new Set<number>();
    for (const e of reached) if (count < p.min || !seen.has(e)) next.add(e);
    for (const e of reached) seen.add(e);
    frontier = next;
  }
  return result;
}

// Child-name sequences repeat from message to message, so answers are memoised (bounded: a
// hostile sender cannot grow the cache without limit).
const MEMO_LIMIT = 256;
const matchMemo = new WeakMap<Particle, Map<string, boolean>>();

/** True when the child names, in this order, match the element's content model. */
export function matchesContent(content: Particle, childNames: readonly string[]): boolean {
  const key = childNames.join(' ');
  let memo = matchMemo.get(content);
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const result = ends(content, childNames, new Set([0])).has(childNames.length);
  if (!memo) matchMemo.set(content, (memo = new Map<string, boolean>()));
  if (memo.size < MEMO_LIMIT) memo.set(key, result);
  return result;
}

/** Names a content model requires at its top level (for a readable "missing" reason). */
export function requiredNames(content: Particle): string[] {
  if (content.p === 'element') return content.min > 0 ? [content.name] : [];
  if (content.p === 'seq' && content.min > 0) return content.items.flatMap(requiredNames);
  return [];
}

type Bag = ReadonlyMap<string, number>;

function* arrange(p: Particle, bag: Bag): Generator<[order: string[], rest: Bag]> {
  if (p.p === 'any') {
    yield [[], bag];
    return;
  }
  if (p.p === 'element') {
    const have = bag.get(p.name) ?? 0;
    const take = Math.min(have, p.max);
    if (take < p.min) return;
    const rest = new Map(bag);
    rest.delete(p.name);
    if (have > take) rest.set(p.name, have - take);
    yield [Array<string>(take).fill(p.name), rest];
    return;
  }
  const once = function* (b: Bag): Generator<[string[], Bag]> {
    if (p.p === 'choice') {
      for (const item of p.items) yield* arrange(item, b);
      return;
    }
    const step = function* (i: number, acc: string[], current: Bag): Generator<[string[], Bag]> {
      const item = p.items[i];
      if (!item) {
        yield [acc, current];
        return;
      }
      for (const [order, rest] of arrange(item, current)) yield* step(i + 1, [...acc, ...order], rest);
    };
    yield* step(0, [], b);
  };
  // Repetition of a group: keep going while the group consumes something.
  const repeat = function* (count: number, acc: string[], b: Bag): Generator<[string[], Bag]> {
    if (count >= p.min && (b.size === 0 || count >= p.max)) yield [acc, b];
    if (count >= p.max || (count >= p.min && b.size === 0)) return;
    for (const [order, rest] of once(b)) {
      if (order.length === 0 && count >= p.min) continue;
      yield* repeat(count + 1, [...acc, ...order], rest);
    }
    if (count >= p.min && b.size > 0) yield [acc, b];
  };
  yield* repeat(0, [], bag);
}

/** The given child names in an order the content model accepts, or undefined when there is none. */
const arrangeMemo = new WeakMap<Particle, Map<string, string[] | undefined>>();

export function arrangeChildren(content: Particle, names: readonly string[]): string[] | undefined {
  const key = [...names].sort().join(' ');
  let memo = arrangeMemo.get(content);
  if (memo?.has(key)) return memo.get(key);
  const order = computeArrangement(content, names);
  if (!memo) arrangeMemo.set(content, (memo = new Map<string, string[] | undefined>()));
  if (memo.size < MEMO_LIMIT) memo.set(key, order);
  return order;
}

function computeArrangement(content: Particle, names: readonly string[]): string[] | undefined {
  const bag = new Map<string, number>();
  for (const n of names) bag.set(n, (bag.get(n) ?? 0) + 1);
  for (const [order, rest] of arrange(content, bag)) {
    if (rest.size === 0 && matchesContent(content, order)) return order;
  }
  return undefined;
}
