import { sql } from 'kysely';
import type { Db } from './database.js';

/** The next short request number of the deployment (both kinds share one sequence). */
export async function nextRequestNumber(db: Db): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('request_number_seq') as n`.execute(db);
  const n = rows[0]?.n;
  if (n === undefined) throw new Error('request_number_seq returned no value');
  return n;
}
