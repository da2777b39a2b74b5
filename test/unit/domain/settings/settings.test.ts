import { describe, expect, it } from 'vitest';
import { dueDateForLoanPeriod, isInactive, untilText } from '../../../../src/domain/settings/libraryCalendar.js';
import { disabledSteps, enabledSteps, stepSwitches } from '../../../../src/domain/settings/workflowSteps.js';
import { OPTIONAL_STEPS } from '../../../../src/domain/stateMachine.js';

describe('temporarily inactive periods', () => {
  const period = { from: '2026-12-20', until: '2027-01-05' };

  it.each([
    ['the day before', '2026-12-19T23:59:59Z', false],
    ['the first day', '2026-12-20T00:00:00Z', true],
    ['the last day, late', '2027-01-05T23:59:59Z', true],
    ['the day after', '2027-01-06T00:00:00Z', false],
  ])('%s: inactive = %s (both days included, UTC)', (_name, at, inactive) => {
    expect(isInactive(period, new Date(at))).toBe(inactive);
  });

  it('without an end lasts until further notice; no period is never inactive', () => {
    expect(isInactive({ from: '2026-12-20' }, new Date('2100-01-01T00:00:00Z'))).toBe(true);
    expect(untilText({ from: '2026-12-20' })).toBe('until further notice');
    expect(untilText(period)).toBe('until 2027-01-05');
    expect(isInactive(null, new Date('2026-12-25T00:00:00Z'))).toBe(false);
  });

  it('puts the due date a loan period after shipping', () => {
    expect(dueDateForLoanPeriod(new Date('2026-03-01T10:00:00Z'), 21).toISOString()).toBe('2026-03-22T10:00:00.000Z');
  });
});

describe('workflow steps', () => {
  it('no profile leaves every step on; a profile switches off only the steps it names', () => {
    expect(enabledSteps(undefined)).toBeUndefined();
    const steps = enabledSteps(['manual-renew', 'conditional']);
    expect([...(steps ?? [])]).toEqual(OPTIONAL_STEPS.filter((s) => s !== 'manual-renew' && s !== 'conditional'));
    expect(enabledSteps([])?.size).toBe(OPTIONAL_STEPS.length);
  });

  it('names every step on or off, and stores only those off', () => {
    expect(stepSwitches({ 'will-supply': false, conditional: true })).toMatchObject({ 'will-supply': false, conditional: true, 'manual-renew': true });
    expect(Object.keys(stepSwitches({}))).toEqual([...OPTIONAL_STEPS]);
    expect(disabledSteps({ 'will-supply': false, conditional: true })).toEqual(['will-supply']);
  });
});
