import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Lending request numbers (our supplyingAgencyRequestId) are short so staff can say them aloud.
  await sql`create sequence lending_request_number_seq start with 1000`.execute(db);
  await db.schema
    .createTable('lending_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_id_type', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_id_value', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_request_id', 'text', (c) => c.notNull())
    .addColumn('supplying_agency_request_id', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('author', 'text')
    .addColumn('citation', 'jsonb', (c) => c.notNull())
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

  await db.schema
    .createTable('request_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('lending_request_id', 'uuid', (c) => c.notNull().references('lending_request.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('request_event_request_idx')
    .on('request_event')
    .columns(['lending_request_id', 'id'])
    .execute();

  await db.schema
    .createTable('protocol_message')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('lending_request_id', 'uuid', (c) => c.references('lending_request.id').onDelete('set null'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in', 'out')`))
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('message_kind', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'text')
    .addColumn('peer_id_type', 'text')
    .addColumn('peer_id_value', 'text')
    .addColumn('requesting_agency_request_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('confirmation', 'text')
    .addColumn('message_status', 'text', (c) => c.notNull().check(sql`message_status in ('OK', 'ERROR')`))
    .addColumn('error_type', 'text')
    .addColumn('error_value', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('protocol_message_request_idx')
    .on('protocol_message')
    .columns(['lending_request_id', 'id'])
    .execute();
  await db.schema
    .createIndex('protocol_message_transaction_idx')
    .on('protocol_message')
    .columns(['institution_id', 'peer_id_type', 'peer_id_value', 'requesting_agency_request_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('protocol_message').execute();
  await db.schema.dropTable('request_event').execute();
  await db.schema.dropTable('lending_request').execute();
  await sql`drop sequence lending_request_number_seq`.execute(db);
}
