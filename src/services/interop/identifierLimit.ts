/**
 * The longest identifier (request id, item id, user id, agency id) a partner may send. The
 * schemas set no bound, but our indexes on these columns do (a PostgreSQL index entry holds at
 * most ~2.7 kB), so longer ones are refused as the protocol's own error instead of failing in
 * the database.
 */
export const MAX_IDENTIFIER_LENGTH = 255;

/** The path and length of the first identifier over the limit in a parsed message, if any. */
export function overlongIdentifier(message: unknown, isIdentifier: (key: string) => boolean): { path: string; length: number } | undefined {
  // Walked without recursion: a hostile message may nest deeply.
  const pending: { value: unknown; path: string }[] = [{ value: message, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, inner] of Object.entries(value)) {
      const here = path ? `${path}/${key}` : key;
      const text = typeof inner === 'string' ? inner : inner !== null && typeof inner === 'object' && typeof (inner as { value?: unknown }).value === 'string' ? (inner as { value: string }).value : undefined;
      if (text !== undefined && isIdentifier(key) && text.length > MAX_IDENTIFIER_LENGTH) return { path: here, length: text.length };
      pending.push({ value: inner, path: here });
    }
  }
  return undefined;
}
