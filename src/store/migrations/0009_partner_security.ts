import { sql, type Kysely } from 'kysely';

/** Partner system types (interop profiles), sharing directions and credentials. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partner')
    .addColumn('system_type', 'text', (c) =>
      c.notNull().defaultTo('generic').check(sql`system_type in ('alma', 'reshare', 'illiad', 'crosslink-broker', 'interlend', 'generic')`),
    )
    .addColumn('supports_borrowing', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('supports_lending', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  // Partners of this deployment (no endpoint) run Interlend.
  await sql`update partner set system_type = 'interlend' where endpoint_url is null`.execute(db);

  // Apart from `partner` so that no `select *` on partners can carry a secret into an answer.
  // Inbound secrets are SHA-256 hashes (we only verify them); outbound ones are used as stored.
  await db.schema
    .createTable('partner_credentials')
    .addColumn('partner_id', 'uuid', (c) => c.primaryKey().references('partner.id').onDelete('cascade'))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('inbound_account_id', 'text')
    .addColumn('inbound_security_code_hash', 'text')
    .addColumn('inbound_http_scheme', 'text', (c) => c.check(sql`inbound_http_scheme in ('basic', 'bearer')`))
    .addColumn('inbound_http_username', 'text')
    .addColumn('inbound_http_secret_hash', 'text')
    .addColumn('outbound_account_id', 'text')
    .addColumn('outbound_security_code', 'text')
    .addColumn('outbound_http_scheme', 'text', (c) => c.check(sql`outbound_http_scheme in ('basic', 'bearer')`))
    .addColumn('outbound_http_username', 'text')
    .addColumn('outbound_http_secret', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('partner_credentials_inbound_pair', sql`(inbound_account_id is null) = (inbound_security_code_hash is null)`)
    .addCheckConstraint('partner_credentials_inbound_http', sql`(inbound_http_scheme is null) = (inbound_http_secret_hash is null)`)
    .addCheckConstraint('partner_credentials_outbound_pair', sql`(outbound_account_id is null) = (outbound_security_code is null)`)
    .addCheckConstraint('partner_credentials_outbound_http', sql`(outbound_http_scheme is null) = (outbound_http_secret is null)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('partner_credentials').execute();
  await db.schema.alterTable('partner').dropColumn('system_type').dropColumn('supports_borrowing').dropColumn('supports_lending').execute();
}
