import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borrowingTable, type BorrowingStatus } from '../../../src/domain/borrowing/table.js';
import { lendingTable } from '../../../src/domain/lending/table.js';
import { allowedEvents, decide, isTerminal, OPTIONAL_STEPS, type OptionalStep, type StateTable } from '../../../src/domain/stateMachine.js';

type S = 'idle' | 'busy' | 'done';
type E = 'start' | 'poke' | 'finish' | 'extra' | 'skip' | 'quiet' | 'never';
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
    { from: ['busy'], on: 'skip', withoutStep: 'lender-check-in', to: 'done', effects: ['without-step'] },
    { from: ['busy'], on: 'skip', step: 'lender-check-in', to: 'idle', effects: ['with-step'] },
    { from: ['idle'], on: 'quiet', withoutStep: 'damaged-lost', effects: ['hushed'] },
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

  it('a `withoutStep` row applies only when that step is off; its `step` twin only when it is on', () => {
    expect(decide(table, 'busy', 'skip', { facts: {} })).toMatchObject({ ok: true, to: 'idle', effects: ['with-step'] });
    expect(decide(table, 'busy', 'skip', { facts: {}, steps: new Set<OptionalStep>(['lender-check-in']) })).toMatchObject({ ok: true, to: 'idle' });
    expect(decide(table, 'busy', 'skip', { facts: {}, steps: new Set<OptionalStep>() })).toMatchObject({ ok: true, to: 'done', effects: ['without-step'] });
    expect(decide(table, 'busy', 'skip', { facts: {}, steps: new Set<OptionalStep>(['will-supply']) })).toMatchObject({ ok: true, to: 'done' });
  });

  it('a `withoutStep` row alone is refused while its step is on (steps undefined = all on), naming the step', () => {
    expect(decide(table, 'idle', 'quiet', { facts: {}, steps: new Set<OptionalStep>() })).toMatchObject({ ok: true, to: 'idle', changed: false, effects: ['hushed'] });
    for (const steps of [undefined, new Set<OptionalStep>(['damaged-lost'])]) {
      const d = decide(table, 'idle', 'quiet', { facts: {}, steps });
      expect(d.ok).toBe(false);
      expect(!d.ok && d.reason).toMatch(/workflow profile/);
      expect(!d.ok && d.reason).toContain('damaged-lost');
    }
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

  it('names only the conditions that failed, per alternative row', () => {
    const d = decide(table, 'idle', 'start', { facts: { urgent: true } });
    expect(!d.ok && d.reason).toBe('start needs the thing is ready; or the thing is ready when the request is "Idle state"');
    expect(!d.ok && d.reason).not.toContain('it is urgent');
    const both = decide(table, 'idle', 'start', { facts: {} });
    expect(!both.ok && both.reason).toBe('start needs the thing is ready and it is urgent; or the thing is ready when the request is "Idle state"');
  });

  it.each([
    ['no row for the state', 'done', 'poke', { facts: {} }, 'All done'],
    ['missing facts', 'idle', 'start', { facts: {} }, 'Idle state'],
    ['a switched-off step', 'busy', 'extra', { facts: {}, steps: new Set<OptionalStep>() }, 'Busy state'],
    ['a step that must be off', 'idle', 'quiet', { facts: {} }, 'Idle state'],
  ] as const)('every refusal (%s) ends by naming the state label', (_, from, event, context, label) => {
    const d = decide(table, from, event, context);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.reason.endsWith(`when the request is "${label}"`)).toBe(true);
  });

  it('refuses an unknown stored status instead of throwing, naming the event and the status', () => {
    const d = decide(table, 'archived' as S, 'poke', { facts: {} });
    expect(d).toMatchObject({ ok: false, from: 'archived' });
    expect(!d.ok && d.reason).toContain('poke');
    expect(!d.ok && d.reason).toContain('"archived" is not a toy status');
    expect(decide(borrowingTable, 'shelved' as BorrowingStatus, 'receive', { facts: {} }).ok).toBe(false);
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
        fc.record({ hasNextPartner: fc.boolean(), cancelOnLocateFailure: fc.boolean(), lenderWillSupply: fc.boolean(), lenderExpectsToSupply: fc.boolean() }),
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
