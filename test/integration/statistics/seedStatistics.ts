import type { Db } from '../../../src/store/database.js';

/** Seeding requests, rota entries and history events with fixed times: known data for the statistics. */

export async function partnerId(db: Db, institution: string, code: string): Promise<string> {
  return (await db.selectFrom('partner').select('id').where('institution_id', '=', institution).where('code', '=', code).executeTakeFirstOrThrow()).id;
}

let counter = 0;

/** A borrowing request in `status` with its rota (partner, sent, entry status) and events (to status, at). */
export async function borrowing(
  db: Db,
  institution: string,
  status: string,
  rota: { partner: string; sentAt: Date; status: 'sent' | 'rejected' | 'supplying' }[],
  events: { to: string; at: Date }[],
): Promise<string> {
  counter += 1;
  const created = rota[0]?.sentAt ?? new Date();
  const request = await db
    .insertInto('borrowing_request')
    .values({
      institution_id: institution,
      status,
      request_number: `STAT-${counter}`,
      patron_id: 'P-1',
      format: 'physical',
      service_type: 'loan',
      title: `Statistics book ${counter}`,
      citation: JSON.stringify({ title: `Statistics book ${counter}` }),
      created_at: created,
      updated_at: created,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [position, entry] of rota.entries()) {
    await db
      .insertInto('rota_entry')
      .values({ institution_id: institution, borrowing_request_id: request.id, position, partner_id: entry.partner, status: entry.status, sent_at: entry.sentAt, updated_at: entry.sentAt })
      .execute();
  }
  for (const event of events) {
    await db
      .insertInto('request_event')
      .values({ institution_id: institution, request_kind: 'borrowing', request_id: request.id, at: event.at, actor: 'test', event: 'seeded', from_status: null, to_status: event.to, note: null })
      .execute();
  }
  return request.id;
}

/** A lending request from `partner` (or an agency that is not a partner) received at `createdAt`, shipped at `shippedAt`. */
export async function lending(db: Db, institution: string, from: { partner: string | null; agency: string }, status: string, createdAt: Date, shipped?: { to: string; at: Date }): Promise<string> {
  counter += 1;
  const request = await db
    .insertInto('lending_request')
    .values({
      institution_id: institution,
      status,
      requesting_agency_id_type: 'ISIL',
      requesting_agency_id_value: from.agency,
      requesting_agency_request_id: `REQ-${counter}`,
      supplying_agency_id_type: 'ISIL',
      supplying_agency_id_value: 'US-NSU',
      supplying_agency_request_id: `LEND-${counter}`,
      partner_id: from.partner,
      protocol_version: '1.2',
      service_type: 'Loan',
      title: `Lent book ${counter}`,
      author: null,
      citation: JSON.stringify({}),
      created_at: createdAt,
      updated_at: createdAt,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  if (shipped) {
    await db
      .insertInto('request_event')
      .values({ institution_id: institution, request_kind: 'lending', request_id: request.id, at: shipped.at, actor: 'test', event: 'seeded', from_status: 'will_supply', to_status: shipped.to, note: null })
      .execute();
  }
  return request.id;
}

