/**
 * One Interlend server over real HTTP plus one foreign ISO 18626 system (a node:http server
 * that records every request it gets, headers included, and answers OK), for the interop and
 * partner-security suites.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { buildIso18626, confirmationFor, parseIso18626, type Iso18626Message } from '../../../src/protocols/iso18626/index.js';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { createBorrowingRequest } from '../../../src/services/borrowing/createBorrowingRequest.js';
import { findInstitutionBySymbol } from '../../../src/store/institutionRepository.js';
import type { BorrowingRequest, Institution } from '../../../src/store/schema.js';
import { startApiServer } from '../../support/apiServer.js';
import type { Backend, TestDatabase } from '../../support/databases.js';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  message: Iso18626Message | undefined;
}

export interface Answer {
  status: number;
  body: string;
  messageStatus?: string;
  errorType?: string;
  errorValue?: string;
}

export interface Harness {
  database: TestDatabase;
  interlend: Interlend;
  /** What the foreign system received from us, in order. */
  received: Received[];
  hcpl: Institution;
  post(xml: string, headers?: Record<string, string>): Promise<Answer>;
  /** Waits (bounded) until the foreign system has received a message matching `match`. */
  waitForReceived(match: (r: Received) => boolean): Promise<Received>;
  borrow(requestNumberHint: string, rota: string[]): Promise<BorrowingRequest>;
  close(): Promise<void>;
}

/** `network(endpoint)` is the YAML of the deployment, with the foreign system's URL filled in. */
export async function startHarness(backend: Backend, network: (endpoint: string) => string): Promise<Harness> {
  const received: Received[] = [];
  const foreign: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = parseIso18626(body);
      received.push({ headers: request.headers, body, message: parsed.ok ? parsed.message : undefined });
      const now = '2026-11-25T10:00:00Z';
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(buildIso18626(confirmationFor(parsed, { status: parsed.ok ? 'OK' : 'ERROR', timestamp: now, timestampReceived: now }), parsed.version ?? '1.2'));
    });
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const address = foreign.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/iso18626`;

  const server = await startApiServer(backend, { network: network(endpoint), networkFile: 'interop.yaml', demo: true, outboxPolicy: { baseDelayMs: 50, pollIntervalMs: 25 } });
  const { database, interlend, base } = server;
  const hcpl = await findInstitutionBySymbol(database.db, { idType: 'ISIL', idValue: 'US-HCPL' });
  if (!hcpl) throw new Error('the network must have US-HCPL');

  return {
    database,
    interlend,
    received,
    hcpl,
    async post(xml, headers = {}) {
      const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body: xml });
      const body = await response.text();
      const parsed = parseIso18626(body);
      const message = parsed.ok && 'confirmationHeader' in parsed.message ? parsed.message : undefined;
      const error = message?.errorData?.[0];
      return {
        status: response.status,
        body,
        ...(message ? { messageStatus: message.confirmationHeader.messageStatus } : {}),
        ...(error ? { errorType: error.errorType, errorValue: error.errorValue } : {}),
      };
    },
    async waitForReceived(match) {
      for (let waited = 0; waited < 10_000; waited += 25) {
        const found = received.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`the foreign system never received the expected message; it has ${received.length}`);
    },
    borrow(hint, rota) {
      return createBorrowingRequest(interlend.ctx, hcpl, {
        patronId: `patron-${hint}`,
        citation: { title: `Interop ${hint}`, author: 'Tester' },
        format: 'physical',
        serviceType: 'loan',
        rota,
        rotaOrder: 'ordered',
        send: true,
        actor: 'user:test',
      });
    },
    async close() {
      await server.stop();
      await new Promise((resolve) => foreign.close(resolve));
    },
  };
}

/** A supplyingAgencyMessage to HCPL about one of its borrowing requests, as XML a foreign lender would write. */
export function lenderMessage(input: { from: string; requestNumber: string; reason: string; status: string; note?: string; extra?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
  <supplyingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${input.from}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-HCPL</agencyIdValue></requestingAgencyId>
      <multipleItemRequestId></multipleItemRequestId>
      <timestamp>2026-11-25T10:05:00Z</timestamp>
      <requestingAgencyRequestId>${input.requestNumber}</requestingAgencyRequestId>
      <supplyingAgencyRequestId>${input.from}-77</supplyingAgencyRequestId>
    </header>
    <messageInfo>
      <reasonForMessage>${input.reason}</reasonForMessage>${input.note === undefined ? '' : `\n      <note>${input.note}</note>`}
    </messageInfo>
    <statusInfo>
      <status>${input.status}</status>
      <lastChange>2026-11-25T10:05:00Z</lastChange>
    </statusInfo>${input.extra ?? ''}
  </supplyingAgencyMessage>
</ISO18626Message>`;
}

/** A request to HCPL from a foreign borrower. */
export function borrowerRequest(input: { from: string; id: string; note?: string; authentication?: { accountId: string; securityCode: string } }): string {
  const auth = input.authentication
    ? `\n      <requestingAgencyAuthentication><accountId>${input.authentication.accountId}</accountId><securityCode>${input.authentication.securityCode}</securityCode></requestingAgencyAuthentication>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
  <request>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-HCPL</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${input.from}</agencyIdValue></requestingAgencyId>
      <multipleItemRequestId></multipleItemRequestId>
      <timestamp>2026-11-25T10:00:00Z</timestamp>
      <requestingAgencyRequestId>${input.id}</requestingAgencyRequestId>${auth}
    </header>
    <bibliographicInfo><title>Kindred</title><author>Butler, Octavia E.</author></bibliographicInfo>
    <serviceInfo><requestType>New</requestType><serviceType>Loan</serviceType>${input.note ? `<note>${input.note}</note>` : ''}</serviceInfo>
  </request>
</ISO18626Message>`;
}

/** A requestingAgencyMessage to HCPL about a lending request. */
export function borrowerMessage(input: { from: string; id: string; action: string; note?: string; authentication?: { accountId: string; securityCode: string } }): string {
  const auth = input.authentication
    ? `\n      <requestingAgencyAuthentication><accountId>${input.authentication.accountId}</accountId><securityCode>${input.authentication.securityCode}</securityCode></requestingAgencyAuthentication>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
  <requestingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-HCPL</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${input.from}</agencyIdValue></requestingAgencyId>
      <multipleItemRequestId></multipleItemRequestId>
      <timestamp>2026-11-25T10:10:00Z</timestamp>
      <requestingAgencyRequestId>${input.id}</requestingAgencyRequestId>${auth}
    </header>
    <action>${input.action}</action>${input.note ? `\n    <note>${input.note}</note>` : ''}
  </requestingAgencyMessage>
</ISO18626Message>`;
}
