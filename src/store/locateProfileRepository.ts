import { sql } from 'kysely';
import type { LocateProfileConfig } from '../config/sections/locate.js';
import type { Db } from './database.js';
import type { LocateProfile } from './schema.js';

/** A stored profile as the network file and the API describe it. */
export function locateProfileConfig(row: LocateProfile): LocateProfileConfig {
  return {
    code: row.code,
    name: row.name,
    protocol: row.protocol,
    ...(row.url === null ? {} : { url: row.url }),
    version: row.sru_version ?? '1.2',
    ...(row.host === null ? {} : { host: row.host }),
    ...(row.port === null ? {} : { port: row.port }),
    ...(row.database_name === null ? {} : { database: row.database_name }),
    matchFields: row.match_fields as LocateProfileConfig['matchFields'],
    checkAvailability: row.check_availability,
    timeoutMs: row.timeout_ms,
  };
}

/** Creates or replaces the institution's profile with this code. */
export async function upsertLocateProfile(db: Db, institutionId: string, profile: LocateProfileConfig): Promise<LocateProfile> {
  const values = {
    name: profile.name,
    protocol: profile.protocol,
    url: profile.protocol === 'sru' ? (profile.url ?? null) : null,
    sru_version: profile.protocol === 'sru' ? profile.version : null,
    host: profile.protocol === 'z3950' ? (profile.host ?? null) : null,
    port: profile.protocol === 'z3950' ? (profile.port ?? null) : null,
    database_name: profile.protocol === 'z3950' ? (profile.database ?? null) : null,
    match_fields: JSON.stringify(profile.matchFields),
    check_availability: profile.checkAvailability,
    timeout_ms: profile.timeoutMs,
    updated_at: sql<Date>`now()`,
  };
  return db
    .insertInto('locate_profile')
    .values({ institution_id: institutionId, code: profile.code, ...values })
    .onConflict((oc) => oc.columns(['institution_id', 'code']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findLocateProfile(db: Db, institutionId: string, code: string): Promise<LocateProfile | undefined> {
  return db.selectFrom('locate_profile').selectAll().where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst();
}

/** Profiles by code, for the codes given (unknown codes are simply absent). */
export async function findLocateProfiles(db: Db, institutionId: string, codes: readonly string[]): Promise<Map<string, LocateProfile>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('locate_profile').selectAll().where('institution_id', '=', institutionId).where('code', 'in', codes).execute();
  return new Map(rows.map((row) => [row.code, row]));
}

export async function listLocateProfiles(db: Db, institutionId: string): Promise<LocateProfile[]> {
  return db.selectFrom('locate_profile').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute();
}

/** True when a profile was deleted. Partners naming it keep the code and are no longer searched. */
export async function deleteLocateProfile(db: Db, institutionId: string, code: string): Promise<boolean> {
  const result = await db.deleteFrom('locate_profile').where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
