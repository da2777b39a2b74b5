import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borrowingTable, type BorrowingStatus } from '../../../src/domain/borrowing/table.js';
import { lendingTable } from '../../../src/domain/lending/table.js';
import { allowedEvents, decide, isTerminal, OPTIONAL_STEPS, type OptionalStep, type StateTable } from '../../../src/domain/stateMachine.js';

type S = 'idle' | 'busy' | 'done';
type E = 'start' | 'poke' | 'finish' | 'extra' | 'never';
type F = 'ready' | 'urgent';

const table: StateTable<S, E, F, string> = {
  name: 'Toy',
  states: { idle: { label: 'Idle state' }, busy: { label: 'Busy state' }, done: { label: 'All done', terminal: true } },
  initial: 'idle',
  facts: { ready: 'the thing is ready', urgent: 'it is urgent' },
  transitions: [
    { from: ['idle'], on: 'start', when: ['ready', 'urgent'], to: 'done', effects: ['rush'] },
    { from: ['idle'], on: 'start', when: ['ready'], to: 'busy', effects: ['begin'] },
    { from: ['idle', 'busy'], on: 'poke', effects: ['poked'], note: 'stays' },
    { from: ['busy'], on: 'finish', unless: ['urgent'], to: 'done' },
    { from: ['busy'], on: 'extra', step: 'will-supply', to: 'done' },
    { from: ['busy'], on: 'extra', step: 'conditional', to: 'idle' },
  ],
};

describe('decide', () => {
  it('takes the first row whose facts hold', () => {
    const urgent = decide(table, 'idle', 'start', { facts: { ready: true, urgent: true } });
    expect(urgent).toMatchObject({ ok: true, to: 'done', changed: true, effects: ['rush'] });
    const calm = decide(table, 'idle', 'start', { facts: { ready: true } });
    expect(calm).toMatchObject({ ok: true, to: 'busy', effects: ['begin'] });
    expect(calm.ok && calm.transition).toBe(table.transitions[1]);
  });

  it('a row without `to` stays, unchanged, with its effects', () => {
    expect(decide(table, 'busy', 'poke', { facts: {} })).toMatchObject({ ok: true, from: 'busy', to: 'busy', changed: false, effects: ['poked'] });
  });

  it('`unless` facts must be false (absent counts as false)', () => {
    expect(decide(table, 'busy', 'finish', { facts: {} }).ok).toBe(true);
    expect(decide(table, 'busy', 'finish', { facts: { urgent: false } }).ok).toBe(true);
    expect(decide(table, 'busy', 'finish', { facts: { urgent: true } }).ok).toBe(false);
  });

  it('rows needing a switched-off step never match; another row with a step that is on can', () => {
    expect(decide(table, 'busy', 'extra', { facts: {} })).toMatchObject({ ok: true, to: 'done' });
    expect(decide(table, 'busy', 'extra', { facts: {}, steps: new Set<OptionalStep>(['conditional']) })).toMatchObject({ ok: true, to: 'idle' });
    const off = decide(table, 'busy', 'extra', { facts: {}, steps: new Set<OptionalStep>() });
    expect(off.ok).toBe(false);
    // steps undefined = every step on
    expect(decide(table, 'busy', 'extra', { facts: {}, steps: undefined }).ok).toBe(true);
    expect(!off.ok && off.reason).toMatch(/workflow profile/);
    expect(!off.ok && off.reason).toContain('will-supply');
  });

  it('refuses an event with no row for the state, naming the event and the state label', () => {
    const d = decide(table, 'done', 'poke', { facts: {} });
    expect(d).toMatchObject({ ok: false, from: 'done' });
    expect(!d.ok && d.reason).toContain('poke');
    expect(!d.ok && d.reason).toContain('All done');
  });

  it('explains missing facts with their descriptions', () => {
    const d = decide(table, 'idle', 'start', { facts: {} });
    expect(!d.ok && d.reason).toContain('start');
    expect(!d.ok && d.reason).toContain('the thing is ready');
    const f = decide(table, 'busy', 'finish', { facts: { urgent: true } });
    expect(!f.ok && f.reason).toContain('not: it is urgent');
  });

  it.fails('KNOWN GAP: a refusal for missing facts does not name the state label', () => {
    const d = decide(table, 'idle', 'start', { facts: {} });
    expect(!d.ok && d.reason).toContain('Idle state');
  });

  it.fails('KNOWN GAP: a refusal for a switched-off step does not name the state label', () => {
    const d = decide(table, 'busy', 'extra', { facts: {}, steps: new Set<OptionalStep>() });
    expect(!d.ok && d.reason).toContain('Busy state');
  });

  it.fails('KNOWN GAP: an unknown stored status throws instead of being refused', () => {
    const d = decide(table, 'archived' as S, 'poke', { facts: {} });
    expect(d.ok).toBe(false);
  });
});

describe('allowedEvents', () => {
  it('returns exactly the events decide accepts, in the order asked', () => {
    expect(allowedEvents(table, 'busy', ['never', 'finish', 'poke', 'extra', 'start'], { facts: {} })).toEqual(['finish', 'poke', 'extra']);
    expect(allowedEvents(table, 'busy', ['finish', 'extra'], { facts: { urgent: true }, steps: new Set<OptionalStep>() })).toEqual([]);
  });

  it('agrees with decide on the real tables, for any state, facts and steps (property)', () => {
    const borrowingStates = Object.keys(borrowingTable.states) as BorrowingStatus[];
    const events = [...new Set(borrowingTable.transitions.map((t) => t.on))];
    fc.assert(
      fc.property(
        fc.constantFrom(...borrowingStates),
        fc.record({ hasNextPartner: fc.boolean(), cancelOnLocateFailure: fc.boolean() }),
        fc.option(fc.subarray([...OPTIONAL_STEPS]), { nil: undefined }),
        (state, facts, steps) => {
          const context = steps === undefined ? { facts } : { facts, steps: new Set(steps) };
          const allowed = allowedEvents(borrowingTable, state, events, context);
          for (const event of events) expect(allowed.includes(event)).toBe(decide(borrowingTable, state, event, context).ok);
        },
      ),
    );
  });

  it('a decision never leaves the declared states, and terminal states never change (property, both tables)', () => {
    for (const t of [borrowingTable, lendingTable] as StateTable<string, string, string, unknown>[]) {
      const states = Object.keys(t.states);
      const events = [...new Set(t.transitions.map((r) => r.on))];
      const facts = Object.keys(t.facts);
      fc.assert(
        fc.property(fc.constantFrom(...states), fc.constantFrom(...events), fc.subarray(facts), fc.subarray([...OPTIONAL_STEPS]), (state, event, trueFacts, steps) => {
          const d = decide(t, state, event, { facts: Object.fromEntries(trueFacts.map((f) => [f, true])), steps: new Set(steps) });
          if (!d.ok) {
            expect(d.reason).toContain(event);
            return;
          }
          expect(states).toContain(d.to);
          if (isTerminal(t, state)) expect(d.to).toBe(state);
        }),
      );
    }
  });
});

describe('isTerminal', () => {
  it('reads the terminal flag', () => {
    expect(isTerminal(table, 'done')).toBe(true);
    expect(isTerminal(table, 'idle')).toBe(false);
  });
});
