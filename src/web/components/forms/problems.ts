/**
 * Server problems (RFC 9457, with `errors: [{ path, message }]` for an invalid body) sorted by
 * form field, so each message is shown next to the field it is about. Pure: no DOM, unit-tested.
 */

export interface ProblemLike {
  status?: number;
  title?: string;
  detail?: string;
  errors?: unknown;
}

export interface FormErrors {
  /** Messages by the body path they are about (`contacts.0.email`). */
  byPath: Record<string, string[]>;
  /** What belongs to no field: shown above the form. */
  general: string[];
}

export const NO_ERRORS: FormErrors = { byPath: {}, general: [] };

const PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

function add(into: Record<string, string[]>, path: string, message: string): void {
  (into[path] ??= []).push(message);
}

/**
 * Field messages from a problem: its `errors` list when it has one, else `path: message` parts of
 * its detail (services report account problems that way) whose path is one of `known`, if given.
 */
export function formErrors(problem: ProblemLike, known?: (path: string) => boolean): FormErrors {
  const byPath: Record<string, string[]> = {};
  const general: string[] = [];
  const accept = (path: string) => PATH.test(path) && (known === undefined || known(path));
  if (Array.isArray(problem.errors) && problem.errors.length > 0) {
    for (const item of problem.errors as { path?: unknown; message?: unknown }[]) {
      const path = typeof item.path === 'string' ? item.path : '';
      const message = typeof item.message === 'string' ? item.message : 'invalid';
      if (path && accept(path)) add(byPath, path, message);
      else general.push(path ? `${path}: ${message}` : message);
    }
    return { byPath, general: general.length > 0 ? general : Object.keys(byPath).length > 0 ? [] : [problem.detail ?? problem.title ?? 'invalid'] };
  }
  const detail = problem.detail ?? problem.title ?? 'The request failed.';
  const parts = detail.split('; ');
  const parsed = parts.map((part) => /^([^:\s]+): (.+)$/.exec(part));
  if (parsed.every((m) => m !== null && accept(m[1] as string))) {
    for (const m of parsed) add(byPath, (m as RegExpExecArray)[1] as string, (m as RegExpExecArray)[2] as string);
    return { byPath, general: [] };
  }
  return { byPath: {}, general: [detail] };
}

/** The messages about `path` and everything under it (`requestExpiry` takes `requestExpiry.days`). */
export function errorsAt(errors: FormErrors, path: string): string[] {
  return Object.entries(errors.byPath)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .flatMap(([, messages]) => messages);
}

/** How many field messages there are, for the summary above the form. */
export function fieldErrorCount(errors: FormErrors): number {
  return Object.values(errors.byPath).reduce((n, messages) => n + messages.length, 0);
}

/** A number input's text as the API takes it: empty = left out; not a number = sent as typed, for the server to name. */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** A text input as the API takes it: blank = left out. */
export function optionalText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A comma- or line-separated list. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Moves the item at `from` to `to` (clamped), for drag and keyboard ordering alike. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length) return [...items];
  const target = Math.max(0, Math.min(items.length - 1, to));
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved as T);
  return next;
}
