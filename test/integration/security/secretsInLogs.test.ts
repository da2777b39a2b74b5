import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/runtime/logger.js';
import { secretHash } from '../../../src/services/interop/credentials.js';
import { signIn, TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '../../support/databases.js';
import { freePort, startServer, type RunningServer } from '../../support/serverProcess.js';
import { waitFor } from '../../support/waitFor.js';

/** Every secret the scenario hands the server; none may reach its log, as given or base64-encoded. */
const SECRET = {
  basicPassword: 'basic-Passw0rd-to-HCPL-5521',
  securityCode: 'security-code-to-HCPL-7731',
  bearer: 'bearer-token-to-LKC-19fe0c',
  wrongBearer: 'wrong-bearer-guess-4411aa',
  wrongPassword: 'Wrong-Password-Guess-2026',
  smtpPassword: 'smtp-Secret-Password-456',
  databasePassword: 'database-Secret-Password-789',
  ncipPassword: 'ncip-auth-input-Secret-321',
  ncipHttpPassword: 'ncip-http-Basic-Secret-654',
};
const base64 = (text: string) => Buffer.from(text).toString('base64');

function network(endpoint: string, passwordHash: string): string {
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - code: HCPL
        name: Harbor City
        symbol: "ISIL:US-HCPL"
        endpoint: "${endpoint}"
        credentials:
          outbound:
            requestingAgencyAuthentication: { accountId: NSU-AT-HCPL, securityCode: "\${INTERLEND_SECRET_LOG_CODE}" }
            http: { basic: { username: nsu, password: "\${INTERLEND_SECRET_LOG_BASIC}" } }
      - code: LKC
        name: Lakeside
        symbol: "ISIL:US-LKC"
        endpoint: "${endpoint}"
        credentials: { outbound: { http: { bearer: "\${INTERLEND_SECRET_LOG_BEARER}" } } }
    users:
      - { username: admin, name: Admin, passwordHash: "${passwordHash}", roles: [fulfillment-admin] }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central }]
    partners:
      - code: NSU
        name: North State
        symbol: "ISIL:US-NSU"
        endpoint: "${endpoint}"
        credentials:
          inbound:
            requestingAgencyAuthentication: { accountId: NSU-AT-HCPL, securityCodeHash: "${secretHash(SECRET.securityCode)}" }
            http: { basic: { username: nsu, passwordHash: "${secretHash(SECRET.basicPassword)}" } }
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
    partners:
      - code: NSU
        name: North State
        symbol: "ISIL:US-NSU"
        endpoint: "${endpoint}"
        credentials: { inbound: { http: { bearerHash: "${secretHash(SECRET.bearer)}" } } }
`;
}

const NCIP_LOOKUP = `<?xml version="1.0" encoding="UTF-8"?>
<NCIPMessage xmlns="http://www.niso.org/2008/ncip" version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd">
  <LookupUser>
    <InitiationHeader>
      <FromAgencyId><AgencyId>US-BROKER</AgencyId></FromAgencyId>
      <ToAgencyId><AgencyId>US-HCPL</AgencyId></ToAgencyId>
    </InitiationHeader>
    <AuthenticationInput>
      <AuthenticationInputData>${SECRET.ncipPassword}</AuthenticationInputData>
      <AuthenticationDataFormatType>text</AuthenticationDataFormatType>
      <AuthenticationInputType>Password</AuthenticationInputType>
    </AuthenticationInput>
  </LookupUser>
</NCIPMessage>`;

interface LogLine {
  msg?: string;
  iso18626?: { kind?: string; status?: string; institution?: string };
  ncip?: { kind?: string };
}

describe('secrets never reach the log of a server process at LOG_LEVEL=trace', () => {
  let dir: string;
  let server: RunningServer;
  let database: TestDatabase | undefined;
  const issued: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'interlend-secrets-'));
    const port = await freePort();
    const file = join(dir, 'network.yaml');
    writeFileSync(file, network(`http://127.0.0.1:${port}/iso18626`, await testPasswordHash()));
    let databaseUrl = '';
    if (await isPostgresAvailable()) {
      // The machine's PostgreSQL trusts local connections, so any password gets in: what matters is the log.
      database = await createTestDatabase('postgres', { migrate: false });
      const url = new URL(database.url as string);
      url.password = SECRET.databasePassword;
      databaseUrl = url.toString();
    }
    server = await startServer(
      process.execPath,
      ['bin/interlend.js', 'serve', '--config', file],
      {
        PORT: String(port),
        DATA_DIR: join(dir, 'data'),
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'trace',
        INTERLEND_OUTBOX_BASE_DELAY_MS: '100',
        INTERLEND_SMTP_URL: `smtp://mailer:${SECRET.smtpPassword}@127.0.0.1:9/`,
        INTERLEND_SECRET_LOG_CODE: SECRET.securityCode,
        INTERLEND_SECRET_LOG_BASIC: SECRET.basicPassword,
        INTERLEND_SECRET_LOG_BEARER: SECRET.bearer,
      },
      port,
    );
    const base = server.base;

    // Staff sign in (and fail to), work through a cookie session and sign out.
    const failed = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ institution: 'US-NSU', username: 'admin', password: SECRET.wrongPassword }) });
    expect(failed.status).toBe(401);
    const session = await signIn(base, 'US-NSU', 'admin');
    issued.push(session.token, session.csrfToken);
    const staff = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    // Two requests go out over HTTP: to HCPL with basic auth and header credentials, to LKC with a bearer token.
    for (const partner of ['HCPL', 'LKC']) {
      const created = await fetch(`${base}/api/v1/institutions/US-NSU/borrowing-requests`, { method: 'POST', headers: staff, body: JSON.stringify({ patronId: 'P-1', citation: { title: `Logged ${partner}` }, rota: [partner] }) });
      expect(created.status).toBe(201);
    }
    // A stranger guesses LKC's bearer token; a broker sends NCIP with authentication elements and basic auth.
    const guessed = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${SECRET.wrongBearer}` }, body: '<x/>' });
    await guessed.text();
    const ncip = await fetch(`${base}/ncip`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Basic ${base64(`broker:${SECRET.ncipHttpPassword}`)}` }, body: NCIP_LOOKUP });
    await ncip.text();
    // The partners accepted what NSU sent, so the credentials were really used.
    await waitFor(
      () => Promise.resolve(lines(server.output())).then((log) => log.filter((line) => line.msg === 'ISO 18626 message answered' && line.iso18626?.kind === 'request' && line.iso18626.status === 'OK').map((line) => line.iso18626?.institution)),
      (institutions) => institutions.includes('HCPL') && institutions.includes('LKC'),
      { what: 'HCPL and LKC accepting the authenticated requests', timeoutMs: 60_000 },
    );
    expect((await fetch(`${base}/api/v1/session`, { method: 'DELETE', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } })).status).toBe(204);
    await server.stop();
  });

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function lines(output: string): LogLine[] {
    return output.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  }

  it('logged the scenario in detail (trace level, every request, both protocols)', () => {
    const log = lines(server.output());
    expect(log.filter((line) => line.msg === 'incoming request').length).toBeGreaterThan(8);
    expect(log.some((line) => line.msg === 'NCIP message answered')).toBe(true);
    expect(log.filter((line) => line.msg === 'outbox message delivered').length).toBeGreaterThanOrEqual(2);
  });

  it('holds no password, token, security code or connection secret, plain or base64', () => {
    const output = server.output();
    const secrets = [...Object.values(SECRET), TEST_PASSWORD, ...issued];
    const forms = secrets.flatMap((secret) => [secret, base64(secret)]);
    forms.push(base64(`nsu:${SECRET.basicPassword}`), base64(`broker:${SECRET.ncipHttpPassword}`), base64(`mailer:${SECRET.smtpPassword}`));
    expect(forms.filter((form) => output.includes(form))).toEqual([]);
  });

  it('redacts credential headers and secret-named fields should a log call ever carry them', () => {
    const written: string[] = [];
    const logger = createLogger('trace', { write: (text: string) => written.push(text) });
    logger.debug({ req: { headers: { authorization: `Bearer ${SECRET.bearer}`, cookie: `interlend_session=${SECRET.bearer}`, 'x-csrf-token': SECRET.bearer } } }, 'headers');
    logger.debug({ body: { password: SECRET.basicPassword }, partner: { credentials: { securityCode: SECRET.securityCode } }, token: SECRET.bearer }, 'fields');
    const text = written.join('');
    expect(text).toContain('[redacted]');
    for (const secret of [SECRET.bearer, SECRET.basicPassword, SECRET.securityCode]) expect(text).not.toContain(secret);
  });
});
