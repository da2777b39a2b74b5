import { buildNcipMessage, parseNcipMessage, type NcipBody } from '../src/protocols/ncip/index.js';
import { closedLoop, type LoadResult } from './load.js';
import { withServer } from './serverUnderTest.js';

export interface BrokerOptions {
  backend: 'pglite' | 'postgres';
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

/** The demo broker (RSB) writing to North State University, as a broker's NCIP would. */
function brokerMessage(kind: 'AcceptItem' | 'CheckInItem', id: string): string {
  const header = { initiationHeader: { fromAgencyId: { agencyId: { value: 'ISIL:XX-RSB' } }, toAgencyId: { agencyId: { value: 'ISIL:US-NSU' } } } };
  const body: NcipBody =
    kind === 'AcceptItem'
      ? {
          ...header,
          requestId: { requestIdentifierValue: `RSB-${id}` },
          requestedActionType: { value: 'Hold For Pickup' },
          userId: { userIdentifierValue: 'P-1001' },
          itemId: { itemIdentifierValue: `LEND-${id}` },
          dateForReturn: '2027-01-31T00:00:00Z',
          itemOptionalFields: { bibliographicDescription: { title: 'Where the crawdads sing', author: 'Owens, Delia' } },
        }
      : { ...header, itemId: { itemIdentifierValue: `LEND-${id}` } };
  return buildNcipMessage({ kind, body });
}

async function post(base: string, xml: string): Promise<boolean> {
  const response = await fetch(`${base}/ncip`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
  const parsed = parseNcipMessage(await response.text());
  return response.status === 200 && parsed.ok && parsed.message.body.problem === undefined;
}

/**
 * Broker-based borrowing over `POST /ncip`: each lifecycle is an AcceptItem (a broker-managed
 * request with its temporary bib, holding, item and hold) and the CheckInItem that closes it and
 * removes them again — two NCIP messages, two transactions.
 */
export function brokerLifecycles(options: BrokerOptions): Promise<LoadResult> {
  return withServer(options.backend, options.pgUrl, async (server) => {
    const run = `${options.backend}-${options.concurrency}-${Date.now()}`;
    return closedLoop(options.concurrency, options.seconds, async (n) => {
      const id = `${run}-${n}`;
      return (await post(server.base, brokerMessage('AcceptItem', id))) && (await post(server.base, brokerMessage('CheckInItem', id)));
    });
  });
}
