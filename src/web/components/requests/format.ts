/** Dates and times as staff read them, in the browser's locale. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `user:…` / `partner:…` / `system` actors in plain words. */
export function formatActor(actor: string): string {
  if (actor.startsWith('user:')) return `staff user ${actor.slice(5, 13)}`;
  if (actor.startsWith('partner:')) return `partner ${actor.slice(8)}`;
  return actor;
}
