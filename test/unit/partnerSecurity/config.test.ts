import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { secretHash } from '../../../src/services/interop/credentials.js';

const HASH = secretHash('s3cret');

function file(partner: string): string {
  return `institutions:
  - code: HCPL
    name: Harbor City
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Main }]
    partners:
${partner}`;
}

function problems(text: string): string[] {
  try {
    parseConfigText(text, 'net.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

afterEach(() => {
  delete process.env.INTERLEND_SECRET_TEST_PARTNER;
});

describe('partner security in the network file', () => {
  it('defaults: supports both directions, no system type (generic, or interlend without endpoint), no credentials', () => {
    const config = parseConfigText(file('      - { code: FAR, name: Far, symbol: "ISIL:XX-FAR", endpoint: "https://far.example/iso" }'), 'net.yaml');
    expect(config.institutions[0]?.partners[0]).toMatchObject({ supportsBorrowing: true, supportsLending: true });
    expect(config.institutions[0]?.partners[0]?.systemType).toBeUndefined();
    expect(config.institutions[0]?.partners[0]?.credentials).toBeUndefined();
  });

  it('expands ${ENV} in credential fields only, and lowercases hashes', () => {
    process.env.INTERLEND_SECRET_TEST_PARTNER = 'from-the-environment';
    const config = parseConfigText(
      file(`      - code: FAR
        name: "\${INTERLEND_SECRET_TEST_PARTNER}"
        symbol: "ISIL:XX-FAR"
        endpoint: "https://far.example/iso"
        systemType: reshare
        credentials:
          inbound: { requestingAgencyAuthentication: { accountId: FAR, securityCodeHash: "${HASH.toUpperCase().replace('SHA256', 'sha256')}" } }
          outbound: { http: { bearer: "\${INTERLEND_SECRET_TEST_PARTNER}" } }`),
      'net.yaml',
    );
    const partner = config.institutions[0]?.partners[0];
    expect(partner?.name).toBe('${INTERLEND_SECRET_TEST_PARTNER}');
    expect(partner?.systemType).toBe('reshare');
    expect(partner?.credentials?.outbound?.http).toEqual({ bearer: 'from-the-environment' });
    expect(partner?.credentials?.inbound?.requestingAgencyAuthentication?.securityCodeHash).toBe(HASH);
  });

  it('names the unset environment variable, with file, line and path', () => {
    expect(
      problems(
        file(`      - code: FAR
        name: Far
        symbol: "ISIL:XX-FAR"
        endpoint: "https://far.example/iso"
        credentials: { outbound: { requestingAgencyAuthentication: { accountId: HCPL, securityCode: "\${INTERLEND_SECRET_TEST_PARTNER}" } } }`),
      ),
    ).toEqual([
      'net.yaml:11:101: institutions[0].partners[0].credentials.outbound.requestingAgencyAuthentication.securityCode: securityCode refers to environment variable INTERLEND_SECRET_TEST_PARTNER, which is not set',
    ]);
  });

  it('reads only INTERLEND_SECRET_… variables, so no other server setting can be sent to a partner', () => {
    process.env.INTERLEND_SECRET_TEST_PARTNER = 'set';
    const found = problems(
      file(`      - { code: FAR, name: Far, symbol: "ISIL:XX-FAR", endpoint: "https://far.example/iso", credentials: { outbound: { requestingAgencyAuthentication: { accountId: HCPL, securityCode: "\${DATABASE_URL}" } } } }`),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('may only refer to environment variables named INTERLEND_SECRET_…, not DATABASE_URL');
  });

  it('refuses an inbound secret that is not a hash, without echoing it', () => {
    const found = problems(
      file(`      - { code: FAR, name: Far, symbol: "ISIL:XX-FAR", endpoint: "https://far.example/iso", credentials: { inbound: { http: { bearerHash: "plain-token-123" } } } }`),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('institutions[0].partners[0].credentials.inbound.http');
    expect(found[0]).not.toContain('plain-token-123');
  });

  it('refuses a bad system type and an unknown credential key', () => {
    const found = problems(
      file(`      - { code: A, name: A, symbol: "ISIL:XX-A", endpoint: "https://a.example/iso", systemType: koha }
      - { code: B, name: B, symbol: "ISIL:XX-B", endpoint: "https://b.example/iso", credentials: { outbound: { password: x } } }`),
    );
    expect(found.map((p) => p.replace(/^net\.yaml:\d+:\d+: /, ''))).toEqual([
      'institutions[0].partners[0].systemType: systemType must be one of alma, reshare, illiad, crosslink-broker, interlend, generic',
      'institutions[0].partners[1].credentials.outbound: Unrecognized key: "password"',
    ]);
  });

  it('refuses HTTP credentials and a foreign system type on a partner without endpoint (reached in-process)', () => {
    const found = problems(
      file(`      - code: LOCAL
        name: Local
        symbol: "ISIL:US-LOCAL"
        systemType: alma
        credentials: { inbound: { http: { bearerHash: "${HASH}" } }, outbound: { requestingAgencyAuthentication: { accountId: HCPL, securityCode: fine } } }`),
    );
    expect(found.map((p) => p.replace(/^net\.yaml:\d+:\d+: /, ''))).toEqual([
      'institutions[0].partners[0].systemType: a partner without endpoint is an institution of this deployment, so its systemType is interlend, not alma',
      'institutions[0].partners[0].credentials.inbound.http: a partner without endpoint is an institution of this deployment: its messages travel in-process without HTTP, so HTTP credentials cannot apply; use requestingAgencyAuthentication',
    ]);
  });
});
