import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialsBody, EMPTY_CREDENTIALS, type CredentialsDraft } from '../../../../src/web/pages/config/partnerCredentials.js';

const hash = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
const draft = (change: Partial<CredentialsDraft>): CredentialsDraft => ({ ...EMPTY_CREDENTIALS, ...change });
const ALL_STORED = { inboundAgencyAuthentication: true, inboundHttp: true, outboundAgencyAuthentication: true, outboundHttp: true };

describe('the partner form credentials', () => {
  it('sends no credentials when nothing is typed, so the stored ones stay', () => {
    expect(credentialsBody(EMPTY_CREDENTIALS, ALL_STORED)).toEqual({ problems: {} });
  });

  it('hashes inbound secrets and sends outbound ones as typed', () => {
    const { credentials, problems } = credentialsBody(
      draft({
        inboundAgencyAuthentication: { accountId: ' FAR ', secret: 'code ü', remove: false },
        inboundHttp: { scheme: 'bearer', username: '', secret: 'tok-1', remove: false },
        outboundAgencyAuthentication: { accountId: 'NSU', secret: 'out-code', remove: false },
        outboundHttp: { scheme: 'basic', username: 'nsu', secret: 'pw', remove: false },
      }),
    );
    expect(problems).toEqual({});
    expect(credentials).toEqual({
      inbound: { requestingAgencyAuthentication: { accountId: 'FAR', securityCodeHash: hash('code ü') }, http: { bearerHash: hash('tok-1') } },
      outbound: { requestingAgencyAuthentication: { accountId: 'NSU', securityCode: 'out-code' }, http: { basic: { username: 'nsu', password: 'pw' } } },
    });
    expect(JSON.stringify(credentials)).not.toContain('tok-1');
  });

  it('inbound basic sends the username and the password hash', () => {
    const { credentials } = credentialsBody(draft({ inboundHttp: { scheme: 'basic', username: 'far', secret: 'pw', remove: false } }));
    expect(credentials).toEqual({ inbound: { http: { basic: { username: 'far', passwordHash: hash('pw') } } } });
  });

  it('refuses to drop a stored credential silently: retype or remove it', () => {
    const typed = draft({ outboundHttp: { scheme: 'bearer', username: '', secret: 'new', remove: false } });
    const { credentials, problems } = credentialsBody(typed, { ...ALL_STORED, outboundAgencyAuthentication: false });
    expect(credentials).toBeUndefined();
    expect(Object.keys(problems).sort()).toEqual(['credentials.inbound.http.bearerHash', 'credentials.inbound.requestingAgencyAuthentication.securityCodeHash']);
    const removing = credentialsBody(
      { ...typed, inboundAgencyAuthentication: { ...EMPTY_CREDENTIALS.inboundAgencyAuthentication, remove: true }, inboundHttp: { ...EMPTY_CREDENTIALS.inboundHttp, remove: true } },
      ALL_STORED,
    );
    expect(removing.problems).toEqual({ 'credentials.outbound.requestingAgencyAuthentication.securityCode': [expect.stringContaining('Remove')] });
  });

  it('removing everything sends an empty object (the API removes all)', () => {
    const all = Object.fromEntries(Object.entries(EMPTY_CREDENTIALS).map(([k, v]) => [k, { ...v, remove: true }])) as unknown as CredentialsDraft;
    expect(credentialsBody(all, ALL_STORED)).toEqual({ credentials: {}, problems: {} });
  });

  it('names the missing half of a pair next to its field', () => {
    const { credentials, problems } = credentialsBody(
      draft({
        inboundAgencyAuthentication: { accountId: 'FAR', secret: '', remove: false },
        outboundHttp: { scheme: 'basic', username: 'a:b', secret: 'pw', remove: false },
      }),
    );
    expect(credentials).toBeUndefined();
    expect(problems['credentials.inbound.requestingAgencyAuthentication.securityCodeHash']).toHaveLength(1);
    expect(problems['credentials.outbound.http.basic.username']?.[0]).toContain(':');
  });
});
