/**
 * The shape every request state machine shares. A table is a list of rows; a row says:
 * in one of these states, on this event, if these facts hold (and this optional workflow
 * step is switched on), go to that state and carry out these effects. The first row that
 * matches wins. Nothing here knows about databases, HTTP or clocks.
 */

/** Optional steps a workflow profile may switch off; a row needing an off step never matches. */
export const OPTIONAL_STEPS = [
  'expect-to-supply',
  'will-supply',
  'conditional',
  'manual-renew',
  'automatic-renew',
  'lender-check-in',
  'damaged-lost',
] as const;
export type OptionalStep = (typeof OPTIONAL_STEPS)[number];

export interface Transition<S extends string, E extends string, F extends string, Effect> {
  from: readonly S[];
  on: E;
  /** Next state; omitted = stay where we are (the event is recorded in history). */
  to?: S;
  /** Facts that must all be true (names are the table's own). */
  when?: readonly F[];
  /** Facts that must all be false. */
  unless?: readonly F[];
  /** The row applies only when this workflow step is on… */
  step?: OptionalStep;
  /** …or only when this one is off (the path taken when a profile skips a step). */
  withoutStep?: OptionalStep;
  effects?: readonly Effect[];
  /** A few words for history and diagrams when the state alone does not say what happened. */
  note?: string;
}

export interface StateTable<S extends string, E extends string, F extends string, Effect> {
  name: string;
  states: Readonly<Record<S, { label: string; terminal?: boolean }>>;
  initial: S;
  /** What each fact means, for refusals and diagrams. */
  facts: Readonly<Record<F, string>>;
  transitions: readonly Transition<S, E, F, Effect>[];
}

export type Facts<F extends string> = Partial<Record<F, boolean>>;

export interface MachineContext<F extends string> {
  facts: Facts<F>;
  /** Steps switched on; undefined = all on. */
  steps?: ReadonlySet<OptionalStep>;
}

export type Decision<S extends string, E extends string, F extends string, Effect> =
  | { ok: true; from: S; to: S; changed: boolean; effects: readonly Effect[]; transition: Transition<S, E, F, Effect> }
  | { ok: false; from: S; reason: string };

function stepsAllow(row: { step?: OptionalStep; withoutStep?: OptionalStep }, steps: ReadonlySet<OptionalStep> | undefined): boolean {
  const on = (step: OptionalStep): boolean => steps === undefined || steps.has(step);
  return (row.step === undefined || on(row.step)) && (row.withoutStep === undefined || !on(row.withoutStep));
}

function factsHold<F extends string>(row: { when?: readonly F[]; unless?: readonly F[] }, facts: Facts<F>): boolean {
  return (row.when ?? []).every((f) => facts[f] === true) && (row.unless ?? []).every((f) => facts[f] !== true);
}

export function decide<S extends string, E extends string, F extends string, Effect>(
  table: StateTable<S, E, F, Effect>,
  from: S,
  event: E,
  context: MachineContext<F>,
): Decision<S, E, F, Effect> {
  const state = (table.states as Readonly<Record<string, { label: string } | undefined>>)[from];
  if (!state) return { ok: false, from, reason: `${event} is not possible: "${from}" is not a ${table.name.toLowerCase()} status` };
  const when = `when the request is "${state.label}"`;
  const candidates = table.transitions.filter((t) => t.on === event && t.from.includes(from));
  if (candidates.length === 0) return { ok: false, from, reason: `${event} is not possible ${when}` };
  const enabled = candidates.filter((t) => stepsAllow(t, context.steps));
  if (enabled.length === 0) {
    const steps = [...new Set(candidates.map((t) => t.step ?? t.withoutStep))].join(', ');
    return { ok: false, from, reason: `${event} is switched off by the workflow profile (${steps}) ${when}` };
  }
  const row = enabled.find((t) => factsHold(t, context.facts));
  if (!row) {
    // Name only the conditions that failed, per alternative.
    const needs = enabled
      .map((t) =>
        [
          ...(t.when ?? []).filter((f) => context.facts[f] !== true).map((f) => table.facts[f]),
          ...(t.unless ?? []).filter((f) => context.facts[f] === true).map((f) => `not: ${table.facts[f]}`),
        ].join(' and '),
      )
      .join('; or ');
    return { ok: false, from, reason: `${event} needs ${needs} ${when}` };
  }
  const to = row.to ?? from;
  return { ok: true, from, to, changed: to !== from, effects: row.effects ?? [], transition: row };
}

/** Events that would be accepted now, among `events` (e.g. the staff actions). */
export function allowedEvents<S extends string, E extends string, F extends string, Effect, A extends E>(
  table: StateTable<S, E, F, Effect>,
  from: S,
  events: readonly A[],
  context: MachineContext<F>,
): A[] {
  return events.filter((event) => decide(table, from, event, context).ok);
}

export function isTerminal<S extends string, E extends string, F extends string, Effect>(table: StateTable<S, E, F, Effect>, state: S): boolean {
  return table.states[state].terminal === true;
}
