import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpIso18626Transport } from '../../../src/outbox/iso18626Transport.js';
import type { OutboxRow } from '../../../src/outbox/transport.js';
import { fetchFeed } from '../../../src/services/directory/syncSubscription.js';
import { postNcip } from '../../../src/services/ncip/client/transport.js';
import { checkOutboundDenySetting, outboundRefusal } from '../../../src/services/outboundDeny.js';

describe('INTERLEND_OUTBOUND_DENY: addresses outbound HTTP never reaches', () => {
  it('refuses the cloud metadata address by default, in any spelling, and allows loopback and private partners', async () => {
    expect(await outboundRefusal('http://169.254.169.254/latest/meta-data/', {})).toContain('169.254.169.254');
    expect(await outboundRefusal('http://[::ffff:169.254.169.254]/', {})).toContain('INTERLEND_OUTBOUND_DENY');
    expect(await outboundRefusal('http://[::ffff:a9fe:a9fe]/', {})).toContain('INTERLEND_OUTBOUND_DENY');
    expect(await outboundRefusal('http://127.0.0.1:8080/iso18626', {})).toBeUndefined();
    expect(await outboundRefusal('http://10.1.2.3/iso18626', {})).toBeUndefined();
  });

  it('checks every address a name resolves to, against the operator’s CIDR list', async () => {
    const env = { INTERLEND_OUTBOUND_DENY: '127.0.0.0/8, ::1/128, 10.0.0.0/8' };
    expect(await outboundRefusal('http://localhost:9/iso18626', env)).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which this deployment does not call/);
    expect(await outboundRefusal('https://10.200.0.1/feed.json', env)).toContain('10.200.0.1');
    expect(await outboundRefusal('http://192.168.1.5/', env)).toBeUndefined();
    // A name that does not resolve is the call's own failure (unreachable), not a refusal.
    expect(await outboundRefusal('http://no-such-host.invalid/', env)).toBeUndefined();
  });

  it('stops the server at start on a malformed setting', () => {
    for (const bad of ['10.0.0.0/33', 'intranet', '10.0.0.0/x']) {
      expect(() => checkOutboundDenySetting({ INTERLEND_OUTBOUND_DENY: bad }), bad).toThrow(/INTERLEND_OUTBOUND_DENY/);
    }
    expect(() => checkOutboundDenySetting({})).not.toThrow();
  });

  describe('where outbound HTTP connects', () => {
    let listener: Server;
    let url: string;
    let hits = 0;
    const saved = process.env.INTERLEND_OUTBOUND_DENY;

    beforeAll(async () => {
      listener = createServer((_request, response) => {
        hits++;
        response.writeHead(500).end();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/iso18626`;
    });
    afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));
    afterEach(() => {
      if (saved === undefined) delete process.env.INTERLEND_OUTBOUND_DENY;
      else process.env.INTERLEND_OUTBOUND_DENY = saved;
    });

    const row = (endpoint: string, protocol: string): OutboxRow => ({
      id: '1',
      institution_id: '00000000-0000-4000-8000-000000000001',
      request_kind: 'borrowing',
      request_id: '00000000-0000-4000-8000-000000000002',
      protocol,
      message_kind: 'request',
      summary: null,
      recipient_id_type: 'ISIL',
      recipient_id_value: 'US-HCPL',
      endpoint_url: endpoint,
      body: '<x/>',
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date(),
      locked_until: null,
      locked_by: null,
      last_error: null,
      confirmation: null,
      created_at: new Date(),
      delivered_at: null,
    });

    it('parks an ISO 18626 message, fails an NCIP call and a directory feed, and sends nothing', async () => {
      process.env.INTERLEND_OUTBOUND_DENY = '127.0.0.0/8';
      const delivered = await httpIso18626Transport().deliver(row(url, 'iso18626'));
      expect(delivered).toMatchObject({ kind: 'failed', retryable: false });
      expect(delivered.kind === 'failed' && delivered.error).toContain('INTERLEND_OUTBOUND_DENY');
      const ncip = await postNcip({ url, toAgencyId: 'ILS', fromAgencyId: 'US-NSU', timeoutMs: 5000 }, '<x/>');
      expect(ncip).toMatchObject({ ok: false, failure: 'unreachable' });
      await expect(fetchFeed(url, {})).rejects.toThrow(/feed refused: .*INTERLEND_OUTBOUND_DENY/);
      expect(hits).toBe(0);
    });

    it('calls the same address once it is not denied', async () => {
      delete process.env.INTERLEND_OUTBOUND_DENY;
      const delivered = await httpIso18626Transport().deliver(row(url, 'iso18626'));
      expect(delivered).toMatchObject({ kind: 'failed', retryable: true });
      expect(hits).toBe(1);
    });
  });
});
