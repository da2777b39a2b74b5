import { sql, type Kysely } from 'kysely';

/**
 * The resource-sharing directory: the entries this deployment's institutions publish and the
 * entries learnt from other deployments' feeds (subscriptions). A published entry has
 * `institution_id` (whose entry it is) and no subscription; a learnt one belongs to the
 * subscription that brought it and is visible to the institution that subscribed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_subscription')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('feed_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new').check(sql`status in ('new', 'ok', 'failed')`))
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('directory_subscription_feed_key', ['institution_id', 'feed_url'])
    .execute();

  await db.schema
    .createTable('directory_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Exactly one source: an institution of this deployment, or a subscription.
    .addColumn('institution_id', 'uuid', (c) => c.references('institution.id').onDelete('cascade'))
    .addColumn('subscription_id', 'uuid', (c) => c.references('directory_subscription.id').onDelete('cascade'))
    // The entry's key in its feed (the publishing institution's code); ours: our code.
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('publish', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('symbols', 'jsonb', (c) => c.notNull())
    .addColumn('endpoint_url', 'text')
    .addColumn('system_type', 'text')
    .addColumn('locate', 'jsonb')
    .addColumn('addresses', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('lending_policies', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('directory_entry_one_source', sql`(institution_id is null) <> (subscription_id is null)`)
    .execute();
  await sql`create unique index directory_entry_local_idx on directory_entry (institution_id) where subscription_id is null`.execute(db);
  await sql`create unique index directory_entry_feed_idx on directory_entry (subscription_id, external_id) where subscription_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('directory_entry').execute();
  await db.schema.dropTable('directory_subscription').execute();
}
