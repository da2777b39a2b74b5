import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { exportNetworkConfig, networkConfigYaml, outboundSecretVariables, type NetworkConfigFile } from '../../../src/services/config/exportNetworkConfig.js';
import type { Db } from '../../../src/store/database.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { EXPORTED_ENV, INBOUND_HASHES, ORIGINAL_ENV, OUTBOUND_SECRETS, richNetworkText } from './richNetwork.js';

const backends = await availableBackends();

/** Sets environment variables for one test; afterEach puts the old values back. */
const restore: (() => void)[] = [];
function setEnv(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const old = process.env[name];
    process.env[name] = value;
    restore.push(() => (old === undefined ? delete process.env[name] : (process.env[name] = old)));
  }
}
afterEach(() => restore.splice(0).reverse().forEach((undo) => undo()));

/** Every credentials row, by institution and partner code, without ids and timestamps. */
async function credentialRows(db: Db) {
  const rows = await db
    .selectFrom('partner_credentials as c')
    .innerJoin('partner as p', 'p.id', 'c.partner_id')
    .innerJoin('institution as i', 'i.id', 'p.institution_id')
    .selectAll('c')
    .select(['i.code as institution', 'p.code as partner'])
    .orderBy('i.code')
    .orderBy('p.code')
    .execute();
  return rows.map(({ partner_id: _p, institution_id: _i, updated_at: _u, ...rest }) => rest);
}

describe.each(backends)('export of the network file on %s', (backend) => {
  let original: TestDatabase;
  let fresh: TestDatabase;
  let first: NetworkConfigFile;
  let firstText: string;

  beforeAll(async () => {
    original = await createTestDatabase(backend);
    fresh = await createTestDatabase(backend);
    setEnv(ORIGINAL_ENV);
    await applyNetworkConfig(original.db, parseConfigText(await richNetworkText(), 'rich.yaml'), 'rich.yaml');
    restore.splice(0).reverse().forEach((undo) => undo());
    first = await exportNetworkConfig(original.db);
    firstText = networkConfigYaml(first);
  });

  afterAll(async () => {
    await original?.close();
    await fresh?.close();
  });

  it('never writes an outbound secret, and says at the top how they are written', () => {
    for (const secret of Object.values(OUTBOUND_SECRETS)) expect(firstText).not.toContain(secret);
    expect(firstText.split('\n')[0]).toMatch(/^# Interlend network file/);
    expect(firstText).toMatch(/^# Outbound partner secrets are NOT in this file: each is a \$\{INTERLEND_SECRET_…\} reference/m);
    expect(outboundSecretVariables(first).sort()).toEqual(Object.keys(EXPORTED_ENV).sort());
    for (const name of Object.keys(EXPORTED_ENV)) {
      expect(firstText).toContain(`#   ${name}\n`);
      expect(firstText).toContain(`\${${name}}`);
    }
    // Inbound hashes are not secrets: they are exported as stored.
    for (const hash of Object.values(INBOUND_HASHES)) expect(firstText).toContain(hash);
  });

  it('exports every part of the configuration, leaving out what the loader would fill in anyway', () => {
    const [hcpl, nsu] = first.institutions;
    expect(first.institutions.map((i) => i.code)).toEqual(['HCPL', 'NSU']);
    expect(nsu).toMatchObject({
      name: 'North State University',
      symbols: ['ISIL:US-NSU', 'OCLC:NSU'],
      libraries: [{ code: 'LAW', name: 'Law Library', symbols: ['ISIL:US-NSU-LAW'] }, { code: 'MAIN', name: 'Main Library' }, { code: 'SCI', name: 'Science Library' }],
    });
    const partner = (code: string) => nsu!.partners!.find((p) => p.code === code);
    expect(partner('PLAIN')).toEqual({ code: 'PLAIN', name: 'Plain Partner', symbol: 'ISIL:XX-PLAIN', endpoint: 'https://plain.example/iso18626' });
    expect(partner('FAR')).toEqual({
      code: 'FAR',
      name: 'Far Away University',
      symbol: 'ISIL:XX-FAR',
      endpoint: 'https://ill.far.example/iso18626',
      requestExpiry: { date: '2027-03-01T00:00:00.000Z' },
      profileType: 'broker',
      deliveryDelayDays: 2,
      currency: 'EUR',
      sendRequesterInfo: true,
      sharedBarcodes: true,
      ignoreLenderShippingCost: true,
      resendOverdueIntervalDays: 7,
      borrowingWorkflowProfile: 'BORROW-PLAIN',
      lendingWorkflowProfile: 'LEND-STRICT',
      locateProfile: 'far-z3950',
      holdingsCode: 'FARH',
      contacts: [{ name: 'Ada Lovelace', email: 'ada@far.example', phone: '+44 20 1234', role: 'lending' }, { name: 'Billing office' }],
      notes: 'Prefers email.\nCloses in August.',
      systemType: 'alma',
      supportsBorrowing: false,
      credentials: {
        inbound: {
          requestingAgencyAuthentication: { accountId: 'FAR-IN', securityCodeHash: INBOUND_HASHES.farCode },
          http: { basic: { username: 'far-in', passwordHash: INBOUND_HASHES.far } },
        },
        outbound: {
          requestingAgencyAuthentication: { accountId: 'NSU-AT-FAR', securityCode: '${INTERLEND_SECRET_NSU_FAR_CODE}' },
          http: { bearer: '${INTERLEND_SECRET_NSU_FAR_TOKEN}' },
        },
      },
    });
    expect(partner('BROKER')).toMatchObject({ active: false, systemType: 'crosslink-broker', supportsLending: false, credentials: { outbound: { http: { basic: { username: 'nsu', password: '${INTERLEND_SECRET_NSU_BROKER_PASSWORD}' } } } } });
    expect(partner('HCPL')).toMatchObject({ averageSupplyDays: 2.5, requestExpiry: { days: 5 } });
    expect(partner('HCPL')).not.toHaveProperty('systemType');

    const hash = nsu!.users![0]!.passwordHash;
    expect(hash).toMatch(/^scrypt/);
    expect(nsu!.users).toEqual([
      { username: 'admin', name: 'Admin', roles: ['fulfillment-admin'], passwordHash: hash },
      { username: 'gone', name: 'Former Staff', roles: ['circulation-desk'], active: false, passwordHash: hash },
      { username: 'law-op', name: 'Law Operator', roles: ['services-operator'], libraries: ['LAW', 'SCI'], passwordHash: hash },
      { username: 'partners', name: 'Partners Manager', roles: ['partners-manager', 'circulation-desk'], passwordHash: hash },
      { username: 'pat', name: 'A Patron', patronId: 'P-1', passwordHash: hash },
    ]);
    expect(nsu!.workflowProfiles).toEqual([
      { code: 'BORROW-PLAIN', kind: 'borrowing', name: 'Borrowing all' },
      { code: 'LEND-STRICT', kind: 'lending', name: 'Lending strict', steps: { conditional: false, 'manual-renew': false } },
    ]);
    expect(nsu!.borrowingSettings).toEqual({ cancelOnLocateFailure: true, temporarilyInactive: { from: '2026-12-20', until: '2027-01-05' }, defaultPickupLocation: 'Main desk' });
    expect(nsu!.lendingSettings).toEqual({ rejectWhen: { noAvailableItems: true }, temporarilyInactive: { from: '2027-07-01' }, locateBy: ['isbn', 'title'] });
    expect(nsu!.termsOfUse).toEqual({ requestableLocations: ['STACKS', 'OVERSIZE'], loanPeriodDays: 28 });
    expect(nsu!.rotaTemplates).toEqual([
      { code: 'DISTANT', partners: ['FAR'] },
      { code: 'LOCAL', name: 'Local partners', ordered: false, partners: ['HCPL', 'PLAIN'] },
    ]);
    expect(nsu!.rotaAssignmentRules).toEqual([
      { code: 'books', name: 'Physical books', conditions: [{ field: 'citationType', operator: 'equals', value: 'book' }, { field: 'format', operator: 'in', value: ['physical'] }], template: 'LOCAL' },
      { code: 'urgent', enabled: false, conditions: [{ field: 'neededBefore', operator: 'before', value: 7 }], template: 'DISTANT' },
      { code: 'everything', template: 'DISTANT' },
    ]);
    expect(nsu!.sendingRules).toEqual([
      { code: 'faculty', conditions: [{ field: 'patronGroup', operator: 'equals', value: 'faculty' }, { field: 'neededBefore', operator: 'after', value: '2026-01-31' }], sending: 'wait-for-staff' },
      { code: 'rest', name: 'Everything else', sending: 'send-automatically' },
    ]);
    // Sections with nothing in them: settings as out of the box, no rules (written, so loading the file says so).
    expect(hcpl).toMatchObject({ borrowingSettings: {}, lendingSettings: {}, termsOfUse: { loanPeriodDays: 21 }, rotaTemplates: [], rotaAssignmentRules: [], sendingRules: [] });
    expect(hcpl).not.toHaveProperty('workflowProfiles');
  });

  it('loads into an empty database and exports the same file again, secrets and all', async () => {
    // Without the variables the file is refused: the secrets really are not in it.
    expect(() => parseConfigText(firstText, 'exported.yaml')).toThrow(/refers to environment variable INTERLEND_SECRET_NSU_\w+, which is not set/);
    setEnv(EXPORTED_ENV);
    await applyNetworkConfig(fresh.db, parseConfigText(firstText, 'exported.yaml'), 'exported.yaml');
    const second = await exportNetworkConfig(fresh.db);
    expect(second).toEqual(first);
    expect(networkConfigYaml(second)).toBe(firstText);
    expect(parse(firstText)).toEqual(first);
    // The outbound secrets arrived from the environment, byte for byte.
    expect(await credentialRows(fresh.db)).toEqual(await credentialRows(original.db));
    expect((await credentialRows(fresh.db)).map((row) => row.outbound_http_secret ?? row.outbound_security_code)).toEqual(expect.arrayContaining([OUTBOUND_SECRETS.farToken, OUTBOUND_SECRETS.brokerPassword, OUTBOUND_SECRETS.hcplCode]));
  });

  it('changes nothing when the export is loaded back into the database it came from', async () => {
    setEnv(EXPORTED_ENV);
    await applyNetworkConfig(original.db, parseConfigText(firstText, 'exported.yaml'), 'exported.yaml');
    expect(await exportNetworkConfig(original.db)).toEqual(first);
  });

  it('exports one institution as its entry of the whole file', async () => {
    const nsu = await findInstitutionByPathSymbol(original.db, 'US-NSU');
    const one = await exportNetworkConfig(original.db, { institutionId: nsu!.id });
    expect(one).toEqual({ institutions: [first.institutions[1]] });
    await expect(exportNetworkConfig(original.db, { institutionId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/no institution/);
  });

  it('follows changes made outside the file: a deleted rule, a changed setting', async () => {
    const db = fresh.db;
    const nsu = await findInstitutionByPathSymbol(db, 'US-NSU');
    await db.deleteFrom('rule').where('institution_id', '=', nsu!.id).where('code', '=', 'rest').execute();
    const after = await exportNetworkConfig(db, { institutionId: nsu!.id });
    expect(after.institutions[0]!.sendingRules!.map((r) => r.code)).toEqual(['faculty']);
  });

  it('refuses to hand out a file the loader would refuse, naming where', async () => {
    const db = fresh.db;
    await db.updateTable('library').set({ code: 'not a code' }).where('code', '=', 'SCI').execute();
    try {
      await expect(exportNetworkConfig(db)).rejects.toThrow(/a bug in exportNetworkConfig[\s\S]*institutions\[1\]\.libraries\[\d\]\.code: letters, digits/);
    } finally {
      await db.updateTable('library').set({ code: 'SCI' }).where('code', '=', 'not a code').execute();
    }
  });
});

describe.each(backends)('names of secret variables on %s', (backend) => {
  let database: TestDatabase;
  afterAll(async () => database?.close());

  it('keeps two partners whose codes would share a variable apart, and round-trips them', async () => {
    database = await createTestDatabase(backend);
    const institution = (code: string, symbol: string, secret: string) => `  - code: ${code}
    name: ${code}
    symbols: ["ISIL:${symbol}"]
    libraries: [{ code: M, name: M }]
    partners:
      - { code: far-1, name: Far, symbol: "ISIL:XX-FAR", endpoint: "https://far.example/", credentials: { outbound: { http: { bearer: ${secret} } } } }
`;
    const text = `institutions:\n${institution('a.b', 'XX-AB1', 'one-secret')}${institution('A_B', 'XX-AB2', 'two-secret')}`;
    await applyNetworkConfig(database.db, parseConfigText(text, 'twins.yaml'), 'twins.yaml');
    const exported = await exportNetworkConfig(database.db);
    const names = outboundSecretVariables(exported);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(name).toMatch(/^INTERLEND_SECRET_A_B_FAR_1_[0-9A-F]{8}_TOKEN$/);
    const yaml = networkConfigYaml(exported);
    expect(yaml).not.toContain('one-secret');
    expect(yaml).not.toContain('two-secret');
    const other = await createTestDatabase(backend);
    try {
      const secretOf: Record<string, string> = { 'a.b': 'one-secret', A_B: 'two-secret' };
      setEnv(Object.fromEntries(exported.institutions.map((i) => [(i.partners![0]!.credentials!.outbound!.http as { bearer: string }).bearer.slice(2, -1), secretOf[i.code]!])));
      await applyNetworkConfig(other.db, parseConfigText(yaml, 'twins-exported.yaml'), 'twins-exported.yaml');
      expect(await exportNetworkConfig(other.db)).toEqual(exported);
      expect(await credentialRows(other.db)).toEqual(await credentialRows(database.db));
    } finally {
      await other.close();
    }
  });
});
