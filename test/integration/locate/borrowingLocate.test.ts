/**
 * Borrowing locate end to end, in one deployment with a real HTTP listener: NSU's rota has four
 * partners. HCPL holds the item with an available copy, LKC holds it only on loan, XPR does not
 * hold it (all three real Interlend catalogues searched over our own /sru/<CODE>), and DOWN's
 * Z39.50 server is a closed port. Locate keeps HCPL first and DOWN as fallback, drops LKC and
 * XPR with reasons, and the request goes to HCPL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient} from '../../../src/cli/apiClient.js';
import { ApiError } from '../../../src/cli/apiClient.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import { listInstitutions } from '../../../src/store/institutionRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { freePort } from '../../support/yazZtest.js';
import { waitFor } from '../../support/waitFor.js';

const backends = await availableBackends();

const ISBN = '9780441478125';
const CITATION = { title: 'The Left Hand of Darkness', author: 'Le Guin, Ursula K.', isbn: ISBN };

/** A MARCXML record with Koha 952 items: `onLoan` items carry a due date ($q). */
function marc(id: string, title: string, isbn: string, items: { barcode: string; onLoan?: boolean }[]): string {
  const sub = (code: string, value: string) => `<subfield code="${code}">${value}</subfield>`;
  const item = (i: { barcode: string; onLoan?: boolean }) =>
    `<datafield tag="952" ind1=" " ind2=" ">${sub('a', 'MAIN')}${sub('c', 'STACKS')}${sub('o', 'PS3562.E42')}${sub('p', i.barcode)}${i.onLoan ? sub('q', '2030-01-01') : ''}</datafield>`;
  return `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">${id}</controlfield>
<datafield tag="020" ind1=" " ind2=" ">${sub('a', isbn)}</datafield><datafield tag="100" ind1="1" ind2=" ">${sub('a', 'Le Guin, Ursula K.')}</datafield>
<datafield tag="245" ind1="1" ind2="4">${sub('a', title)}</datafield>${items.map(item).join('')}</record>`;
}
const collection = (...records: string[]) => `<collection xmlns="http://www.loc.gov/MARC21/slim">${records.join('')}</collection>`;
const OTHER_BOOK = marc('other-1', 'A Wizard of Earthsea', '9780547773742', [{ barcode: 'W-1' }]);

function borrower(code: string, settings: string, downPort: number): string {
  const sru = (lender: string) => `      - { code: SRU-${lender}, name: ${lender} catalogue, protocol: sru, url: /sru/${lender}, version: '1.2', checkAvailability: true, timeoutMs: 8000 }`;
  return `
  - code: ${code}
    name: Borrower ${code}
    symbols: ["ISIL:US-${code}"]
    libraries: [{ code: MAIN, name: Main Library }]
    borrowingSettings: ${settings}
    locateProfiles:
${['HCPL', 'LKC', 'XPR'].map(sru).join('\n')}
      - { code: Z-DOWN, name: Down Town catalogue, protocol: z3950, host: 127.0.0.1, port: ${downPort}, database: Default, timeoutMs: 3000 }
    partners:
      - { code: DOWN, name: Down Town Library, symbol: "ISIL:US-DOWN", endpoint: "http://127.0.0.1:${downPort}/iso18626", locateProfile: Z-DOWN }
      - { code: XPR, name: Slow Town Library, symbol: "ISIL:US-XPR", locateProfile: SRU-XPR }
      - { code: LKC, name: Lakeside College, symbol: "ISIL:US-LKC", locateProfile: SRU-LKC }
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL", locateProfile: SRU-HCPL }`;
}

function lender(code: string): string {
  return `
  - code: ${code}
    name: Lender ${code}
    symbols: ["ISIL:US-${code}"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
${['NSU', 'OFF', 'CAN', 'OWN'].map((b) => `      - { code: ${b}, name: Borrower ${b}, symbol: "ISIL:US-${b}" }`).join('\n')}`;
}

interface RotaView {
  position: number;
  partner: { code: string };
  status: string;
  reason: string | null;
  locate: { outcome: string } | null;
}
interface View {
  id: string;
  number: string;
  status: string;
  needsAttention: string | null;
  allowedActions: string[];
  rota: RotaView[];
  history: { event: string; note: string | null }[];
}
interface Evidence {
  runs: { runId: string; results: { partner: string | null; protocol: string; target: string; query: string | null; outcome: string; hits: number | null; recordIds: string[]; availability: { status: string; barcode?: string }[]; detail: string | null }[] }[];
}

describe.each(backends)('borrowing locate end to end (%s)', (backend) => {
  let server: ApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    const down = await freePort();
    const yaml = `institutions:${borrower('NSU', '{ autoLocate: true }', down)}${borrower('OFF', '{ autoLocate: false }', down)}${borrower('CAN', '{ autoLocate: true, cancelOnLocateFailure: true }', down)}${borrower('OWN', '{ autoLocate: true }', down)}${['HCPL', 'LKC', 'XPR'].map(lender).join('')}\n`;
    const catalogues: Record<string, string> = {
      HCPL: collection(marc('hcpl-1', 'The left hand of darkness', ISBN, [{ barcode: 'HC-1', onLoan: true }, { barcode: 'HC-2' }]), OTHER_BOOK),
      LKC: collection(marc('lkc-1', 'The left hand of darkness', '0-441-47812-3', [{ barcode: 'LK-1', onLoan: true }])),
      XPR: collection(OTHER_BOOK),
      OWN: collection(marc('own-1', 'The left hand of darkness', ISBN, [{ barcode: 'OWN-1' }])),
    };
    server = await startApiServer(backend, {
      network: yaml,
      networkFile: 'locate.yaml',
      seed: async (db) => {
        const institutions = new Map((await listInstitutions(db)).map((i) => [i.code, i.id]));
        for (const [code, xml] of Object.entries(catalogues)) {
          const result = await importMarc(db, new TextEncoder().encode(xml), { institutionId: institutions.get(code)! });
          expect(result.rejected).toEqual([]);
        }
      },
      demo: true,
      outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 },
      locatePollIntervalMs: 100,
    });
    api = server.client();
  });
  afterAll(() => server?.stop());

  const create = (symbol: string, body: Record<string, unknown> = {}) =>
    api.call<View>('POST', api.borrowing(symbol), { patronId: 'P-7', citation: CITATION, rota: ['DOWN', 'XPR', 'LKC', 'HCPL'], ...body });
  const read = (symbol: string, id: string) => api.call<View>('GET', api.borrowing(symbol, id));
  const evidence = (symbol: string, id: string) => api.call<Evidence>('GET', `${api.borrowing(symbol, id)}/locate-results`);
  const settled = (symbol: string, id: string) => waitFor(() => read(symbol, id), (v) => v.status !== 'locate_in_process' && v.status !== 'created', { what: 'locate to finish', timeoutMs: 30_000 });

  it('keeps the holder first and the unreachable partner as fallback, drops the rest with evidence, and sends to the holder', async () => {
    const created = await create('US-NSU');
    expect(created.status).toBe('locate_in_process');
    const view = await settled('US-NSU', created.id);
    expect(view.status).toBe('request_sent');
    expect(view.rota.map((e) => [e.partner.code, e.status, e.locate?.outcome])).toEqual([
      ['HCPL', 'sent', 'held'],
      ['DOWN', 'pending', 'unreachable'],
      ['XPR', 'cancelled', 'not-held'],
      ['LKC', 'cancelled', 'held-unavailable'],
    ]);
    expect(view.rota.find((e) => e.partner.code === 'XPR')?.reason).toMatch(/^locate: not held \(SRU http:\/\/127\.0\.0\.1:\d+\/sru\/XPR 0 hits\)$/);
    expect(view.rota.find((e) => e.partner.code === 'LKC')?.reason).toMatch(/^locate: held, no available item \(SRU .*\/sru\/LKC 1 hits\)$/);

    const { runs } = await evidence('US-NSU', created.id);
    expect(runs).toHaveLength(1);
    const by = new Map(runs[0]!.results.map((r) => [r.partner ?? r.protocol, r]));
    expect(by.get('HCPL')).toMatchObject({ protocol: 'sru', outcome: 'held', query: `isbn=${ISBN}`, hits: 1, recordIds: ['hcpl-1'] });
    expect(by.get('HCPL')?.availability.map((a) => [a.barcode, a.status])).toEqual([
      ['HC-1', 'on-loan'],
      ['HC-2', 'available'],
    ]);
    expect(by.get('LKC')).toMatchObject({ outcome: 'held-unavailable', hits: 1, availability: [{ barcode: 'LK-1', status: 'on-loan' }] });
    expect(by.get('XPR')).toMatchObject({ outcome: 'not-held', hits: 0, query: `isbn=${ISBN}; title=The Left Hand of Darkness` });
    expect(by.get('DOWN')).toMatchObject({ protocol: 'z3950', outcome: 'unreachable', hits: null });
    expect(by.get('local')).toMatchObject({ target: 'local catalogue', outcome: 'not-held', hits: 0 });

    // The request reached the holder: HCPL has the lending request.
    const atHolder = await api.findLendingRequest('US-HCPL', created.number);
    expect(atHolder.status).toBeTruthy();
    expect(view.history.map((h) => h.event)).toEqual(expect.arrayContaining(['locate:start', 'locate:found', 'send']));
    expect(view.history.find((h) => h.event === 'locate:found')?.note).toBe('held: HCPL; fallback: DOWN (unreachable); dropped: XPR (not held), LKC (held, no available item)');
  });

  it('changes nothing when auto-locate is off: sent at once to the first partner, no locate', async () => {
    const created = await create('US-OFF', { rota: ['HCPL', 'XPR'] });
    expect(created.status).toBe('request_sent');
    expect(created.rota.map((e) => [e.partner.code, e.status, e.locate])).toEqual([
      ['HCPL', 'sent', null],
      ['XPR', 'pending', null],
    ]);
    expect((await evidence('US-OFF', created.id)).runs).toEqual([]);
  });

  it('cancels the request when nobody holds an available copy and the library cancels on locate failure', async () => {
    const created = await create('US-CAN', { rota: ['XPR', 'LKC'] });
    const view = await settled('US-CAN', created.id);
    expect(view.status).toBe('cancelled');
    expect(view.rota.map((e) => [e.partner.code, e.status])).toEqual([
      ['XPR', 'cancelled'],
      ['LKC', 'cancelled'],
    ]);
  });

  it('ends in Locate failed without that setting, and staff can locate again over HTTP', async () => {
    const created = await create('US-NSU', { rota: ['XPR', 'LKC'] });
    const failed = await settled('US-NSU', created.id);
    expect(failed.status).toBe('locate_failed');
    expect(failed.allowedActions).toContain('locate');
    const again = await api.call<View>('POST', `${api.borrowing('US-NSU', created.id)}/actions/locate`, {});
    expect(again.status).toBe('locate_in_process');
    expect((await settled('US-NSU', created.id)).status).toBe('locate_failed');
    const { runs } = await evidence('US-NSU', created.id);
    expect(runs).toHaveLength(2);
  });

  it('locates on staff request without sending when the request was left Ready to be sent', async () => {
    const created = await create('US-OFF', { rota: ['XPR', 'HCPL'], send: false });
    expect(created.status).toBe('created');
    await api.call<View>('POST', `${api.borrowing('US-OFF', created.id)}/actions/locate`, {});
    const view = await settled('US-OFF', created.id);
    expect(view.status).toBe('ready_to_send');
    expect(view.rota.map((e) => [e.partner.code, e.status])).toEqual([
      ['HCPL', 'pending'],
      ['XPR', 'cancelled'],
    ]);
  });

  it('flags an item the borrowing library holds itself and does not send', async () => {
    const created = await create('US-OWN', { rota: ['HCPL'] });
    const view = await settled('US-OWN', created.id);
    expect(view.status).toBe('ready_to_send');
    expect(view.needsAttention).toBe('held locally: OWN-1 at MAIN/STACKS');
    expect(view.rota.map((e) => [e.partner.code, e.status])).toEqual([['HCPL', 'pending']]);
    const local = (await evidence('US-OWN', created.id)).runs[0]?.results.find((r) => r.protocol === 'local');
    expect(local).toMatchObject({ outcome: 'held', hits: 1, recordIds: ['own-1'], detail: 'held locally: OWN-1 at MAIN/STACKS' });
  });

  it('never strands a request in Locate in process: staff may locate again or send, and a late run only adds evidence', async () => {
    await server.interlend.locate.stop();
    const created = await create('US-NSU', { rota: ['XPR', 'HCPL'] });
    expect(created.allowedActions).toEqual(expect.arrayContaining(['send', 'locate', 'cancel']));
    const asked = await api.call<View>('POST', `${api.borrowing('US-NSU', created.id)}/actions/locate`, {});
    expect(asked.status).toBe('locate_in_process');
    const sent = await api.call<View>('POST', `${api.borrowing('US-NSU', created.id)}/actions/send`, {});
    expect(sent.status).toBe('request_sent');
    expect(sent.rota.map((e) => [e.partner.code, e.status])).toEqual([
      ['XPR', 'sent'],
      ['HCPL', 'pending'],
    ]);
    // Drained by the test itself, not the loop: drain returns once the run it claimed is recorded.
    await server.interlend.locate.drain();
    server.interlend.locate.start();
    const after = await read('US-NSU', created.id);
    expect(after.status).toBe('request_sent');
    expect(after.rota.map((e) => [e.partner.code, e.status])).toEqual([
      ['XPR', 'sent'],
      ['HCPL', 'pending'],
    ]);
    expect((await evidence('US-NSU', created.id)).runs).toHaveLength(1);
  });

  it('refuses the locate action where the table does not allow it, and hides other institutions’ evidence', async () => {
    const created = await create('US-OFF', { rota: ['HCPL'] });
    await expect(api.call('POST', `${api.borrowing('US-OFF', created.id)}/actions/locate`, {})).rejects.toMatchObject({ status: 409 });
    await expect(evidence('US-NSU', created.id)).rejects.toBeInstanceOf(ApiError);
    await expect(evidence('US-NSU', created.id)).rejects.toMatchObject({ status: 404 });
    await expect(api.call('GET', `${api.borrowing('US-NSU', 'not-a-uuid')}/locate-results`)).rejects.toMatchObject({ status: 400 });
  });
});
