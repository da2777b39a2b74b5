import type { RobotView } from './staffRobot.js';

/**
 * "Exactly once", made checkable: a request's transitions and messages, written so that a
 * request that went through a crash can be compared with one that did not. Times, ids, notes
 * and bodies differ between loans; the sequence of transitions and the set of messages must not.
 */

/** The transitions in order: a repeated or missing transition changes this list. */
export function transitions(view: RobotView): string[] {
  return (view.history as (RobotView['history'][number] & { from?: string | null; to?: string })[]).map(
    (e) => `${e.event}: ${e.from ?? '-'} -> ${e.to ?? e.toLabel}`,
  );
}

/** Every protocol message kept on the request, per direction, sorted: a repeat shows twice. */
export function messageLog(view: RobotView): string[] {
  return view.messages.map((m) => `${m.direction} ${m.kind} ${m.summary ?? ''} ${m.status ?? ''}`).sort();
}

/** Bodies kept more than once in one direction: a duplicate stored as if it were new. */
export function repeatedBodies(view: RobotView): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const m of view.messages) {
    const key = `${m.direction}\n${m.body}`;
    if (seen.has(key)) repeated.push(`${m.direction} ${m.kind} ${m.summary ?? ''}`);
    seen.add(key);
  }
  return repeated;
}
