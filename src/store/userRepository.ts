import type { Db } from './database.js';
import type { UserAccount, UserKind } from './schema.js';

export interface UserFields {
  name: string;
  kind: UserKind;
  roles: readonly string[];
  libraryIds: readonly string[] | null;
  patronId: string | null;
  active: boolean;
}

export async function findUser(db: Db, institutionId: string, username: string): Promise<UserAccount | undefined> {
  return db.selectFrom('user_account').selectAll().where('institution_id', '=', institutionId).where('username', '=', username).executeTakeFirst();
}

export async function listUsers(db: Db, institutionId: string): Promise<UserAccount[]> {
  return db.selectFrom('user_account').selectAll().where('institution_id', '=', institutionId).orderBy('username').execute();
}

export async function insertUser(db: Db, institutionId: string, username: string, fields: UserFields, passwordHash: string, at: Date): Promise<UserAccount> {
  return db
    .insertInto('user_account')
    .values({
      institution_id: institutionId,
      username,
      ...columns(fields),
      password_hash: passwordHash,
      password_changed_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: string, fields: UserFields, password?: { hash: string; at: Date }): Promise<UserAccount> {
  return db
    .updateTable('user_account')
    .set({ ...columns(fields), ...(password ? { password_hash: password.hash, password_changed_at: password.at } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Institutions that have no account at all (demo mode gives each one). */
export async function institutionsWithoutUsers(db: Db): Promise<{ id: string; code: string }[]> {
  return db
    .selectFrom('institution')
    .select(['institution.id', 'institution.code'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('user_account').select('user_account.id').whereRef('user_account.institution_id', '=', 'institution.id'))))
    .orderBy('institution.code')
    .execute();
}

export async function listActiveUsers(db: Db): Promise<(UserAccount & { institution_code: string })[]> {
  return db
    .selectFrom('user_account')
    .innerJoin('institution', 'institution.id', 'user_account.institution_id')
    .selectAll('user_account')
    .select('institution.code as institution_code')
    .where('user_account.active', '=', true)
    .orderBy('institution.code')
    .orderBy('user_account.username')
    .execute();
}

function columns(fields: UserFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    roles: JSON.stringify(fields.roles),
    library_ids: fields.libraryIds === null ? null : JSON.stringify(fields.libraryIds),
    patron_id: fields.patronId,
    active: fields.active,
  };
}
