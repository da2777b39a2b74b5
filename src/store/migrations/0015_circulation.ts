import { sql, type Kysely } from 'kysely';

/**
 * Built-in circulation around resource sharing. Borrowing side: a received item gets
 * temporary catalogue records (marked with the request they belong to, so closing the
 * request can remove them), a hold for the patron and then a loan. Lending side: a shipped
 * item of the local inventory is marked lent to the borrowing partner and moved to a
 * temporary resource-sharing location until check-in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bibliographic_record')
    .addColumn('temporary_for_request_id', 'uuid', (c) => c.references('borrowing_request.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('item')
    .addColumn('temporary_for_request_id', 'uuid', (c) => c.references('borrowing_request.id').onDelete('cascade'))
    .addColumn('process_type', 'text', (c) => c.check(sql`process_type in ('resource sharing')`))
    .addColumn('on_loan_to_partner_id', 'uuid', (c) => c.references('partner.id').onDelete('set null'))
    .addColumn('lent_for_request_id', 'uuid', (c) => c.references('lending_request.id').onDelete('set null'))
    .addColumn('temporary_location', 'text')
    .execute();
  await db.schema.createIndex('item_temporary_request_idx').on('item').column('temporary_for_request_id').execute();
  await db.schema.createIndex('item_lent_request_idx').on('item').column('lent_for_request_id').execute();
  await db.schema.createIndex('bibliographic_record_temporary_request_idx').on('bibliographic_record').column('temporary_for_request_id').execute();

  await db.schema
    .createTable('hold')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('borrowing_request_id', 'uuid', (c) => c.notNull().references('borrowing_request.id').onDelete('cascade'))
    .addColumn('patron_barcode', 'text', (c) => c.notNull())
    .addColumn('pickup_location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'on_shelf', 'fulfilled', 'cancelled', 'expired')`))
    .addColumn('on_shelf_since', 'timestamptz')
    .addColumn('shelf_expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One hold per borrowing request: receiving twice must not put two on the shelf.
  await db.schema.createIndex('hold_request_key').unique().on('hold').columns(['institution_id', 'borrowing_request_id']).execute();
  await db.schema.createIndex('hold_shelf_idx').on('hold').columns(['status', 'shelf_expires_at']).execute();

  await db.schema
    .createTable('loan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    // History outlives the temporary item: the loan keeps its barcode, not the row.
    .addColumn('item_id', 'uuid', (c) => c.references('item.id').onDelete('set null'))
    .addColumn('item_barcode', 'text', (c) => c.notNull())
    .addColumn('borrowing_request_id', 'uuid', (c) => c.notNull().references('borrowing_request.id').onDelete('cascade'))
    .addColumn('patron_barcode', 'text', (c) => c.notNull())
    .addColumn('due_date', 'timestamptz')
    .addColumn('renewals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'returned')`))
    .addColumn('loaned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('returned_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('loan_request_idx').on('loan').columns(['institution_id', 'borrowing_request_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('loan').execute();
  await db.schema.dropTable('hold').execute();
  for (const column of ['temporary_location', 'lent_for_request_id', 'on_loan_to_partner_id', 'process_type', 'temporary_for_request_id']) {
    await db.schema.alterTable('item').dropColumn(column).execute();
  }
  await db.schema.alterTable('bibliographic_record').dropColumn('temporary_for_request_id').execute();
}
