/**
 * CQL parser for the subset partners send when they locate in our catalogue over SRU.
 *
 * Grammar (CQL 1.2, without prefix assignments, modifiers, proximity and sortBy):
 *   query  ::= clause (boolean clause)*          booleans and/or/not, left to right, no precedence
 *   clause ::= '(' query ')' | index relation term | term
 * A bare term searches `cql.serverChoice` with relation `=`. Terms are words or double-quoted
 * strings with backslash escapes. Errors come back as SRU diagnostics (never thrown), with the
 * character position where parsing stopped. Depth, length and clause-count limits keep hostile
 * queries from costing more than a normal one: the parser never recurses deeper than MAX_DEPTH.
 */

export type CqlRelation = '=' | '==' | 'exact' | 'all' | 'any' | 'adj';
export type CqlBoolean = 'and' | 'or' | 'not';

export type CqlNode =
  | { kind: 'clause'; index: string; relation: CqlRelation; term: string }
  | { kind: 'boolean'; op: CqlBoolean; left: CqlNode; right: CqlNode };

export interface CqlDiagnostic {
  /** SRU diagnostic number (info:srw/diagnostic/1/N). */
  code: number;
  message: string;
  details: string;
}

export type CqlParseResult = { ok: true; query: CqlNode } | { ok: false; diagnostic: CqlDiagnostic };

export const CQL_LIMITS = Object.freeze({ maxLength: 4096, maxDepth: 16, maxClauses: 64 });

type Token =
  | { type: 'lparen' | 'rparen' | 'slash'; pos: number }
  | { type: 'symbol'; value: string; pos: number }
  | { type: 'word'; value: string; pos: number }
  | { type: 'quoted'; value: string; pos: number };

class CqlSyntaxError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details: string,
  ) {
    super(message);
  }
}

const syntax = (details: string) => new CqlSyntaxError(10, 'Query syntax error', details);
const SUPPORTED_RELATIONS = new Set<string>(['=', '==', 'exact', 'all', 'any', 'adj']);
const BOOLEANS = new Set<string>(['and', 'or', 'not']);
/** Words that end a bare-term clause rather than being its relation. */
const NOT_RELATIONS = new Set<string>([...BOOLEANS, 'prox', 'sortby']);
const SYMBOL_CHARS = '<>=';
const WORD_BREAK = /[\s()"/<>=]/;

function tokenise(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '/') {
      tokens.push({ type: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'slash', pos: i });
      i++;
    } else if (SYMBOL_CHARS.includes(c)) {
      const start = i;
      while (i < input.length && SYMBOL_CHARS.includes(input[i]!)) i++;
      tokens.push({ type: 'symbol', value: input.slice(start, i), pos: start });
    } else if (c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) throw syntax(`unterminated quoted term starting at position ${start}`);
        const q = input[i]!;
        if (q === '"') break;
        if (q === '\\') {
          if (i + 1 >= input.length) throw syntax(`backslash at the end of the query (position ${i})`);
          const escaped = input[i + 1]!;
          // \" and \\ are the character itself; masking escapes (\* \? \^) also make the character literal.
          value += escaped;
          i += 2;
          continue;
        }
        value += q;
        i++;
      }
      i++;
      tokens.push({ type: 'quoted', value, pos: start });
    } else {
      const start = i;
      while (i < input.length && !WORD_BREAK.test(input[i]!)) {
        i += input[i] === '\\' && i + 1 < input.length ? 2 : 1;
      }
      tokens.push({ type: 'word', value: input.slice(start, i).replace(/\\(.)/g, '$1'), pos: start });
    }
  }
  return tokens;
}

class Parser {
  private at = 0;
  private clauses = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): CqlNode {
    if (this.tokens.length === 0) throw new CqlSyntaxError(27, 'Empty term unsupported', 'the query is empty');
    const first = this.tokens[0]!;
    if (first.type === 'word' && first.value.startsWith('@')) throw syntax('this is a PQF (Z39.50 prefix) query; SRU takes CQL, e.g. dc.title = "moby dick"');
    const node = this.query(0);
    const rest = this.peek();
    if (rest) throw syntax(`unexpected ${describe(rest)} at position ${rest.pos}`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private query(depth: number): CqlNode {
    let left = this.clause(depth);
    for (;;) {
      const t = this.peek();
      if (!t || t.type === 'rparen') return left;
      if (t.type !== 'word') throw syntax(`expected a boolean operator at position ${t.pos}, found ${describe(t)}`);
      const word = t.value.toLowerCase();
      if (word === 'sortby') throw new CqlSyntaxError(80, 'Sort not supported', `sortBy at position ${t.pos}`);
      if (word === 'prox') throw new CqlSyntaxError(37, 'Unsupported boolean operator', `prox at position ${t.pos}`);
      if (!BOOLEANS.has(word)) throw syntax(`expected and / or / not at position ${t.pos}, found "${t.value.slice(0, 40)}"`);
      this.at++;
      const modifier = this.peek();
      if (modifier?.type === 'slash') throw new CqlSyntaxError(46, 'Unsupported boolean modifier', `modifier at position ${modifier.pos}`);
      const right = this.clause(depth);
      left = { kind: 'boolean', op: word as CqlBoolean, left, right };
    }
  }

  private clause(depth: number): CqlNode {
    const t = this.peek();
    if (!t) throw syntax(`the query ends where a search clause was expected (position ${this.length})`);
    if (t.type === 'lparen') {
      if (depth >= CQL_LIMITS.maxDepth) throw syntax(`parentheses nested deeper than ${CQL_LIMITS.maxDepth} (position ${t.pos})`);
      this.at++;
      const inner = this.query(depth + 1);
      const close = this.peek();
      if (close?.type !== 'rparen') throw syntax(`missing ")" for "(" at position ${t.pos}`);
      this.at++;
      return inner;
    }
    if (t.type !== 'word' && t.type !== 'quoted') throw syntax(`expected a search term at position ${t.pos}, found ${describe(t)}`);
    if (++this.clauses > CQL_LIMITS.maxClauses) {
      throw new CqlSyntaxError(38, 'Too many boolean operators in query', `more than ${CQL_LIMITS.maxClauses} search clauses`);
    }
    this.at++;
    const next = this.peek();
    const relation = next && (next.type === 'symbol' || (next.type === 'word' && !NOT_RELATIONS.has(next.value.toLowerCase())));
    if (!relation) return { kind: 'clause', index: 'cql.serverChoice', relation: '=', term: t.value };
    if (t.type === 'quoted') throw syntax(`a quoted string cannot be an index name (position ${t.pos})`);
    if (t.value === '>' || !/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?$/.test(t.value)) {
      throw syntax(`"${t.value.slice(0, 40)}" is not an index name (position ${t.pos})`);
    }
    this.at++;
    const name = next.value.toLowerCase().replace(/^cql\./, '');
    if (!SUPPORTED_RELATIONS.has(name)) throw new CqlSyntaxError(19, 'Unsupported relation', next.value.slice(0, 40));
    const modifier = this.peek();
    if (modifier?.type === 'slash') throw new CqlSyntaxError(20, 'Unsupported relation modifier', `modifier at position ${modifier.pos}`);
    const term = this.peek();
    if (!term || (term.type !== 'word' && term.type !== 'quoted')) {
      throw syntax(`expected a search term after "${next.value}" at position ${term?.pos ?? this.length}`);
    }
    this.at++;
    return { kind: 'clause', index: t.value, relation: name as CqlRelation, term: term.value };
  }
}

function describe(t: Token): string {
  switch (t.type) {
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'slash':
      return '"/"';
    default:
      return `"${t.value.slice(0, 40)}"`;
  }
}

/** Parses a CQL query; a diagnostic (never an exception) for anything outside the subset. */
export function parseCql(input: string): CqlParseResult {
  if (input.length > CQL_LIMITS.maxLength) {
    return { ok: false, diagnostic: { code: 10, message: 'Query syntax error', details: `query longer than ${CQL_LIMITS.maxLength} characters` } };
  }
  try {
    return { ok: true, query: new Parser(tokenise(input), input.length).parse() };
  } catch (e) {
    if (e instanceof CqlSyntaxError) return { ok: false, diagnostic: { code: e.code, message: e.message, details: e.details } };
    throw e;
  }
}
