import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { exportNetworkConfig, networkConfigYaml } from '../../../src/services/config/exportNetworkConfig.js';
import { findOwnEntry } from '../../../src/store/directoryRepository.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { listLocateProfiles, locateProfileConfig } from '../../../src/store/locateProfileRepository.js';
import { findPartnerByCode } from '../../../src/store/partnerRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

const NETWORK = `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library, symbols: ["ISIL:US-NSU-M"] }]
    locateProfiles:
      - { code: HCPL-SRU, name: Harbor City SRU, protocol: sru, url: /sru/HCPL }
      - { code: FAR-Z, name: Far away, protocol: z3950, host: z.example.org, port: 210, database: books, matchFields: [isbn, title], checkAvailability: false, timeoutMs: 2500 }
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL", locateProfile: HCPL-SRU }
      - { code: FAR, name: Far, symbol: "ISIL:XX-FAR", endpoint: "https://far.example.org/iso18626", locateProfile: FAR-Z }
    directory:
      addresses: [{ label: ILL office, line1: 1 College Road, city: Northville, postalCode: "12345", country: US }]
      lendingPolicies: { text: Books only, loanPeriodDays: 28, services: [loan] }
      contacts: [{ name: ILL desk, email: ill@nsu.example.edu, role: lending }]
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
    directory: { publish: false, locate: { protocol: z3950, host: hcpl.example.org, port: 2100, database: cat } }
`;

describe.each(backends)('locate profiles and directory entries in the network file on %s', (backend) => {
  let database: TestDatabase;
  let nsuId: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, parseConfigText(NETWORK, 'net.yaml'), 'net.yaml');
    nsuId = (await findInstitutionByPathSymbol(database.db, 'US-NSU'))?.id ?? '';
  });
  afterAll(async () => database?.close());

  it('loads each profile with its defaults and links the partners to them', async () => {
    const profiles = (await listLocateProfiles(database.db, nsuId)).map(locateProfileConfig);
    expect(profiles).toEqual([
      { code: 'FAR-Z', name: 'Far away', protocol: 'z3950', version: '1.2', host: 'z.example.org', port: 210, database: 'books', matchFields: ['isbn', 'title'], checkAvailability: false, timeoutMs: 2500 },
      {
        code: 'HCPL-SRU',
        name: 'Harbor City SRU',
        protocol: 'sru',
        url: '/sru/HCPL',
        version: '1.2',
        matchFields: ['lccn', 'systemControlNumber', 'oclcNumber', 'isbn', 'issn', 'title'],
        checkAvailability: true,
        timeoutMs: 10_000,
      },
    ]);
    expect((await findPartnerByCode(database.db, nsuId, 'FAR'))?.locate_profile).toBe('FAR-Z');
  });

  it('stores the directory entry with the institution’s name and symbols (signing symbol first)', async () => {
    const entry = await findOwnEntry(database.db, nsuId);
    expect(entry).toMatchObject({ name: 'North State University', symbols: ['ISIL:US-NSU', 'ISIL:US-NSU-M'], publish: true, endpoint_url: null, locate: null });
    expect(entry?.lending_policies).toEqual({ text: 'Books only', loanPeriodDays: 28, services: ['loan'], formats: [] });
  });

  it('keeps the entry (and its updated_at) when the same file is loaded again; a change updates it', async () => {
    const before = await findOwnEntry(database.db, nsuId);
    await applyNetworkConfig(database.db, parseConfigText(NETWORK, 'net.yaml'), 'net.yaml');
    expect((await findOwnEntry(database.db, nsuId))?.updated_at).toEqual(before?.updated_at);
    await applyNetworkConfig(database.db, parseConfigText(NETWORK.replace('Books only', 'Books and DVDs'), 'net.yaml'), 'net.yaml');
    const after = await findOwnEntry(database.db, nsuId);
    expect(after?.lending_policies.text).toBe('Books and DVDs');
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Infinity);
    await applyNetworkConfig(database.db, parseConfigText(NETWORK, 'net.yaml'), 'net.yaml');
  });

  it('refuses a partner naming a profile that does not exist, with the path, and changes nothing', async () => {
    const bad = NETWORK.replace('locateProfile: FAR-Z', 'locateProfile: NOPE').replace('name: Far away', 'name: Changed');
    const error = await applyNetworkConfig(database.db, parseConfigText(bad, 'bad.yaml'), 'bad.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['bad.yaml: institutions[0].partners[1].locateProfile: no locate profile "NOPE" in this institution']);
    const profiles = await listLocateProfiles(database.db, nsuId);
    expect(profiles.find((p) => p.code === 'FAR-Z')?.name).toBe('Far away');
  });

  it('refuses a reference to another institution’s profile; a profile already in the database is found when the section is left out', async () => {
    const hcplRef = NETWORK.replace('partners:\n      - { code: HCPL,', 'partners:\n      - { code: HCPL,').replace(
      'libraries: [{ code: CENTRAL, name: Central Library }]',
      'libraries: [{ code: CENTRAL, name: Central Library }]\n    partners: [{ code: NSU, name: NSU, symbol: "ISIL:US-NSU", locateProfile: HCPL-SRU }]',
    );
    const error = await applyNetworkConfig(database.db, parseConfigText(hcplRef, 'x.yaml'), 'x.yaml').catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual(['x.yaml: institutions[1].partners[0].locateProfile: no locate profile "HCPL-SRU" in this institution']);

    const withoutSection = NETWORK.replace(/ {4}locateProfiles:\n( {6}- .*\n){2}/, '');
    expect(withoutSection).not.toContain('locateProfiles');
    await applyNetworkConfig(database.db, parseConfigText(withoutSection, 'y.yaml'), 'y.yaml');
    expect((await listLocateProfiles(database.db, nsuId)).map((p) => p.code)).toEqual(['FAR-Z', 'HCPL-SRU']);
  });

  it('refuses a profile without the connection details its protocol needs, and duplicate codes', () => {
    const noUrl = NETWORK.replace('protocol: sru, url: /sru/HCPL', 'protocol: sru');
    expect(() => parseConfigText(noUrl, 'a.yaml')).toThrow(/locateProfiles\[0\]\.url.*needs url/);
    const twice = NETWORK.replace('code: FAR-Z', 'code: HCPL-SRU');
    expect(() => parseConfigText(twice, 'b.yaml')).toThrow(/appears twice/);
    const badCountry = NETWORK.replace('country: US', 'country: usa');
    expect(() => parseConfigText(badCountry, 'c.yaml')).toThrow(/directory\.addresses\[0\]\.country/);
  });

  it('exports locate profiles and directory entries; loading the export into an empty database exports the same', async () => {
    const first = await exportNetworkConfig(database.db);
    const nsu = first.institutions.find((i) => i.code === 'NSU');
    expect(nsu?.locateProfiles).toEqual([
      { code: 'FAR-Z', name: 'Far away', protocol: 'z3950', host: 'z.example.org', port: 210, database: 'books', matchFields: ['isbn', 'title'], checkAvailability: false, timeoutMs: 2500 },
      { code: 'HCPL-SRU', name: 'Harbor City SRU', protocol: 'sru', url: '/sru/HCPL' },
    ]);
    expect(nsu?.directory).toEqual({
      addresses: [{ label: 'ILL office', line1: '1 College Road', city: 'Northville', postalCode: '12345', country: 'US' }],
      lendingPolicies: { text: 'Books only', loanPeriodDays: 28, services: ['loan'] },
      contacts: [{ name: 'ILL desk', email: 'ill@nsu.example.edu', role: 'lending' }],
    });
    expect(first.institutions.find((i) => i.code === 'HCPL')?.directory).toEqual({ publish: false, locate: { protocol: 'z3950', host: 'hcpl.example.org', port: 2100, database: 'cat' } });
    const fresh = await createTestDatabase(backend);
    try {
      await applyNetworkConfig(fresh.db, parseConfigText(networkConfigYaml(first), 'export.yaml'), 'export.yaml');
      expect(await exportNetworkConfig(fresh.db)).toEqual(first);
    } finally {
      await fresh.close();
    }
  });
});
