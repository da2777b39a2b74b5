import type { Migration } from 'kysely';
import * as m0001 from './0001_institutions.js';
import * as m0002 from './0002_lending_requests.js';
import * as m0003 from './0003_partners_and_borrowing.js';
import * as m0004 from './0004_outbox.js';

/** Every migration, in order. Names are stored in the database: never rename one. */
export const migrations: Record<string, Migration> = {
  '0001_institutions': m0001,
  '0002_lending_requests': m0002,
  '0003_partners_and_borrowing': m0003,
  '0004_outbox': m0004,
};
