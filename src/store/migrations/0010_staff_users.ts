import { sql, type Kysely } from 'kysely';

/** Staff and patron accounts, and their sessions (cookie or bearer: one token, stored hashed). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('staff', 'patron')`))
    .addColumn('roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Library ids a services operator is scoped to; null: every library of the institution.
    .addColumn('library_ids', 'jsonb')
    // Set for patrons: the only requests they see.
    .addColumn('patron_id', 'text')
    // scrypt$N$r$p$salt$hash: the parameters travel with the hash so they can be raised later.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('user_account_username_key', ['institution_id', 'username'])
    .addCheckConstraint('user_account_patron_check', sql`(kind = 'patron') = (patron_id is not null)`)
    .execute();

  await db.schema
    .createTable('user_session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    // sha256 of the token and of the CSRF token: a stolen database holds no usable credential.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_session_user_idx').on('user_session').column('user_id').execute();
  await db.schema.createIndex('user_session_expires_idx').on('user_session').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_session').execute();
  await db.schema.dropTable('user_account').execute();
}
