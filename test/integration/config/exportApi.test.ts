import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportNetworkConfig, networkConfigYaml } from '../../../src/services/config/exportNetworkConfig.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { bearer, signIn } from '../../support/auth/accounts.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';
import { loadRichNetwork, OUTBOUND_SECRETS } from './richNetwork.js';

const backends = await availableBackends();

describe.each(backends)('GET …/configuration on %s', (backend) => {
  let server: ApiServer;
  let database: TestDatabase;
  let base: string;

  beforeAll(async () => {
    server = await startApiServer(backend, { seed: loadRichNetwork, background: false });
    ({ database, base } = server);
  });

  afterAll(() => server?.stop());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('answers the administrator with the institution’s part of the network file, in YAML', async () => {
    const admin = await signIn(base, 'US-NSU', 'admin');
    const answer = await get('/api/v1/institutions/US-NSU/configuration', bearer(admin));
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/yaml/);
    const nsu = await findInstitutionByPathSymbol(database.db, 'US-NSU');
    const expected = await exportNetworkConfig(database.db, { institutionId: nsu!.id });
    expect(answer.text).toBe(networkConfigYaml(expected));
    const body = parse(answer.text) as typeof expected;
    expect(body.institutions.map((i) => i.code)).toEqual(['NSU']);
    expect(body.institutions[0]!.partners!.map((p) => p.code)).toEqual(['BROKER', 'FAR', 'HCPL', 'PLAIN']);
    for (const secret of Object.values(OUTBOUND_SECRETS)) expect(answer.text).not.toContain(secret);
    expect(answer.text).toContain('${INTERLEND_SECRET_NSU_FAR_TOKEN}');
    // HCPL's part is not in NSU's file.
    expect(answer.text).not.toContain('HCPL Admin');
  });

  it('answers 404 to another institution’s administrator, 403 to other roles and 401 to nobody', async () => {
    const hcplAdmin = await signIn(base, 'US-HCPL', 'admin');
    const foreign = await get('/api/v1/institutions/US-NSU/configuration', bearer(hcplAdmin));
    const missing = await get('/api/v1/institutions/XX-NONE/configuration', bearer(hcplAdmin));
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(missing.text);
    expect(foreign.text).not.toContain('North State');
    expect((await get('/api/v1/institutions/US-HCPL/configuration', bearer(hcplAdmin))).status).toBe(200);
    expect((await get('/api/v1/institutions/US-NSU/configuration', bearer(await signIn(base, 'US-NSU', 'partners')))).status).toBe(403);
    expect((await get('/api/v1/institutions/US-NSU/configuration')).status).toBe(401);
  });
});
