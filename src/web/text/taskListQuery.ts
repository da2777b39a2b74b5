/**
 * The task lists' filters as they live in the page URL (shareable, the back button works) and as
 * the API wants them. Pure: no DOM, unit-tested.
 */

export const SORTS = ['updated', 'created', 'title', 'due'] as const;
export type Sort = (typeof SORTS)[number];
export const CREATED = ['today', '7d', '30d', 'older'] as const;
export type Created = (typeof CREATED)[number];
export const CREATED_LABELS: Record<Created, string> = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days', older: 'Older than 30 days' };
export const SORT_LABELS: Record<Sort, string> = { updated: 'Last updated', created: 'Created', title: 'Title', due: 'Due date' };

export interface TaskListFilters {
  status: string[];
  partner: string[];
  assignedTo: string[];
  created: Created | null;
  needsAttention: boolean | null;
  q: string;
  sort: Sort;
  order: 'asc' | 'desc' | null;
}

/** The facets that take several values at once. */
export type MultiFacet = 'status' | 'partner' | 'assignedTo';

function list(query: URLSearchParams, name: string): string[] {
  return [...new Set(query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

export function readFilters(query: URLSearchParams): TaskListFilters {
  const sort = query.get('sort');
  const order = query.get('order');
  const created = query.get('created');
  const attention = query.get('needsAttention');
  return {
    status: list(query, 'status'),
    partner: list(query, 'partner'),
    assignedTo: list(query, 'assignedTo'),
    created: (CREATED as readonly string[]).includes(created ?? '') ? (created as Created) : null,
    needsAttention: attention === 'true' ? true : attention === 'false' ? false : null,
    q: (query.get('q') ?? '').trim(),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'updated',
    order: order === 'asc' || order === 'desc' ? order : null,
  };
}

function params(filters: TaskListFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (filters.status.length) out.set('status', filters.status.join(','));
  if (filters.partner.length) out.set('partner', filters.partner.join(','));
  if (filters.assignedTo.length) out.set('assignedTo', filters.assignedTo.join(','));
  if (filters.created) out.set('created', filters.created);
  if (filters.needsAttention !== null) out.set('needsAttention', String(filters.needsAttention));
  if (filters.q) out.set('q', filters.q);
  if (filters.sort !== 'updated') out.set('sort', filters.sort);
  if (filters.order) out.set('order', filters.order);
  return out;
}

/** `?status=…&q=…` for the page URL; empty string when nothing is filtered. */
export function filtersToSearch(filters: TaskListFilters): string {
  const text = params(filters).toString();
  return text ? `?${text}` : '';
}

/** The API query: the same filters, plus the page size and the cursor of the page to fetch. */
export function apiQuery(filters: TaskListFilters, options: { limit?: number; after?: string | null } = {}): string {
  const out = params(filters);
  if (filters.sort === 'updated' && !out.has('sort')) out.set('sort', 'updated');
  out.set('limit', String(options.limit ?? 25));
  if (options.after) out.set('after', options.after);
  return `?${out.toString()}`;
}

/** Adds a facet value to the filter, or takes it away when it is there. */
export function toggle(filters: TaskListFilters, facet: MultiFacet, value: string): TaskListFilters {
  const current = filters[facet];
  return { ...filters, [facet]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] };
}

export function isFiltered(filters: TaskListFilters): boolean {
  return filters.status.length + filters.partner.length + filters.assignedTo.length > 0 || filters.created !== null || filters.needsAttention !== null || filters.q !== '';
}

export function clearFilters(filters: TaskListFilters): TaskListFilters {
  return { ...filters, status: [], partner: [], assignedTo: [], created: null, needsAttention: null, q: '' };
}
