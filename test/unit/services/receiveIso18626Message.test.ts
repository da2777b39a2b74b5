import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { receiveIso18626Message } from '../../../src/services/inbound/receiveIso18626Message.js';
import { findInstitutionBySymbol } from '../../../src/store/institutionRepository.js';
import { listRequestEvents } from '../../../src/store/requestEventRepository.js';
import { listProtocolMessages } from '../../../src/store/protocolMessageRepository.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';
import {
  hostileBodies,
  requestingAgencyMessageXml,
  requestXml,
  supplyingAgencyMessageXml,
} from '../../support/iso18626Messages.js';

let database: TestDatabase;
let ctx: ServiceContext;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  await applyNetworkConfig(database.db, testNetwork, 'test');
  ctx = { db: database.db, now: () => new Date('2026-11-25T12:00:00Z') };
});
afterAll(() => database.close());

beforeEach(async () => {
  await database.db.deleteFrom('protocol_message').execute();
  await database.db.deleteFrom('lending_request').execute();
});

async function counts() {
  const requests = await database.db.selectFrom('lending_request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const messages = await database.db.selectFrom('protocol_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const events = await database.db.selectFrom('request_event').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { requests: Number(requests.n), messages: Number(messages.n), events: Number(events.n) };
}

function errorOf(confirmation: string): { status: string; type?: string; value?: string } {
  const parsed = parseIso18626(confirmation);
  if (!parsed.ok) throw new Error(`confirmation does not parse: ${parsed.issue.value}`);
  const message = parsed.message;
  if (!('confirmationHeader' in message)) throw new Error(`not a confirmation: ${message.kind}`);
  const error = message.errorData?.[0];
  return { status: message.confirmationHeader.messageStatus, type: error?.errorType, value: error?.errorValue };
}

describe('a new request', () => {
  it('creates a lending request at the addressed institution with the citation, history and raw message', async () => {
    const body = requestXml({ id: 'NSU-1' });
    const outcome = await receiveIso18626Message(ctx, body);

    expect(outcome).toMatchObject({ kind: 'request', messageStatus: 'OK', duplicate: false, institutionCode: 'HCPL' });
    expect(errorOf(outcome.confirmation)).toEqual({ status: 'OK', type: undefined, value: undefined });
    const hcpl = await findInstitutionBySymbol(database.db, { idType: 'ISIL', idValue: 'US-HCPL' });
    const request = await database.db.selectFrom('lending_request').selectAll().executeTakeFirstOrThrow();
    expect(request).toMatchObject({
      institution_id: hcpl?.id,
      status: 'created',
      requesting_agency_id_type: 'ISIL',
      requesting_agency_id_value: 'US-NSU',
      requesting_agency_request_id: 'NSU-1',
      title: 'The Left Hand of Darkness',
      author: 'Le Guin, Ursula K.',
      service_type: 'Loan',
      protocol_version: '1.2',
    });
    expect(request.supplying_agency_request_id).toMatch(/^HCPL-\d+$/);
    expect(request.citation).toMatchObject({ publicationInfo: { publisher: 'Ace Books' } });

    const [event] = await listRequestEvents(database.db, request.institution_id, 'lending', request.id);
    expect(event).toMatchObject({ from_status: null, to_status: 'created', actor: 'iso18626:ISIL:US-NSU', event: 'requester:Request' });
    const [stored] = await listProtocolMessages(database.db, request.institution_id, 'lending', request.id);
    expect(stored).toMatchObject({ direction: 'in', message_kind: 'request', body, confirmation: outcome.confirmation, message_status: 'OK' });
  });

  it('answers in the sender’s version', async () => {
    const outcome = await receiveIso18626Message(ctx, requestXml({ id: 'NSU-2021', version: '2021' }));
    expect(outcome.messageStatus).toBe('OK');
    const parsed = parseIso18626(outcome.confirmation);
    expect(parsed.ok && parsed.version).toBe('2021');
  });

  it('answers a byte-identical re-delivery with the same confirmation and creates nothing', async () => {
    const body = requestXml({ id: 'NSU-dup' });
    const first = await receiveIso18626Message(ctx, body);
    const before = await counts();
    const again = await receiveIso18626Message({ ...ctx, now: () => new Date('2026-11-26T00:00:00Z') }, body);
    expect(again.duplicate).toBe(true);
    expect(again.confirmation).toBe(first.confirmation);
    expect(await counts()).toEqual(before);
  });

  it('refuses a different request that reuses the sender’s request id, changing nothing', async () => {
    await receiveIso18626Message(ctx, requestXml({ id: 'NSU-reuse', title: 'First title' }));
    const before = await counts();
    const outcome = await receiveIso18626Message(ctx, requestXml({ id: 'NSU-reuse', title: 'Another title' }));
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataValue' });
    expect(errorOf(outcome.confirmation).value).toContain('NSU-reuse');
    const after = await counts();
    expect(after.requests).toBe(before.requests);
    expect(after.messages).toBe(before.messages + 1);
    const titles = await database.db.selectFrom('lending_request').select('title').execute();
    expect(titles).toEqual([{ title: 'First title' }]);
  });

  it('lets two senders use the same request id', async () => {
    await receiveIso18626Message(ctx, requestXml({ id: 'SAME', from: 'US-NSU' }));
    const second = await receiveIso18626Message(ctx, requestXml({ id: 'SAME', from: 'US-LKC' }));
    expect(second.messageStatus).toBe('OK');
    expect((await counts()).requests).toBe(2);
  });

  it('creates exactly one request when the same message arrives concurrently', async () => {
    const body = requestXml({ id: 'NSU-race' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => receiveIso18626Message(ctx, body)));
    expect(outcomes.every((o) => o.messageStatus === 'OK')).toBe(true);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect((await counts()).requests).toBe(1);
  });
});

describe('addressing and senders', () => {
  it('refuses a request for an agency not served here and stores nothing', async () => {
    const outcome = await receiveIso18626Message(ctx, requestXml({ to: 'XX-NOWHERE' }));
    expect(errorOf(outcome.confirmation)).toEqual({
      status: 'ERROR',
      type: 'UnrecognisedDataValue',
      value: 'header/supplyingAgencyId: ISIL:XX-NOWHERE is not an agency served at this address',
    });
    expect(await counts()).toMatchObject({ requests: 0, messages: 0 });
  });

  it('refuses an unknown sender but keeps the message for the addressed institution', async () => {
    const outcome = await receiveIso18626Message(ctx, requestXml({ from: 'ZZ-STRANGER' }));
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataValue' });
    expect(errorOf(outcome.confirmation).value).toContain('ZZ-STRANGER is not a partner of HCPL');
    expect(await counts()).toMatchObject({ requests: 0, messages: 1 });
    const stored = await database.db.selectFrom('protocol_message').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      message_status: 'ERROR',
      error_type: 'UnrecognisedDataValue',
      error_value: errorOf(outcome.confirmation).value,
      peer_id_type: 'ISIL',
      peer_id_value: 'ZZ-STRANGER',
      confirmation: outcome.confirmation,
    });
  });

  it('refuses a message whose sender is its own addressee', async () => {
    const outcome = await receiveIso18626Message(ctx, requestXml({ from: 'US-HCPL', to: 'US-HCPL' }));
    expect(errorOf(outcome.confirmation).value).toContain('ISIL:US-HCPL is not a partner of HCPL');
    expect((await counts()).requests).toBe(0);
  });

  it('matches the agency id type case-insensitively', async () => {
    const body = requestXml({ id: 'case' }).replaceAll('>ISIL<', '>isil<');
    expect((await receiveIso18626Message(ctx, body)).messageStatus).toBe('OK');
  });
});

describe('messages about an existing request', () => {
  it('records a Notification on the request', async () => {
    const created = await receiveIso18626Message(ctx, requestXml({ id: 'NSU-n' }));
    const outcome = await receiveIso18626Message(ctx, requestingAgencyMessageXml('Notification', { id: 'NSU-n', note: 'Please hurry' }));
    expect(errorOf(outcome.confirmation).status).toBe('OK');
    const request = await database.db.selectFrom('lending_request').selectAll().executeTakeFirstOrThrow();
    expect(outcome.requestId).toBe(created.requestId);
    const events = await listRequestEvents(database.db, request.institution_id, 'lending', request.id);
    expect(events.map((e) => [e.event, e.note])).toContainEqual(['requester:Notification', 'Please hurry']);
  });

  it('refuses an action that makes no sense in the current status, changing nothing', async () => {
    await receiveIso18626Message(ctx, requestXml({ id: 'NSU-c' }));
    const outcome = await receiveIso18626Message(ctx, requestingAgencyMessageXml('ShippedReturn', { id: 'NSU-c' }));
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnsupportedActionType' });
    expect(errorOf(outcome.confirmation).value).toContain('"Created lending request"');
    const request = await database.db.selectFrom('lending_request').select('status').executeTakeFirstOrThrow();
    expect(request.status).toBe('created');
  });

  it('refuses a message about an unknown request', async () => {
    const outcome = await receiveIso18626Message(ctx, requestingAgencyMessageXml('Notification', { id: 'never-sent' }));
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataValue' });
    expect(errorOf(outcome.confirmation).value).toContain('never-sent');
  });

  it('refuses a supplyingAgencyRequestId that is not ours for the request', async () => {
    await receiveIso18626Message(ctx, requestXml({ id: 'NSU-s' }));
    const outcome = await receiveIso18626Message(ctx, requestingAgencyMessageXml('Notification', { id: 'NSU-s', supplyingAgencyRequestId: 'HCPL-0' }));
    expect(errorOf(outcome.confirmation).value).toContain('supplyingAgencyRequestId');
  });

  it('refuses a supplying agency message for a borrowing request it does not know', async () => {
    const outcome = await receiveIso18626Message(ctx, supplyingAgencyMessageXml({ id: 'NSU-unknown' }));
    expect(outcome.kind).toBe('supplyingAgencyMessage');
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataValue' });
  });
});

describe('bad input', () => {
  it.each([
    ['empty body', ''],
    ['not XML', 'hello'],
    ['truncated XML', requestXml().slice(0, 200)],
    ['XXE', hostileBodies.xxe],
    ['entity expansion', hostileBodies.billionLaughs],
    ['wrong root element', '<?xml version="1.0"?><order xmlns="urn:x"/>'],
  ])('%s gets BadlyFormedMessage and nothing is stored', async (_name, body) => {
    const outcome = await receiveIso18626Message(ctx, body);
    const answer = errorOf(outcome.confirmation);
    expect(answer).toMatchObject({ status: 'ERROR', type: 'BadlyFormedMessage' });
    expect(outcome.confirmation).not.toContain('root:');
    expect(outcome.confirmation).not.toContain('lollol');
    expect(await counts()).toMatchObject({ requests: 0, messages: 0 });
  });

  it('reports an unknown code value with its path and keeps the message', async () => {
    const body = requestXml({ id: 'bad-value' }).replace('<serviceType>Loan</serviceType>', '<serviceType>Teleport</serviceType>');
    expect(body).toContain('Teleport');
    const outcome = await receiveIso18626Message(ctx, body);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataValue' });
    expect(errorOf(outcome.confirmation).value).toContain('serviceType');
    expect(await counts()).toMatchObject({ requests: 0, messages: 1 });
  });

  it('reports an unknown element with its path', async () => {
    const body = requestXml({ id: 'bad-element' }).replace('<serviceType>', '<favouriteColour>blue</favouriteColour><serviceType>');
    const outcome = await receiveIso18626Message(ctx, body);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnrecognisedDataElement' });
    expect(errorOf(outcome.confirmation).value).toContain('favouriteColour');
  });

  it('reports a missing mandatory element', async () => {
    const body = requestXml({ id: 'missing' }).replace(/<requestingAgencyRequestId>[^<]*<\/requestingAgencyRequestId>/, '');
    const outcome = await receiveIso18626Message(ctx, body);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'BadlyFormedMessage' });
    expect(errorOf(outcome.confirmation).value).toContain('requestingAgencyRequestId');
  });

  it('answers UnsupportedActionType for an unknown action', async () => {
    const body = requestingAgencyMessageXml('Notification').replace('<action>Notification</action>', '<action>Teleport</action>');
    const outcome = await receiveIso18626Message(ctx, body);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnsupportedActionType' });
  });

  it('answers UnsupportedReasonForMessageType for an unknown reason', async () => {
    const body = supplyingAgencyMessageXml().replace('<reasonForMessage>RequestResponse</reasonForMessage>', '<reasonForMessage>Gossip</reasonForMessage>');
    const outcome = await receiveIso18626Message(ctx, body);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'UnsupportedReasonForMessageType' });
  });

  it('refuses a confirmation sent as if it were a message', async () => {
    const first = await receiveIso18626Message(ctx, requestXml({ id: 'conf' }));
    const outcome = await receiveIso18626Message(ctx, first.confirmation);
    expect(errorOf(outcome.confirmation)).toMatchObject({ status: 'ERROR', type: 'BadlyFormedMessage' });
  });
});
