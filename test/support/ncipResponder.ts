/**
 * A stand-in for an institution's ILS: a real HTTP NCIP responder. It validates EVERY message it
 * receives with xmllint against ncip_v2_02.xsd (failures are recorded for the test to assert
 * there were none) and answers each service as the test chose: an OCLC sample response, crafted
 * XML, or misbehaviour (silence, HTML, an HTTP error).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { STANDARDS_DIR } from './standards.js';
import { validateWithXsd } from './xmllint.js';

export const NCIP_DIR = join(STANDARDS_DIR, 'ncip');
export const NCIP_XSD = join(NCIP_DIR, 'ncip_v2_02.xsd');

export type NcipReply = { sample: string } | { xml: string; status?: number } | { silent: true } | { html: true } | { status: number; text?: string };

export interface ReceivedNcip {
  service: string;
  xml: string;
}

export interface NcipResponder {
  url: string;
  received: ReceivedNcip[];
  /** Messages that failed XSD validation, with xmllint's words. */
  invalid: { service: string; messages: string[]; xml: string }[];
  /** How to answer a service from now on (the default: its `…Response` sample, when one exists). */
  answer(service: string, reply: NcipReply): void;
  close(): Promise<void>;
}

export function oclcSample(name: string): string {
  return readFileSync(join(NCIP_DIR, 'examples-oclc', name), 'utf8');
}

/** The service an NCIP message asks for: the first element inside NCIPMessage. */
export function serviceOf(xml: string): string {
  return /<(?:[\w.-]+:)?NCIPMessage\b[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?([\w]+)/.exec(xml)?.[1] ?? 'unknown';
}

const header = `<ResponseHeader><FromAgencyId><AgencyId>ILS</AgencyId></FromAgencyId><ToAgencyId><AgencyId>US-NSU</AgencyId></ToAgencyId></ResponseHeader>`;
const wrap = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<NCIPMessage xmlns="http://www.niso.org/2008/ncip" xmlns:ns1="http://www.niso.org/2008/ncip" ns1:version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd">${inner}</NCIPMessage>\n`;

/** There is no LookupUserResponse among the OCLC samples: these are crafted (and validated by the tests). */
export function lookupUserResponse(userId: string, given: string, surname: string, blocks: string[] = []): string {
  const blockXml = blocks.map((b) => `<BlockOrTrap><AgencyId>ILS</AgencyId><BlockOrTrapType>${b}</BlockOrTrapType></BlockOrTrap>`).join('');
  return wrap(
    `<LookupUserResponse>${header}<UserId><UserIdentifierValue>${userId}</UserIdentifierValue></UserId><UserOptionalFields><NameInformation><PersonalNameInformation><StructuredPersonalUserName><GivenName>${given}</GivenName><Surname>${surname}</Surname></StructuredPersonalUserName></PersonalNameInformation></NameInformation>${blockXml}</UserOptionalFields></LookupUserResponse>`,
  );
}

export function lookupUserUnknown(userId: string): string {
  return wrap(
    `<LookupUserResponse>${header}<Problem><ProblemType ns1:Scheme="http://www.niso.org/ncip/v1_0/schemes/processingerrortype/lookupuserprocessingerror.scm">Unknown User</ProblemType><ProblemDetail>User ${userId} is not known to the ILS</ProblemDetail><ProblemElement>UserIdentifierValue</ProblemElement><ProblemValue>${userId}</ProblemValue></Problem></LookupUserResponse>`,
  );
}

export function renewItemResponse(itemId: string, dateDue: string): string {
  return wrap(`<RenewItemResponse>${header}<ItemId><ItemIdentifierValue>${itemId}</ItemIdentifierValue></ItemId><DateDue>${dateDue}</DateDue><RenewalCount>1</RenewalCount></RenewItemResponse>`);
}

export function deleteItemResponse(itemId: string): string {
  return wrap(`<DeleteItemResponse>${header}<ItemId><ItemIdentifierValue>${itemId}</ItemIdentifierValue></ItemId></DeleteItemResponse>`);
}

/** `service`'s response carrying one Problem (crafted where no OCLC sample has the problem wanted). */
export function problemResponse(service: string, problemType: string, detail: string, value?: string): string {
  const valueXml = value === undefined ? '' : `<ProblemValue>${value}</ProblemValue>`;
  return wrap(`<${service}Response>${header}<Problem><ProblemType>${problemType}</ProblemType><ProblemDetail>${detail}</ProblemDetail>${valueXml}</Problem></${service}Response>`);
}

const DEFAULTS: Record<string, NcipReply> = {
  LookupUser: { xml: lookupUserResponse('P-1', 'Ada', 'Lovelace') },
  AcceptItem: { sample: 'AcceptItemMinimalResponseSuccess.xml' },
  CheckOutItem: { sample: 'CheckOutItemResponseSuccess.xml' },
  CheckInItem: { sample: 'CheckInResponseBarcodedItemSuccess.xml' },
  RequestItem: { sample: 'RequestItemResponse.xml' },
  RenewItem: { xml: renewItemResponse('I-1', '2030-01-31T23:59:00Z') },
  DeleteItem: { xml: deleteItemResponse('I-1') },
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startNcipResponder(): Promise<NcipResponder> {
  const replies = new Map<string, NcipReply>(Object.entries(DEFAULTS));
  const received: ReceivedNcip[] = [];
  const invalid: NcipResponder['invalid'] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((xml) => {
      const service = serviceOf(xml);
      received.push({ service, xml });
      const [result] = validateWithXsd(NCIP_XSD, [xml]);
      if (!result?.valid) invalid.push({ service, messages: result?.messages ?? ['no result'], xml });
      const reply = replies.get(service) ?? { status: 501, text: `no answer set for ${service}` };
      if ('silent' in reply) return; // never answers: the client must time out
      if ('html' in reply) {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>Welcome to the ILS</h1></body></html>');
        return;
      }
      if ('sample' in reply) {
        response.writeHead(200, { 'content-type': 'application/xml' }).end(oclcSample(reply.sample));
        return;
      }
      if ('xml' in reply) {
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/xml' }).end(reply.xml);
        return;
      }
      response.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.text ?? 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ncip`,
    received,
    invalid,
    answer: (service, reply) => replies.set(service, reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
