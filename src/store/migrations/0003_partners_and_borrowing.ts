import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A library an institution shares with; the configuration capability adds the rest of its fields.
  await db.schema
    .createTable('partner')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('id_value', 'text', (c) => c.notNull())
    // Null: the partner is an institution of this deployment, reached in-process.
    .addColumn('endpoint_url', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('average_supply_days', 'real')
    .addColumn('request_expiry', 'text', (c) => c.notNull().defaultTo('none').check(sql`request_expiry in ('none', 'days', 'date')`))
    .addColumn('request_expiry_days', 'integer')
    .addColumn('request_expiry_date', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('partner_code_key', ['institution_id', 'code'])
    .addUniqueConstraint('partner_symbol_key', ['institution_id', 'id_type', 'id_value'])
    .execute();

  // The borrower of a lending request: where our supplyingAgencyMessages go.
  await db.schema
    .alterTable('lending_request')
    .addColumn('partner_id', 'uuid', (c) => c.references('partner.id'))
    .execute();

  await db.schema
    .createTable('borrowing_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    // Our requestingAgencyRequestId: the same for every partner of the rota.
    .addColumn('request_number', 'text', (c) => c.notNull())
    .addColumn('patron_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('physical', 'digital')`))
    .addColumn('service_type', 'text', (c) => c.notNull().check(sql`service_type in ('loan', 'copy')`))
    .addColumn('pickup_location', 'text')
    .addColumn('needed_before', 'timestamptz')
    .addColumn('title', 'text')
    .addColumn('author', 'text')
    .addColumn('citation', 'jsonb', (c) => c.notNull())
    .addColumn('due_date', 'timestamptz')
    .addColumn('terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('needs_attention', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('borrowing_request_number_key', ['institution_id', 'request_number'])
    .execute();
  await db.schema
    .createIndex('borrowing_request_task_list_idx')
    .on('borrowing_request')
    .columns(['institution_id', 'status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('rota_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('borrowing_request_id', 'uuid', (c) => c.notNull().references('borrowing_request.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('partner_id', 'uuid', (c) => c.notNull().references('partner.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'rejected', 'cancelled', 'expired', 'supplying')`),
    )
    .addColumn('reason', 'text')
    .addColumn('supplying_agency_request_id', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('rota_entry_position_key', ['borrowing_request_id', 'position'])
    .execute();
  // The expiry job looks for sent entries past their time.
  await db.schema
    .createIndex('rota_entry_expiry_idx')
    .on('rota_entry')
    .column('expires_at')
    .where(sql.ref('status'), '=', 'sent')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rota_entry').execute();
  await db.schema.dropTable('borrowing_request').execute();
  await db.schema.alterTable('lending_request').dropColumn('partner_id').execute();
  await db.schema.dropTable('partner').execute();
}
