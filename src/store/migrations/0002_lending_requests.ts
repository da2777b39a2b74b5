import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Request numbers are short so staff can say them aloud; one sequence serves both kinds.
  await sql`create sequence request_number_seq start with 1000`.execute(db);

  await db.schema
    .createTable('lending_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_id_type', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_id_value', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_request_id', 'text', (c) => c.notNull())
    // Which of our symbols the borrower addressed: our replies come from it.
    .addColumn('supplying_agency_id_type', 'text', (c) => c.notNull())
    .addColumn('supplying_agency_id_value', 'text', (c) => c.notNull())
    .addColumn('supplying_agency_request_id', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('author', 'text')
    .addColumn('citation', 'jsonb', (c) => c.notNull())
    .addColumn('due_date', 'timestamptz')
    .addColumn('terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('needs_attention', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The transaction key of ISO 18626: the requester's agency id plus its request id.
    .addUniqueConstraint('lending_request_transaction_key', [
      'institution_id',
      'requesting_agency_id_type',
      'requesting_agency_id_value',
      'requesting_agency_request_id',
    ])
    .addUniqueConstraint('lending_request_supplying_id_key', ['institution_id', 'supplying_agency_request_id'])
    .execute();
  await db.schema
    .createIndex('lending_request_task_list_idx')
    .on('lending_request')
    .columns(['institution_id', 'status', 'updated_at'])
    .execute();

  // History of both request kinds: who or what moved a request from which status to which.
  await db.schema
    .createTable('request_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('request_kind', 'text', (c) => c.notNull().check(sql`request_kind in ('borrowing', 'lending')`))
    .addColumn('request_id', 'uuid', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('request_event_request_idx')
    .on('request_event')
    .columns(['request_kind', 'request_id', 'id'])
    .execute();

  // Every protocol message in or out, raw, with the confirmation it got or gave.
  await db.schema
    .createTable('protocol_message')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('request_kind', 'text', (c) => c.check(sql`request_kind in ('borrowing', 'lending')`))
    .addColumn('request_id', 'uuid')
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in', 'out')`))
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('message_kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('protocol_version', 'text')
    .addColumn('peer_id_type', 'text')
    .addColumn('peer_id_value', 'text')
    .addColumn('requesting_agency_request_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('confirmation', 'text')
    .addColumn('message_status', 'text', (c) => c.check(sql`message_status in ('OK', 'ERROR')`))
    .addColumn('error_type', 'text')
    .addColumn('error_value', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('protocol_message_request_idx')
    .on('protocol_message')
    .columns(['request_kind', 'request_id', 'id'])
    .execute();
  // Re-delivery check: the same bytes from the same peer about the same transaction.
  await db.schema
    .createIndex('protocol_message_redelivery_idx')
    .on('protocol_message')
    .columns(['institution_id', 'direction', 'body_sha256'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('protocol_message').execute();
  await db.schema.dropTable('request_event').execute();
  await db.schema.dropTable('lending_request').execute();
  await sql`drop sequence request_number_seq`.execute(db);
}
