import type { TaskListSort } from '../../store/taskListRepository.js';

/** Where the next page starts: the last row's sort value (as the database printed it) and id. */
export interface TaskListPosition {
  value: string;
  id: string;
}

/**
 * Keyset cursors are opaque to clients (base64url JSON) but carry the sort they were made for:
 * a cursor replayed against another sort would skip or repeat rows, so it is refused instead.
 */
export function encodeCursor(sort: TaskListSort, position: TaskListPosition): string {
  return Buffer.from(JSON.stringify({ by: sort.by, order: sort.order, value: position.value, id: position.id })).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position in a cursor, or a reason it is not one for this sort. */
export function decodeCursor(cursor: string, sort: TaskListSort): { ok: true; position: TaskListPosition } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'not a cursor from this list' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'not a cursor from this list' };
  const { by, order, value, id } = parsed as Record<string, unknown>;
  if (typeof value !== 'string' || typeof id !== 'string' || !UUID.test(id)) return { ok: false, reason: 'not a cursor from this list' };
  if (by !== sort.by || order !== sort.order) return { ok: false, reason: `the cursor is for sort=${String(by)}&order=${String(order)}, not sort=${sort.by}&order=${sort.order}` };
  return { ok: true, position: { value, id } };
}
