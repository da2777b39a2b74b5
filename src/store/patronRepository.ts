import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from './database.js';
import type { Database, Patron } from './schema.js';

/** A patron's stored fields, as the services write them. */
export interface PatronFields {
  barcode: string;
  name: string;
  email: string | null;
  phone: string | null;
  patronGroup: string;
  homeLibraryId: string | null;
  blocks: Patron['blocks'];
  expiresOn: string | null;
  active: boolean;
}

export interface PatronFilter {
  /** Part of the name or email, or the start of the barcode; case-insensitive. */
  q?: string | undefined;
  group?: string | undefined;
  /** true: only patrons with a block in effect on `today`; false: only those without. */
  blocked?: boolean | undefined;
  active?: boolean | undefined;
  today: string;
  limit: number;
  offset: number;
}

// expires_on read as text: drivers turn a `date` into a local-midnight instant otherwise.
const COLUMNS = [
  'id',
  'institution_id',
  'barcode',
  'name',
  'email',
  'phone',
  'patron_group',
  'home_library_id',
  'blocks',
  'active',
  'created_at',
  'updated_at',
  sql<string | null>`to_char(expires_on, 'YYYY-MM-DD')`.as('expires_on'),
] as const;

function row(fields: PatronFields) {
  return {
    barcode: fields.barcode,
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    patron_group: fields.patronGroup,
    home_library_id: fields.homeLibraryId,
    blocks: JSON.stringify(fields.blocks),
    expires_on: fields.expiresOn,
    active: fields.active,
  };
}

/** The patron with this barcode, whatever its case; `forUpdate` locks it for a read-modify-write. */
export async function findPatron(db: Db, institutionId: string, barcode: string, options: { forUpdate?: boolean } = {}): Promise<Patron | undefined> {
  let query = db
    .selectFrom('patron')
    .select(COLUMNS)
    .where('institution_id', '=', institutionId)
    .where(sql<SqlBool>`lower(barcode) = lower(${barcode})`);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertPatron(db: Db, institutionId: string, fields: PatronFields, at: Date): Promise<Patron> {
  return db
    .insertInto('patron')
    .values({ institution_id: institutionId, ...row(fields), created_at: at, updated_at: at })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function updatePatronRow(db: Db, id: string, fields: PatronFields, at: Date): Promise<Patron> {
  return db
    .updateTable('patron')
    .set({ ...row(fields), updated_at: at })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

function blockedOn(today: string) {
  return sql<SqlBool>`exists (select 1 from jsonb_array_elements(patron.blocks) as b(block)
    where b.block->>'since' <= ${today} and (b.block->>'until' is null or b.block->>'until' >= ${today}))`;
}

/** One page of an institution's patrons matching the filter, by name, and how many match in all. */
export async function searchPatrons(db: Db, institutionId: string, filter: PatronFilter): Promise<{ rows: Patron[]; total: number }> {
  const where = (eb: ExpressionBuilder<Database, 'patron'>) => {
    const conditions: Expression<SqlBool>[] = [eb('institution_id', '=', institutionId)];
    if (filter.q) {
      const like = `%${escapeLike(filter.q.toLowerCase())}%`;
      const prefix = `${escapeLike(filter.q.toLowerCase())}%`;
      conditions.push(
        eb.or([
          sql<SqlBool>`lower(barcode) like ${prefix} escape '\\'`,
          sql<SqlBool>`lower(name) like ${like} escape '\\'`,
          sql<SqlBool>`lower(email) like ${like} escape '\\'`,
        ]),
      );
    }
    if (filter.group) conditions.push(eb('patron_group', '=', filter.group));
    if (filter.active !== undefined) conditions.push(eb('active', '=', filter.active));
    if (filter.blocked !== undefined) conditions.push(filter.blocked ? blockedOn(filter.today) : eb.not(blockedOn(filter.today)));
    return eb.and(conditions);
  };
  const rows = await db
    .selectFrom('patron')
    .select(COLUMNS)
    .where(where)
    .orderBy(sql`lower(name)`)
    .orderBy('barcode')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const count = await db.selectFrom('patron').select((eb) => eb.fn.countAll<string>().as('n')).where(where).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** Every patron of an institution by barcode: what the configuration export writes. */
export async function listAllPatrons(db: Db, institutionId: string): Promise<Patron[]> {
  return db.selectFrom('patron').select(COLUMNS).where('institution_id', '=', institutionId).orderBy('barcode').execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The usernames of the patron accounts that sign in as each barcode, keyed by lower-cased barcode. */
export async function patronAccountNames(db: Db, institutionId: string, barcodes: readonly string[]): Promise<Map<string, string[]>> {
  const accounts = new Map<string, string[]>();
  if (barcodes.length === 0) return accounts;
  const rows = await db
    .selectFrom('user_account')
    .select(['username', sql<string>`lower(patron_id)`.as('barcode')])
    .where('institution_id', '=', institutionId)
    .where('kind', '=', 'patron')
    .where(sql<SqlBool>`lower(patron_id) in (${sql.join(barcodes.map((barcode) => barcode.toLowerCase()))})`)
    .orderBy('username')
    .execute();
  for (const row of rows) accounts.set(row.barcode, [...(accounts.get(row.barcode) ?? []), row.username]);
  return accounts;
}
