import { OPTIONAL_STEPS, type OptionalStep } from '../stateMachine.js';

/**
 * The steps a decision may use, from the steps a partner's workflow profile switches off;
 * undefined (every step on) when the partner has no profile.
 */
export function enabledSteps(disabled: readonly string[] | undefined): ReadonlySet<OptionalStep> | undefined {
  if (disabled === undefined) return undefined;
  return new Set(OPTIONAL_STEPS.filter((step) => !disabled.includes(step)));
}

/** Every optional step with whether it is on, from a profile's partial `steps` (a step not named is on). */
export function stepSwitches(steps: Partial<Record<OptionalStep, boolean>>): Record<OptionalStep, boolean> {
  return Object.fromEntries(OPTIONAL_STEPS.map((step) => [step, steps[step] !== false])) as Record<OptionalStep, boolean>;
}

export function disabledSteps(steps: Partial<Record<OptionalStep, boolean>>): OptionalStep[] {
  return OPTIONAL_STEPS.filter((step) => steps[step] === false);
}
