/**
 * Pictures and tables of the request state machines, generated from the transition tables so
 * they cannot drift: `npm run docs:states` writes docs/state-machines.md, and a unit test fails
 * when the committed file differs from what this module produces. Output is deterministic:
 * states in declaration order, edges in table order, no dates.
 */
import { brokerBorrowingTable } from './borrowing/brokerTable.js';
import { borrowingTable } from './borrowing/table.js';
import { brokerLendingTable } from './lending/brokerTable.js';
import { lendingTable } from './lending/table.js';
import type { StateTable, Transition } from './stateMachine.js';

/** Where the generated document lives, relative to the repository root. */
export const STATE_MACHINES_DOC_PATH = 'docs/state-machines.md';
export const STATE_MACHINES_DOC_COMMAND = 'npm run docs:states';

/**
 * Mermaid's stateDiagram lexer ends a description at `:`, `;` or a newline, treats `#` as a
 * comment start and any line containing "direction TB|BT|LR|RL" as a direction statement.
 * Mermaid replaces `#<code>;` entity codes before parsing, so those characters are written as
 * entity codes (`supplier:Unfilled` becomes `supplier#58;Unfilled`, rendered with its colon).
 */
export function mermaidLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#:;<>"]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(/(directio)n(\s+(?:tb|bt|lr|rl))/gi, '$1#110;$2');
}

/** Words Mermaid's state grammar reads as keywords; a state id must not be one. */
const MERMAID_RESERVED_IDS = new Set(['default', 'state', 'note', 'end', 'class', 'classdef', 'direction', 'as', 'scale']);

function checkStateId(id: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) || MERMAID_RESERVED_IDS.has(id.toLowerCase())) {
    throw new Error(`state id "${id}" cannot be used in a Mermaid state diagram (letters, digits and _ only; not a keyword)`);
  }
}

type AnyTransition = Transition<string, string, string, unknown>;

/** `[hasNextPartner, !cancelOnLocateFailure]`, or '' when the row needs no facts. */
export function factsLabel(row: Pick<AnyTransition, 'when' | 'unless'>): string {
  const parts = [...(row.when ?? []), ...(row.unless ?? []).map((f) => `!${f}`)];
  return parts.length > 0 ? `[${parts.join(', ')}]` : '';
}

/** Facts and workflow step of a row: `[answerYes] (step: manual-renew)`, or ''. */
export function conditionLabel(row: Pick<AnyTransition, 'when' | 'unless' | 'step' | 'withoutStep'>): string {
  return [factsLabel(row), row.step ? `(step: ${row.step})` : '', row.withoutStep ? `(without step: ${row.withoutStep})` : ''].filter((s) => s !== '').join(' ');
}

interface Edge {
  to: string;
  event: string;
  conditions: string[];
}

/** The edges leaving each state, grouped by (to, event), in table order; self-loops apart. */
function collectEdges<S extends string, E extends string, F extends string, Effect>(
  table: StateTable<S, E, F, Effect>,
): { edges: Map<string, Edge[]>; loops: Map<string, string[]> } {
  const edges = new Map<string, Edge[]>();
  const loops = new Map<string, string[]>();
  for (const row of table.transitions) {
    const condition = conditionLabel(row);
    for (const from of new Set(row.from)) {
      const to: string = row.to ?? from;
      if (to === from) {
        const label = [row.on, condition].filter((s) => s !== '').join(' ');
        const list = loops.get(from) ?? [];
        if (!list.includes(label)) list.push(label);
        loops.set(from, list);
        continue;
      }
      const list = edges.get(from) ?? [];
      let edge = list.find((e) => e.to === to && e.event === row.on);
      if (!edge) {
        edge = { to, event: row.on, conditions: [] };
        list.push(edge);
      }
      if (!edge.conditions.includes(condition)) edge.conditions.push(condition);
      edges.set(from, list);
    }
  }
  return { edges, loops };
}

function edgeLabel(edge: Edge): string {
  const conditions = edge.conditions.filter((c) => c !== '');
  if (conditions.length === 0) return edge.event;
  // An unconditional row next to conditional ones for the same arrow: say so.
  const variants = edge.conditions.map((c) => (c === '' ? '[otherwise]' : c));
  return `${edge.event} ${variants.join(' or ')}`;
}

/**
 * A Mermaid `stateDiagram-v2` of a table: every state with its label, `[*] --> initial`,
 * terminal states `--> [*]`, one arrow per (from, to, event) labelled with the event, its facts
 * (`[fact]`, `[!fact]`) and workflow step (`(step: x)`). Events that leave the state unchanged
 * are collapsed into one loop per state listing them, separated by ` / `.
 */
export function toMermaid<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>): string {
  const states = Object.keys(table.states) as S[];
  states.forEach(checkStateId);
  const { edges, loops } = collectEdges(table);
  const lines: string[] = ['stateDiagram-v2'];
  for (const state of states) lines.push(`    ${state} : ${mermaidLabel(table.states[state].label)}`);
  lines.push(`    [*] --> ${table.initial}`);
  for (const state of states) {
    for (const edge of edges.get(state) ?? []) lines.push(`    ${state} --> ${edge.to} : ${mermaidLabel(edgeLabel(edge))}`);
    const loop = loops.get(state);
    if (loop) lines.push(`    ${state} --> ${state} : ${mermaidLabel(loop.join(' / '))}`);
  }
  for (const state of states) if (table.states[state].terminal === true) lines.push(`    ${state} --> [*]`);
  return `${lines.join('\n')}\n`;
}

/** One effect in a few words: `tell-lender action=Cancel`, `close-current-entry status=rejected`. */
export function summariseEffect(effect: unknown): string {
  if (typeof effect !== 'object' || effect === null) return String(effect);
  const record = effect as Record<string, unknown>;
  const kind = typeof record.kind === 'string' ? record.kind : '';
  const details = Object.entries(record)
    .filter(([key, value]) => key !== 'kind' && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [kind, ...details].filter((s) => s !== '').join(' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function code(text: string): string {
  return `\`${text}\``;
}

function fromCell<S extends string>(from: readonly S[], open: readonly S[]): string {
  const unique = [...new Set(from)];
  if (open.length > 0 && open.length === unique.length && open.every((s) => unique.includes(s))) return 'any open state';
  return unique.map(code).join(', ');
}

/** A Markdown table of every transition row, in table order (first match wins). */
export function transitionsMarkdown<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>): string {
  const states = Object.keys(table.states) as S[];
  const open = states.filter((s) => table.states[s].terminal !== true);
  const lines = ['| # | From | Event | Facts | Step | To | Effects | Note |', '|---|---|---|---|---|---|---|---|'];
  table.transitions.forEach((row, index) => {
    const cells = [
      String(index + 1),
      fromCell(row.from, open),
      code(row.on),
      factsLabel(row) === '' ? '' : code(factsLabel(row)),
      [row.step ? code(row.step) : '', row.withoutStep ? `off: ${code(row.withoutStep)}` : ''].filter(Boolean).join(' '),
      row.to ? code(row.to) : '(stays)',
      (row.effects ?? []).map(summariseEffect).join('; '),
      row.note ?? '',
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  });
  return `${lines.join('\n')}\n`;
}

function statesMarkdown<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>): string {
  const states = Object.keys(table.states) as S[];
  const lines = ['| State | Label | |', '|---|---|---|'];
  for (const s of states) {
    const marks = [s === table.initial ? 'initial' : '', table.states[s].terminal === true ? 'terminal' : ''].filter((m) => m !== '');
    lines.push(`| ${code(s)} | ${cell(table.states[s].label)} | ${marks.join(', ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function factsMarkdown<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>): string {
  const facts = Object.keys(table.facts) as F[];
  return facts.map((f) => `- ${code(f)}: ${table.facts[f]}`).join('\n') + '\n';
}

/** One table's section: heading, diagram, states, facts, transitions. */
export function tableSection<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>): string {
  return [
    `## ${table.name}`,
    '',
    '```mermaid',
    toMermaid(table).trimEnd(),
    '```',
    '',
    '### States',
    '',
    statesMarkdown(table).trimEnd(),
    '',
    '### Facts',
    '',
    factsMarkdown(table).trimEnd(),
    '',
    '### Transitions',
    '',
    transitionsMarkdown(table).trimEnd(),
    '',
  ].join('\n');
}

/** The whole document for the given tables (the defaults are the borrowing and lending tables). */
export function stateMachinesDocument(
  tables: readonly StateTable<string, string, string, unknown>[] = [borrowingTable, lendingTable, brokerBorrowingTable, brokerLendingTable],
): string {
  const intro = [
    '# Request state machines',
    '',
    `<!-- Generated from src/domain/borrowing/table.ts and src/domain/lending/table.ts by \`${STATE_MACHINES_DOC_COMMAND}\`. Do not edit by hand: a unit test fails when this file is stale. -->`,
    '',
    'How to read this page:',
    '',
    '- Each box is a status: its stored code and the label staff see. `[*]` marks where a request starts and the statuses it ends in.',
    '- Each arrow is an event: a staff action (`send`, `will-supply`, …), a message from the partner (`supplier:…` on the borrowing side, `requester:…` on the lending side) or a system event (`locate:…`, `timer:…`, `rules:…`).',
    '- `[fact]` means the row applies only when the fact holds, `[!fact]` only when it does not. `(step: x)` means the row applies only when the partner\'s workflow profile has the optional step `x` switched on; `(without step: x)` only when it is switched off.',
    '- A loop on a box lists, separated by ` / `, the events accepted there without changing the status (they are recorded in the request history, and may still have effects).',
    '- The transitions tables list every row in order; for one status and event the first row whose facts and step match wins.',
    '',
    `To regenerate after changing a table: \`${STATE_MACHINES_DOC_COMMAND}\`.`,
    '',
  ].join('\n');
  return [intro, ...tables.map((t) => tableSection(t))].join('\n');
}
