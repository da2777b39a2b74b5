import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { exportSettingsConfig } from '../../../src/services/settings/exportSettingsConfig.js';
import { partnerView } from '../../../src/services/settings/partnerView.js';
import { listAudit } from '../../../src/store/auditLogRepository.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { listPartners } from '../../../src/store/partnerRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

const institution = (settings: string, partnerExtra = '') => `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - code: FAR
        name: Far Away University
        symbol: "ISIL:XX-FAR"
        endpoint: "https://ill.far.example/iso18626"
        profileType: broker
        currency: EUR
        sendRequesterInfo: true
        contacts: [{ name: Ada, email: ada@far.example, role: lending }]
        borrowingWorkflowProfile: BORROW-PLAIN
        lendingWorkflowProfile: LEND-STRICT${partnerExtra}
${settings}`;

const SETTINGS = `    workflowProfiles:
      - { code: BORROW-PLAIN, kind: borrowing, name: Borrowing all }
      - { code: LEND-STRICT, kind: lending, name: Lending strict, steps: { conditional: false, manual-renew: false } }
    borrowingSettings:
      cancelOnLocateFailure: true
      temporarilyInactive: { from: 2026-12-20, until: 2027-01-05 }
      defaultPickupLocation: Main desk
    lendingSettings:
      rejectWhen: { noAvailableItems: true }
      locateBy: [isbn, title]
      createLocalMoveAutomatically: true
    termsOfUse:
      requestableLocations: [STACKS, OVERSIZE]
      loanPeriodDays: 28
`;

describe.each(backends)('settings in the network file on %s', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });

  afterAll(async () => {
    await database?.close();
  });

  const nsu = async () => (await findInstitutionByPathSymbol(database.db, 'US-NSU'))!;

  it('loads profiles, settings, terms of use and partner profiles, audited as config:<file>', async () => {
    await applyNetworkConfig(database.db, parseConfigText(institution(SETTINGS), 'net.yaml'), 'net.yaml');
    const { id } = await nsu();
    const exported = await exportSettingsConfig(database.db, id);
    expect(exported.workflowProfiles.find((p) => p.code === 'LEND-STRICT')?.steps).toMatchObject({ conditional: false, 'manual-renew': false, 'will-supply': true });
    expect(exported.borrowingSettings).toEqual({
      cancelOnLocateFailure: true,
      autoLocate: false,
      temporarilyInactive: { from: '2026-12-20', until: '2027-01-05' },
      defaultLocation: null,
      defaultPickupLocation: 'Main desk',
      extendDueDateOnRenewalRequest: false,
      holdShelfDays: 7,
      patronNotices: true,
      noticeFromAddress: null,
    });
    expect(exported.lendingSettings).toMatchObject({ rejectWhen: { noAvailableItems: true, locateFails: false }, locateBy: ['isbn', 'title'], createLocalMoveAutomatically: true });
    expect(exported.termsOfUse).toEqual({ requestableLocations: ['STACKS', 'OVERSIZE'], requestableItemPolicies: [], loanPeriodDays: 28 });
    const [far] = (await listPartners(database.db, id)).map(partnerView);
    expect(far).toMatchObject({ profileType: 'broker', currency: 'EUR', sendRequesterInfo: true, borrowingWorkflowProfile: 'BORROW-PLAIN', lendingWorkflowProfile: 'LEND-STRICT' });

    const audit = await listAudit(database.db, id, { limit: 100 });
    expect(new Set(audit.map((e) => e.actor))).toEqual(new Set(['config:net.yaml']));
    expect(audit.map((e) => `${e.entity_type}:${e.entity_key}:${e.action}`).sort()).toEqual([
      'borrowing-settings:NSU:update',
      'lending-settings:NSU:update',
      'partner:FAR:create',
      'terms-of-use:NSU:update',
      'workflow-profile:BORROW-PLAIN:create',
      'workflow-profile:LEND-STRICT:create',
    ]);
  });

  it('round-trips: the export, written as YAML and loaded again, changes nothing', async () => {
    const { id } = await nsu();
    const exported = await exportSettingsConfig(database.db, id);
    const yaml = stringify({ institutions: [{ code: 'NSU', name: 'North State University', symbols: ['ISIL:US-NSU'], libraries: [{ code: 'MAIN', name: 'Main Library' }], partners: (await listPartners(database.db, id)).map(partnerView), ...exported }] });
    const auditBefore = await listAudit(database.db, id, { limit: 100 });
    await applyNetworkConfig(database.db, parseConfigText(yaml, 'export.yaml'), 'export.yaml');
    expect(await exportSettingsConfig(database.db, id)).toEqual(exported);
    expect(await listAudit(database.db, id, { limit: 100 })).toEqual(auditBefore);
  });

  it('refuses a partner naming a missing or wrong-kind profile, naming the path, and keeps everything as it was', async () => {
    const { id } = await nsu();
    const before = await exportSettingsConfig(database.db, id);
    const wrongSide = institution(SETTINGS.replace('loanPeriodDays: 28', 'loanPeriodDays: 7')).replace('borrowingWorkflowProfile: BORROW-PLAIN', 'borrowingWorkflowProfile: LEND-STRICT');
    const load = applyNetworkConfig(database.db, parseConfigText(wrongSide, 'bad.yaml'), 'bad.yaml');
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow('bad.yaml: institutions[0].partners[0].borrowingWorkflowProfile: workflow profile "LEND-STRICT" is a lending profile, not a borrowing one');
    const flipped = institution(SETTINGS.replace('BORROW-PLAIN, kind: borrowing', 'BORROW-PLAIN, kind: lending'));
    await expect(applyNetworkConfig(database.db, parseConfigText(flipped, 'flip.yaml'), 'flip.yaml')).rejects.toThrow(
      'flip.yaml: institutions[0].workflowProfiles[0]: workflow profile BORROW-PLAIN is a borrowing profile of partner(s) FAR; it cannot become a lending profile',
    );
    const ghost = applyNetworkConfig(database.db, parseConfigText(institution(SETTINGS.replace('LEND-STRICT, kind', 'LEND-OTHER, kind')).replace('LEND-STRICT', 'GHOST'), 'ghost.yaml'), 'ghost.yaml');
    await expect(ghost).rejects.toThrow('ghost.yaml: institutions[0].partners[0].lendingWorkflowProfile: no workflow profile "GHOST"');
    expect(await exportSettingsConfig(database.db, id)).toEqual(before);
    expect((await listPartners(database.db, id)).map(partnerView)[0]?.lendingWorkflowProfile).toBe('LEND-STRICT');
  });

  it.each([
    ['an unknown step', SETTINGS.replace('conditional: false', 'teleport: false'), /net\.yaml:\d+:\d+: institutions\[0\]\.workflowProfiles\[1\]\.steps: Unrecognized key: "teleport"/],
    ['a profile code twice', SETTINGS.replace('LEND-STRICT, kind', 'BORROW-PLAIN, kind'), /workflowProfiles\[1\]\.code: workflow profile code "BORROW-PLAIN" appears twice/],
    ['a period ending before it starts', SETTINGS.replace('until: 2027-01-05', 'until: 2026-01-05'), /borrowingSettings\.temporarilyInactive\.until: until must not be before from/],
    ['a bad date', SETTINGS.replace('from: 2026-12-20', 'from: next week'), /borrowingSettings\.temporarilyInactive\.from: expected a date, YYYY-MM-DD/],
    ['an unknown setting', SETTINGS.replace('cancelOnLocateFailure: true', 'cancelOnLocateFailur: true'), /borrowingSettings: Unrecognized key: "cancelOnLocateFailur"/],
    ['a zero loan period', SETTINGS.replace('loanPeriodDays: 28', 'loanPeriodDays: 0'), /termsOfUse\.loanPeriodDays/],
  ])('refuses %s with file, line and path', (_name, settings, message) => {
    expect(() => parseConfigText(institution(settings), 'net.yaml')).toThrow(message);
  });

  it('refuses bad partner profile keys with file, line and path', () => {
    expect(() => parseConfigText(institution(SETTINGS).replace('currency: EUR', 'currency: euro'), 'net.yaml')).toThrow(
      /net\.yaml:\d+:\d+: institutions\[0\]\.partners\[0\]\.currency: expected an ISO 4217 currency code/,
    );
    expect(() => parseConfigText(institution(SETTINGS).replace('profileType: broker', 'profileType: pigeon'), 'net.yaml')).toThrow(/partners\[0\]\.profileType/);
    expect(() => parseConfigText(institution(SETTINGS, '\n        contacts2: []'), 'net.yaml')).toThrow(/partners\[0\]: Unrecognized key: "contacts2"/);
  });
});
