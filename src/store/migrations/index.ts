import type { Migration } from 'kysely';
import * as m0001 from './0001_institutions.js';
import * as m0002 from './0002_lending_requests.js';
import * as m0003 from './0003_partners_and_borrowing.js';
import * as m0004 from './0004_outbox.js';
import * as m0005 from './0005_audit_log.js';
import * as m0006 from './0006_rules.js';
import * as m0007 from './0007_profiles_and_settings.js';
import * as m0008 from './0008_task_lists.js';
import * as m0009 from './0009_partner_security.js';
import * as m0010 from './0010_staff_users.js';
import * as m0011 from './0011_inventory.js';
import * as m0012 from './0012_locate.js';
import * as m0013 from './0013_directory.js';
import * as m0014 from './0014_patrons.js';
import * as m0015 from './0015_circulation.js';
import * as m0016 from './0016_circulation_settings.js';
import * as m0017 from './0017_slip_templates.js';
import * as m0018 from './0018_brokers_and_notices.js';
import * as m0019 from './0019_sign_in_failures.js';
import * as m0020 from './0020_session_last_seen.js';

/** Every migration, in order. Names are stored in the database: never rename one. */
export const migrations: Record<string, Migration> = {
  '0001_institutions': m0001,
  '0002_lending_requests': m0002,
  '0003_partners_and_borrowing': m0003,
  '0004_outbox': m0004,
  '0005_audit_log': m0005,
  '0006_rules': m0006,
  '0007_profiles_and_settings': m0007,
  '0008_task_lists': m0008,
  '0009_partner_security': m0009,
  '0010_staff_users': m0010,
  '0011_inventory': m0011,
  '0012_locate': m0012,
  '0013_directory': m0013,
  '0014_patrons': m0014,
  '0015_circulation': m0015,
  '0016_circulation_settings': m0016,
  '0017_slip_templates': m0017,
  '0018_brokers_and_notices': m0018,
  '0019_sign_in_failures': m0019,
  '0020_session_last_seen': m0020,
};
