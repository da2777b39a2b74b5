import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { secretHash } from '../../../src/services/interop/credentials.js';
import { availableBackends } from '../../support/databases.js';
import { startHarness, type Harness } from '../interop/harness.js';

const backends = await availableBackends();
const CODE = 'nsu-to-hcpl-code-8812';

/** HCPL requires header credentials of its in-deployment partner NSU; NSU lends to HCPL, which sends them. */
const network = (hcplSends: string) => () => `institutions:
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central }]
    partners:
      - code: NSU
        name: North State
        symbol: "ISIL:US-NSU"
        credentials: { outbound: { requestingAgencyAuthentication: { accountId: HCPL, securityCode: "${hcplSends}" } } }
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main }]
    partners:
      - code: HCPL
        name: Harbor City
        symbol: "ISIL:US-HCPL"
        credentials: { inbound: { requestingAgencyAuthentication: { accountId: HCPL, securityCodeHash: "${secretHash(CODE)}" } } }
`;

async function settled(h: Harness, requestId: string) {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const row = await h.database.db.selectFrom('outbox_message').select(['status', 'last_error']).where('request_id', '=', requestId).executeTakeFirst();
    if (row && row.status !== 'pending') return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the message was never delivered or parked');
}

describe.each(backends)('credentials between institutions of one deployment, in-process, on %s', (backend) => {
  let h: Harness;
  afterAll(() => h?.close());

  describe('with the right securityCode', () => {
    beforeAll(async () => {
      h = await startHarness(backend, network(CODE));
    });

    it('carries them in the message header and the lender accepts the request, keeping no securityCode', async () => {
      const request = await h.borrow('local', ['NSU']);
      expect(await settled(h, request.id)).toEqual({ status: 'delivered', last_error: null });
      const lending = await h.database.db.selectFrom('lending_request').select('requesting_agency_request_id').execute();
      expect(lending).toEqual([{ requesting_agency_request_id: request.request_number }]);
      const stored = await h.database.db.selectFrom('protocol_message').select('body').execute();
      expect(stored.length).toBeGreaterThan(0);
      for (const row of stored) expect(row.body).not.toContain(CODE);
      expect(stored.some((row) => row.body.includes('<accountId>HCPL</accountId>'))).toBe(true);
    });

    it('audits credential changes by kind and name, never a secret or its hash', async () => {
      await applyNetworkConfig(h.database.db, parseConfigText(network('a-new-code-4410')(), 'again.yaml'), 'again.yaml');
      const audit = await h.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'partner_credentials').orderBy('at').execute();
      const text = JSON.stringify(audit);
      for (const secret of [CODE, 'a-new-code-4410', secretHash(CODE)]) expect(text).not.toContain(secret);
      expect(audit.map((a) => [a.entity_key, a.action])).toEqual([
        ['NSU', 'create'],
        ['HCPL', 'create'],
        ['NSU', 'update'],
      ]);
      expect(audit.at(-1)?.after).toMatchObject({ outbound: { requestingAgencyAuthentication: { accountId: 'HCPL' } }, secretsReplaced: true });
    });
  });
});

describe.each(backends)('a wrong in-process securityCode, on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, network('not-the-code'));
  });
  afterAll(() => h?.close());

  it('is refused like any other sender: the message is parked with the reason, and no lending request exists', async () => {
    const request = await h.borrow('local-wrong', ['NSU']);
    expect(await settled(h, request.id)).toEqual({
      status: 'parked',
      last_error: 'partner answered ERROR: UnrecognisedDataValue: header/requestingAgencyAuthentication: accountId and securityCode not accepted for HCPL',
    });
    expect(await h.database.db.selectFrom('lending_request').select('id').execute()).toEqual([]);
  });
});
