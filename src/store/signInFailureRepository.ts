import type { Db } from './database.js';

export async function insertSignInFailure(db: Db, failure: { throttleKey: string; ip: string; failedAt: Date }): Promise<void> {
  await db.insertInto('sign_in_failure').values({ throttle_key: failure.throttleKey, ip: failure.ip, failed_at: failure.failedAt }).execute();
}

/**
 * The times of failures since `since` for a key or an IP, newest first, at most `limit` of them:
 * the throttle needs only to know whether there are `limit` and when the oldest of those was.
 */
export async function recentSignInFailures(db: Db, by: { throttleKey: string } | { ip: string }, since: Date, limit: number): Promise<Date[]> {
  const query = db.selectFrom('sign_in_failure').select('failed_at').where('failed_at', '>', since);
  const rows = await ('throttleKey' in by ? query.where('throttle_key', '=', by.throttleKey) : query.where('ip', '=', by.ip))
    .orderBy('failed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => new Date(row.failed_at));
}

export async function deleteSignInFailures(db: Db, throttleKey: string): Promise<void> {
  await db.deleteFrom('sign_in_failure').where('throttle_key', '=', throttleKey).execute();
}

export async function deleteSignInFailuresBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('sign_in_failure').where('failed_at', '<=', before).execute();
}
