import { describe, expect, it } from 'vitest';
import { apiQuery, clearFilters, filtersToSearch, isFiltered, readFilters, toggle } from '../../../../src/web/text/taskListQuery.js';

describe('task list filters in the URL', () => {
  it('reads repeated and comma-separated values, ignores unknown sorts and ranges', () => {
    const filters = readFilters(new URLSearchParams('status=a,b&status=b&partner=HCPL&assignedTo=me&created=7d&needsAttention=true&q=%20earthsea%20&sort=bogus&order=asc'));
    expect(filters).toEqual({ status: ['a', 'b'], partner: ['HCPL'], assignedTo: ['me'], created: '7d', needsAttention: true, q: 'earthsea', sort: 'updated', order: 'asc' });
    expect(readFilters(new URLSearchParams('created=yesterday&sort=title')).created).toBeNull();
    expect(readFilters(new URLSearchParams('sort=title')).sort).toBe('title');
  });

  it('writes them back so the same filters read again (shareable URLs)', () => {
    const filters = readFilters(new URLSearchParams('status=will_supply,shipped&partner=HCPL&q=wizard&sort=due&needsAttention=false'));
    const search = filtersToSearch(filters);
    expect(search).toBe('?status=will_supply%2Cshipped&partner=HCPL&needsAttention=false&q=wizard&sort=due');
    expect(readFilters(new URLSearchParams(search))).toEqual(filters);
    expect(filtersToSearch(readFilters(new URLSearchParams('')))).toBe('');
  });

  it('toggles facet values on and off and clears every filter but the sort', () => {
    const none = readFilters(new URLSearchParams('sort=title'));
    const one = toggle(none, 'status', 'will_supply');
    expect(one.status).toEqual(['will_supply']);
    expect(toggle(toggle(one, 'status', 'shipped'), 'status', 'will_supply').status).toEqual(['shipped']);
    expect(isFiltered(none)).toBe(false);
    expect(isFiltered(one)).toBe(true);
    const cleared = clearFilters({ ...one, q: 'x', created: 'today' });
    expect(isFiltered(cleared)).toBe(false);
    expect(cleared.sort).toBe('title');
  });

  it('asks the API for a page with its size and cursor', () => {
    const filters = readFilters(new URLSearchParams('assignedTo=me&q=wizard'));
    const query = new URLSearchParams(apiQuery(filters, { limit: 10, after: 'CURSOR' }).slice(1));
    expect(Object.fromEntries(query)).toEqual({ assignedTo: 'me', q: 'wizard', sort: 'updated', limit: '10', after: 'CURSOR' });
    expect(new URLSearchParams(apiQuery(filters).slice(1)).get('after')).toBeNull();
  });
});
