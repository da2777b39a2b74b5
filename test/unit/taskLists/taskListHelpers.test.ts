import { describe, expect, it } from 'vitest';
import { createdRange, createdRangeBounds } from '../../../src/services/taskLists/createdRanges.js';
import { decodeCursor, encodeCursor } from '../../../src/services/taskLists/cursor.js';
import { toPrefixTsQuery } from '../../../src/services/taskLists/searchQuery.js';

describe('search text as a tsquery', () => {
  it.each([
    ['Le Guin', "'le':* & 'guin':*"],
    ['  DUNE  ', "'dune':*"],
    ['NSU-1042', "('nsu' <-> '1042':*)"],
    ['P-2 solaris', "('p' <-> '2':*) & 'solaris':*"],
    // Quotes, backslashes and tsquery operators are punctuation: nothing reaches to_tsquery unescaped.
    ["o'brien \\ & | ! <-> :*", "('o' <-> 'brien':*)"],
    ['Ça va', "'ça':* & 'va':*"],
  ])('%j → %s', (text, query) => {
    expect(toPrefixTsQuery(text)).toBe(query);
  });

  it('has nothing to search in punctuation or blanks', () => {
    expect(toPrefixTsQuery('--- !! ')).toBeUndefined();
    expect(toPrefixTsQuery('')).toBeUndefined();
  });

  it('keeps at most ten words', () => {
    expect(toPrefixTsQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))?.split(' & ')).toHaveLength(10);
  });
});

describe('keyset cursors', () => {
  const sort = { by: 'updated', order: 'desc' } as const;
  const position = { value: '2026-11-25 12:00:00.123456+00', id: '0b9f5a3e-8c1d-4e2f-9a7b-6c5d4e3f2a1b' };

  it('round-trip the position for the same sort', () => {
    expect(decodeCursor(encodeCursor(sort, position), sort)).toEqual({ ok: true, position });
  });

  it('refuse a cursor made for another sort or order', () => {
    const cursor = encodeCursor(sort, position);
    expect(decodeCursor(cursor, { by: 'title', order: 'desc' })).toMatchObject({ ok: false, reason: expect.stringContaining('sort=updated') as string });
    expect(decodeCursor(cursor, { by: 'updated', order: 'asc' }).ok).toBe(false);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['JSON that is not an object', Buffer.from('42').toString('base64url')],
    ['an id that is not a uuid', Buffer.from(JSON.stringify({ by: 'updated', order: 'desc', value: 'x', id: "1' or '1'='1" })).toString('base64url')],
    ['no value', Buffer.from(JSON.stringify({ by: 'updated', order: 'desc', id: position.id })).toString('base64url')],
  ])('refuse %s', (_name, cursor) => {
    expect(decodeCursor(cursor, sort)).toEqual({ ok: false, reason: 'not a cursor from this list' });
  });
});

describe('created-date ranges', () => {
  const now = new Date('2026-11-25T08:30:00Z');

  it('start today at midnight UTC, and 7 and 30 days before now', () => {
    expect(createdRangeBounds(now)).toEqual({
      today: new Date('2026-11-25T00:00:00Z'),
      week: new Date('2026-11-18T08:30:00Z'),
      month: new Date('2026-10-26T08:30:00Z'),
    });
  });

  it('make each range a from or a before', () => {
    expect(createdRange('today', now)).toEqual({ from: new Date('2026-11-25T00:00:00Z') });
    expect(createdRange('7d', now)).toEqual({ from: new Date('2026-11-18T08:30:00Z') });
    expect(createdRange('30d', now)).toEqual({ from: new Date('2026-10-26T08:30:00Z') });
    expect(createdRange('older', now)).toEqual({ before: new Date('2026-10-26T08:30:00Z') });
  });
});
