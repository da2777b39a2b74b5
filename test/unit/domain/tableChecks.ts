/**
 * Structural checks shared by the table tests. Each returns the offenders (empty = fine) so a
 * failing test names them.
 */
import { decide, OPTIONAL_STEPS, type Decision, type Facts, type MachineContext, type OptionalStep, type StateTable, type Transition } from '../../../src/domain/stateMachine.js';

type Table<S extends string, E extends string, F extends string, Effect> = StateTable<S, E, F, Effect>;

function stateNames<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): S[] {
  return Object.keys(table.states) as S[];
}

/** Whether a row's workflow steps let it apply: `step` must be on, `withoutStep` off (steps undefined = all on). */
function stepsAllow(row: { step?: OptionalStep; withoutStep?: OptionalStep }, steps: ReadonlySet<OptionalStep> | undefined): boolean {
  const on = (step: OptionalStep): boolean => steps === undefined || steps.has(step);
  return (row.step === undefined || on(row.step)) && (row.withoutStep === undefined || !on(row.withoutStep));
}

/** Every step except `off`. */
export function allStepsBut(off: OptionalStep): ReadonlySet<OptionalStep> {
  return new Set(OPTIONAL_STEPS.filter((s) => s !== off));
}

/** States named by a row (or as initial) that the table does not declare. */
export function undeclaredStates<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  const declared = new Set<string>(stateNames(table));
  const named = new Set<string>([table.initial]);
  for (const row of table.transitions) {
    for (const s of row.from) named.add(s);
    if (row.to !== undefined) named.add(row.to);
  }
  return [...named].filter((s) => !declared.has(s));
}

/** Facts named by a row that the table does not describe. */
export function undeclaredFacts<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  const declared = new Set<string>(Object.keys(table.facts));
  return [...new Set(table.transitions.flatMap((r) => [...(r.when ?? []), ...(r.unless ?? [])]))].filter((f) => !declared.has(f));
}

/** Non-terminal states with no enabled row that moves elsewhere (self-loops do not count). */
export function deadEnds<S extends string, E extends string, F extends string, Effect>(
  table: Table<S, E, F, Effect>,
  steps?: ReadonlySet<OptionalStep>,
): S[] {
  return stateNames(table).filter(
    (state) =>
      table.states[state].terminal !== true &&
      !table.transitions.some((row) => row.from.includes(state) && row.to !== undefined && row.to !== state && stepsAllow(row, steps)),
  );
}

/** Rows that would move a request out of a terminal state: `state --event--> to`. */
export function exitsFromTerminalStates<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  const offenders: string[] = [];
  for (const state of stateNames(table)) {
    if (table.states[state].terminal !== true) continue;
    for (const row of table.transitions) {
      if (row.from.includes(state) && row.to !== undefined && row.to !== state) offenders.push(`${state} --${row.on}--> ${row.to}`);
    }
  }
  return offenders;
}

/** States reachable from `initial` by some sequence of events, ignoring facts. */
export function reachableStates<S extends string, E extends string, F extends string, Effect>(
  table: Table<S, E, F, Effect>,
  steps?: ReadonlySet<OptionalStep>,
): Set<S> {
  const seen = new Set<S>([table.initial]);
  const queue: S[] = [table.initial];
  while (queue.length > 0) {
    const state = queue.shift() as S;
    for (const row of table.transitions) {
      if (!row.from.includes(state) || row.to === undefined || !stepsAllow(row, steps) || seen.has(row.to)) continue;
      seen.add(row.to);
      queue.push(row.to);
    }
  }
  return seen;
}

export function unreachableStates<S extends string, E extends string, F extends string, Effect>(
  table: Table<S, E, F, Effect>,
  steps?: ReadonlySet<OptionalStep>,
): S[] {
  const reachable = reachableStates(table, steps);
  return stateNames(table).filter((s) => !reachable.has(s));
}

/** Events of `events` that no row handles. */
export function unusedEvents<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>, events: readonly E[]): E[] {
  return events.filter((e) => !table.transitions.some((row) => row.on === e));
}

/** Rows listing the same from-state twice. */
export function repeatedFromStates<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  return table.transitions.flatMap((row, i) => {
    const repeated = row.from.filter((s, j) => row.from.indexOf(s) !== j);
    return repeated.length > 0 ? [`row ${i + 1} (${row.on}) lists ${repeated.join(', ')} twice`] : [];
  });
}

/** Rows that require a fact, or a workflow step, to be both true and false: they can never match. */
export function contradictoryRows<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  return table.transitions.flatMap((row, i) => {
    const both = (row.when ?? []).filter((f) => (row.unless ?? []).includes(f));
    return [
      ...(both.length > 0 ? [`row ${i + 1} (${row.on}) needs ${both.join(', ')} both true and false`] : []),
      ...(row.step !== undefined && row.step === row.withoutStep ? [`row ${i + 1} (${row.on}) needs step ${row.step} both on and off`] : []),
    ];
  });
}

function subset<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  return (a ?? []).every((x) => (b ?? []).includes(x));
}

/**
 * For one (state, event), a later row is dead if an earlier row matches whenever it would: the
 * earlier row's facts are a subset of the later's and the earlier row is on whenever the later is
 * (no step, or the same step; no withoutStep, or the same withoutStep). Identical (state, event, facts, step) rows are the simplest case.
 */
export function shadowedRows<S extends string, E extends string, F extends string, Effect>(table: Table<S, E, F, Effect>): string[] {
  const offenders: string[] = [];
  const rows = table.transitions;
  rows.forEach((later, j) => {
    for (const state of later.from) {
      const earlier = rows.findIndex(
        (row, i) =>
          i < j &&
          row.on === later.on &&
          row.from.includes(state) &&
          (row.step === undefined || row.step === later.step) &&
          (row.withoutStep === undefined || row.withoutStep === later.withoutStep) &&
          subset(row.when, later.when) &&
          subset(row.unless, later.unless),
      );
      if (earlier >= 0) offenders.push(`${state} + ${later.on}: row ${j + 1} is never reached, row ${earlier + 1} always matches first`);
    }
  });
  return offenders;
}

/** All facts a table names, set to every combination (for "some facts" searches). */
export function allFactCombinations<F extends string>(facts: readonly F[]): Facts<F>[] {
  return facts.reduce<Facts<F>[]>((acc, fact) => acc.flatMap((f) => [{ ...f, [fact]: false }, { ...f, [fact]: true }]), [{}]);
}

export type Step<E extends string, F extends string> = readonly [event: E, facts?: Facts<F>];

/**
 * Walks a table event by event, failing with the machine's reason when one is refused.
 * Returns every decision, so tests can assert states and effects.
 */
export function walk<S extends string, E extends string, F extends string, Effect>(
  table: Table<S, E, F, Effect>,
  start: S,
  steps: readonly Step<E, F>[],
  base: MachineContext<F> = { facts: {} },
): (Decision<S, E, F, Effect> & { ok: true })[] {
  const decisions: (Decision<S, E, F, Effect> & { ok: true })[] = [];
  let state = start;
  for (const [event, facts] of steps) {
    const decision = decide(table, state, event, { ...base, facts: { ...base.facts, ...facts } });
    if (!decision.ok) throw new Error(`walk stopped at "${state}" on ${event}: ${decision.reason}`);
    decisions.push(decision);
    state = decision.to;
  }
  return decisions;
}

export function lastState<S extends string>(decisions: readonly { to: S }[], start: S): S {
  return decisions.at(-1)?.to ?? start;
}

export type Row<S extends string, E extends string, F extends string, Effect> = Transition<S, E, F, Effect>;
