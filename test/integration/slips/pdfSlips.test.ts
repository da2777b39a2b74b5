import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { htmlToPrintBlocks } from '../../../src/domain/slips/printBlocks.js';
import { toStandardFontText } from '../../../src/domain/slips/printableText.js';
import { escapeHtml } from '../../../src/domain/slips/render.js';
import { installedSlipFonts, writeSlipPdf } from '../../../src/services/slips/slipPdf.js';
import type { Db } from '../../../src/store/database.js';
import { insertPickRequest } from '../../../src/store/pickRequestRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { circulationNetwork, inDays, institutionId, seedCatalogueItem, seedPatron } from '../circulation/circulationNetwork.js';
import { flat, pdfText, requirePdftotext } from './pdf.js';

const backends = await availableBackends();
const hasPdftotext = requirePdftotext('reading PDF slips back');

/** Hostile and non-Latin on purpose: markup, a PDF header, Cyrillic and Greek must all print as text. */
const PATRON_NAME = 'Лев Толстой <script>alert(1)</script> %PDF-1.4 Ωμέγα';
const LONG_TITLE = `A Wizard of Earthsea ${'x'.repeat(960)} end`;

async function seed(db: Db): Promise<void> {
  await seedCatalogueItem(db, 'HCPL', { isbns: [] });
  await seedPatron(db, 'NSU', 'P-7', PATRON_NAME);
}

/** What the PDF should show for `text`: itself with a Unicode font, its Latin substitute with the standard fonts. */
async function printed(text: string): Promise<string> {
  return (await installedSlipFonts()).kind === 'unicode' ? text : toStandardFontText(text);
}

describe.skipIf(!hasPdftotext)('PDF slips without a database', () => {
  it('print Cyrillic and Greek readably with the standard fonts (no Unicode font installed)', async () => {
    const pdf = await writeSlipPdf(htmlToPrintBlocks(`<h1>Receive slip</h1><p>Patron: ${escapeHtml(PATRON_NAME)}</p><p>Item: <span class="barcode">TMP-1</span></p>`), {
      title: 'Receive slip Ωμέγα',
      fonts: { kind: 'standard' },
    });
    const read = pdfText(pdf);
    expect(read.status).toBe(0);
    expect(flat(read.text)).toContain('Patron: Lev Tolstoy <script>alert(1)</script> %PDF-1.4 Omega');
    expect(flat(read.text)).toContain('TMP-1');
  });

  it('print them as they are with a Unicode font, when the machine has one', async () => {
    const fonts = await installedSlipFonts();
    if (fonts.kind === 'standard') {
      console.warn('SKIPPING the Unicode font check: no DejaVu, Noto or Liberation font installed; slips print with the standard fonts');
      return;
    }
    const read = pdfText(await writeSlipPdf(htmlToPrintBlocks(`<p>${escapeHtml(PATRON_NAME)}</p>`), { title: 'x', fonts }));
    expect(read.status).toBe(0);
    expect(flat(read.text)).toBe(PATRON_NAME);
  });
});

describe.skipIf(!hasPdftotext).each(backends)('PDF slips on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await circulationNetwork({ accounts: true, lakeside: 'unrelated', addresses: true }), seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function token(institution: string): Promise<string> {
    let found = tokens.get(institution);
    if (!found) {
      found = (await server.signIn(`US-${institution}`, 'admin')).token;
      tokens.set(institution, found);
    }
    return found;
  }

  /** A slip as PDF (by ?format=pdf, or by the Accept header when `accept` is given): status, headers, pdftotext's reading. */
  async function pdfSlip(institution: string, path: string, kind: string, how: { accept?: string; query?: string } = { query: 'format=pdf' }) {
    const response = await fetch(`${server.base}${path}/slips/${kind}${how.query ? `?${how.query}` : ''}`, {
      headers: { authorization: `Bearer ${await token(institution)}`, ...(how.accept ? { accept: how.accept } : {}) },
    });
    const body = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const read = type === 'application/pdf' ? pdfText(body) : undefined;
    return { status: response.status, type, disposition: response.headers.get('content-disposition'), body, read, text: read ? flat(read.text) : body.toString('utf8') };
  }
  const act = (path: string, action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);

  it('prints every slip kind as PDF with the patron, title, barcode, request number and the partner address; hostile text stays text', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-7', citation: { title: LONG_TITLE, author: 'Le Guin' }, rota: ['HCPL'] });
    const bp = api.borrowing('US-NSU', created.id);
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const lp = api.lending('US-HCPL', lending.id);
    await act(lp, 'will-supply');
    await api.waitForStatus(bp, 'will_supply');
    await insertPickRequest(server.db, { institutionId: await institutionId(server.db, 'HCPL'), lendingRequestId: lending.id, itemId: null, barcode: 'HC-0001', libraryId: null, location: 'Stacks', callNumber: 'PZ7 .L52' }, new Date());
    // The long title prints whole, cut into pieces a line can hold.
    const titleShown = (text: string) => text.replace(/\s+/g, '').includes(LONG_TITLE.replace(/\s+/g, ''));

    const pick = await pdfSlip('HCPL', lp, 'pick');
    expect(pick).toMatchObject({ status: 200, type: 'application/pdf', disposition: `inline; filename="pick-${lending.number}.pdf"` });
    expect(pick.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pick.read?.status).toBe(0);
    expect(pick.text).toContain('Pick slip');
    expect(titleShown(pick.text)).toBe(true);
    expect(pick.text).toContain(`Request: ${lending.number}`);
    expect(pick.text).toContain('Stacks | PZ7 .L52 | HC-0001');
    expect(pick.text).toContain('North State University');

    const shipping = await pdfSlip('HCPL', lp, 'shipping', { accept: 'application/pdf' });
    expect(shipping).toMatchObject({ status: 200, type: 'application/pdf', disposition: `inline; filename="shipping-${lending.number}.pdf"` });
    expect(shipping.read?.status).toBe(0);
    expect(shipping.text).toContain('Ship to North State University 40 Campus Drive <Dock B> 10001 Northville NY US');
    expect(titleShown(shipping.text)).toBe(true);

    await act(lp, 'ship', { dueDate: inDays(21), barcode: 'HC-0001' });
    await api.waitForStatus(bp, 'shipped_physically');
    const shipped = await pdfSlip('HCPL', lp, 'shipping');
    expect(shipped.text).toContain('Item: HC-0001');

    // Before receipt a receive slip is refused, as PDF as well as HTML.
    expect((await pdfSlip('NSU', bp, 'receive')).status).toBe(409);
    await act(bp, 'receive');
    const receive = await pdfSlip('NSU', bp, 'receive');
    expect(receive).toMatchObject({ status: 200, type: 'application/pdf', disposition: `inline; filename="receive-${created.number}.pdf"` });
    expect(receive.read?.status).toBe(0);
    expect(receive.text).toContain(`Patron: ${await printed(PATRON_NAME)}`);
    expect(receive.text).toContain('Patron barcode: P-7');
    expect(receive.text).toContain(`Request: ${created.number}`);
    expect(receive.text).toContain(`Item: TMP-${created.number}`);
    expect(receive.text).toContain('Lender: Harbor City Public Library');
    expect(titleShown(receive.text)).toBe(true);

    await act(bp, 'loan-to-patron');
    await act(bp, 'patron-return');
    const ret = await pdfSlip('NSU', bp, 'return', { accept: 'text/html;q=0.5, application/pdf' });
    expect(ret).toMatchObject({ status: 200, type: 'application/pdf', disposition: `inline; filename="return-${created.number}.pdf"` });
    expect(ret.read?.status).toBe(0);
    expect(ret.text).toContain('Return to Harbor City Public Library 200 Harbor Street Harbor City US');
    expect(ret.text).toContain('Item: HC-0001');
    expect(ret.text).toContain(`Our request: ${created.number}`);

    // HTML stays the default; an unknown format is a 400; a PDF refused by Accept q=0 is HTML.
    expect((await pdfSlip('NSU', bp, 'return', { query: 'format=html' })).type).toBe('text/html; charset=utf-8');
    expect((await pdfSlip('NSU', bp, 'return', { accept: 'application/pdf;q=0, text/html' })).type).toBe('text/html; charset=utf-8');
    expect((await pdfSlip('NSU', bp, 'return', { query: 'format=docx' })).status).toBe(400);
  }, 120_000);

  it("prints the institution's edited template in the PDF too, hostile template text included", async () => {
    const html = '<main><h1>Hold for {{patronName}}</h1><p>Shelf note: keep behind the desk — Ζ</p><script>document.write("never")</script><p>%PDF-1.7 <b>bold</b> {{temporaryBarcode}}</p><p>' + 'y'.repeat(20_000) + '</p></main>';
    const put = await fetch(`${server.base}/api/v1/institutions/US-NSU/slip-templates/receive`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await token('NSU')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ html }),
    });
    expect(put.status).toBe(200);
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-7', citation: { title: 'Tehanu' }, rota: ['HCPL'] });
    const bp = api.borrowing('US-NSU', created.id);
    const lp = api.lending('US-HCPL', (await api.findLendingRequest('US-HCPL', created.number)).id);
    await act(lp, 'will-supply');
    await api.waitForStatus(bp, 'will_supply');
    await act(lp, 'ship', { dueDate: inDays(21) });
    await api.waitForStatus(bp, 'shipped_physically');
    await act(bp, 'receive');
    const custom = await pdfSlip('NSU', bp, 'receive');
    expect(custom.status).toBe(200);
    expect(custom.read?.status).toBe(0);
    expect(custom.text).toContain(`Hold for ${await printed(PATRON_NAME)}`);
    expect(custom.text).toContain(await printed('Shelf note: keep behind the desk — Ζ'));
    expect(custom.text).toContain(`%PDF-1.7 bold TMP-${created.number}`);
    expect(custom.text).not.toContain('never');
    expect(custom.text.replace(/\s+/g, '')).toContain('y'.repeat(20_000));
    // The PDF stays bounded however long the template's output.
    expect(custom.body.length).toBeLessThan(2_000_000);
  }, 120_000);
});
