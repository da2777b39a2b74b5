import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_CONSORTIUM_FILE } from '../../../src/cli/serve.js';
import { ConfigError, loadConfigFile, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { exportNetworkConfig, networkConfigYaml } from '../../../src/services/config/exportNetworkConfig.js';
import { patronStandingFor } from '../../../src/services/patrons/patronStandingFor.js';
import type { Db } from '../../../src/store/database.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

const PATRONS = `
    patrons:
      - { barcode: NSU-0001, name: Ada Lovelace, email: ada@example.edu, patronGroup: faculty, homeLibrary: LAW, expiresOn: 2027-06-30 }
      - barcode: NSU-0002
        name: Grace Hopper
        phone: "+1 555 0100"
        patronGroup: staff
        blocks:
          - { code: FINES, reason: unpaid fines, since: 2026-01-01 }
          - { code: LOST, reason: lost item, since: 2026-02-01, until: 2026-12-31 }
      - { barcode: NSU-0003, name: Alan Turing, patronGroup: graduate, active: false }`;

function network(patrons: string): string {
  return `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: LAW, name: Law Library }]
${patrons}
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
`;
}

function problems(text: string): string[] {
  try {
    parseConfigText(text, 'patrons.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

async function patronRows(db: Db) {
  const rows = await db
    .selectFrom('patron as p')
    .innerJoin('institution as i', 'i.id', 'p.institution_id')
    .leftJoin('library as l', 'l.id', 'p.home_library_id')
    .select(['i.code as institution', 'p.barcode', 'p.name', 'p.email', 'p.phone', 'p.patron_group', 'l.code as library', 'p.blocks', 'p.active'])
    .orderBy('p.barcode')
    .execute();
  return rows;
}

describe('the patrons section of the network file', () => {
  it('ships demo patrons, among them P-1001 whom the demo loan borrows for', () => {
    const demo = loadConfigFile(DEMO_CONSORTIUM_FILE);
    expect(demo.institutions.map((i) => i.patrons.length)).toEqual([3, 2, 1]);
    expect(demo.institutions[0]?.patrons[0]).toMatchObject({ barcode: 'P-1001', homeLibrary: 'MAIN', active: true, blocks: [] });
    expect(demo.institutions[0]?.patrons[2]?.blocks.map((b) => b.code)).toEqual(['FINES']);
  });

  it('refuses a barcode listed twice (whatever its case) with its path and line', () => {
    const found = problems(network(`    patrons:\n      - { barcode: NSU-1, name: A, patronGroup: staff }\n      - { barcode: nsu-1, name: B, patronGroup: staff }`));
    expect(found).toEqual([expect.stringMatching(/^patrons\.yaml:9:\d+: institutions\[0\]\.patrons\[1\]\.barcode: barcode "nsu-1" is already used by patrons\[0\]/)]);
  });

  it('refuses an unknown home library, a bad date, a bad email, a repeated block and an unknown key, each with its path', () => {
    const found = problems(
      network(`    patrons:
      - { barcode: NSU-1, name: A, patronGroup: staff, homeLibrary: MOON }
      - { barcode: NSU-2, name: B, patronGroup: staff, expiresOn: 2026-13-01 }
      - { barcode: NSU-3, name: C, patronGroup: staff, email: nobody }
      - { barcode: NSU-4, name: D, patronGroup: staff, blocks: [{ code: X, reason: r, since: 2026-01-01 }, { code: X, reason: s, since: 2026-01-02 }] }
      - { barcode: NSU-5, name: E, patronGroup: staff, pin: 1234 }`),
    ).join('\n');
    expect(found).toContain('institutions[0].patrons[0].homeLibrary: unknown library "MOON"; this institution has MAIN, LAW');
    expect(found).toContain('institutions[0].patrons[1].expiresOn:');
    expect(found).toContain('institutions[0].patrons[2].email:');
    expect(found).toContain('institutions[0].patrons[3].blocks[1].code: block "X" is already listed at blocks[0]');
    expect(found).toContain('institutions[0].patrons[4]: Unrecognized key: "pin"');
  });
});

describe.each(backends)('loading and exporting patrons on %s', (backend) => {
  let database: TestDatabase;
  let fresh: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    fresh = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, parseConfigText(network(PATRONS), 'patrons.yaml'), 'patrons.yaml');
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.close();
  });

  it('creates the listed patrons with their library, blocks and flags', async () => {
    expect(await patronRows(database.db)).toEqual([
      { institution: 'NSU', barcode: 'NSU-0001', name: 'Ada Lovelace', email: 'ada@example.edu', phone: null, patron_group: 'faculty', library: 'LAW', blocks: [], active: true },
      {
        institution: 'NSU',
        barcode: 'NSU-0002',
        name: 'Grace Hopper',
        email: null,
        phone: '+1 555 0100',
        patron_group: 'staff',
        library: null,
        blocks: [
          { code: 'FINES', reason: 'unpaid fines', since: '2026-01-01' },
          { code: 'LOST', reason: 'lost item', since: '2026-02-01', until: '2026-12-31' },
        ],
        active: true,
      },
      { institution: 'NSU', barcode: 'NSU-0003', name: 'Alan Turing', email: null, phone: null, patron_group: 'graduate', library: null, blocks: [], active: false },
    ]);
    const nsu = await findInstitutionByPathSymbol(database.db, 'US-NSU');
    const standing = await patronStandingFor(database.db, nsu!.id, 'NSU-0002', new Date('2026-11-25T10:00:00Z'));
    expect(standing?.reasons.map((r) => (r.kind === 'blocked' ? r.code : r.kind))).toEqual(['FINES', 'LOST']);
    expect((await patronStandingFor(database.db, nsu!.id, 'NSU-0002', new Date('2027-01-01T10:00:00Z')))?.reasons.map((r) => r.kind)).toEqual(['blocked']);
    expect((await patronStandingFor(database.db, nsu!.id, 'nsu-0003', new Date('2026-11-25T10:00:00Z')))?.reasons.map((r) => r.kind)).toEqual(['inactive']);
  });

  it('upserts by barcode on reload, keeps patrons the file leaves out, and records only real changes', async () => {
    const audits = async () => Number((await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('entity_type', '=', 'patron').executeTakeFirstOrThrow()).n);
    const before = await audits();
    expect(before).toBe(3);
    await applyNetworkConfig(database.db, parseConfigText(network(PATRONS), 'patrons.yaml'), 'patrons.yaml');
    expect(await audits()).toBe(3);
    await applyNetworkConfig(
      database.db,
      parseConfigText(network(`    patrons:\n      - { barcode: nsu-0002, name: Grace B. Hopper, patronGroup: emeritus, homeLibrary: MAIN }`), 'again.yaml'),
      'again.yaml',
    );
    const rows = await patronRows(database.db);
    expect(rows.map((r) => r.barcode)).toEqual(['NSU-0001', 'NSU-0002', 'NSU-0003']);
    expect(rows[1]).toMatchObject({ barcode: 'NSU-0002', name: 'Grace B. Hopper', patron_group: 'emeritus', library: 'MAIN', phone: null, blocks: [] });
    const last = await database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'patron').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ actor: 'config:again.yaml', entity_key: 'NSU-0002', action: 'update' });
    await applyNetworkConfig(database.db, parseConfigText(network(''), 'none.yaml'), 'none.yaml');
    expect(await patronRows(database.db)).toEqual(rows);
  });

  it('exports the patrons so that export, load and export again give the same file', async () => {
    await applyNetworkConfig(database.db, parseConfigText(network(PATRONS), 'patrons.yaml'), 'patrons.yaml');
    const first = await exportNetworkConfig(database.db);
    const nsu = first.institutions.find((i) => i.code === 'NSU');
    expect(nsu?.patrons).toEqual([
      { barcode: 'NSU-0001', name: 'Ada Lovelace', email: 'ada@example.edu', patronGroup: 'faculty', homeLibrary: 'LAW', expiresOn: '2027-06-30' },
      {
        barcode: 'NSU-0002',
        name: 'Grace Hopper',
        phone: '+1 555 0100',
        patronGroup: 'staff',
        blocks: [
          { code: 'FINES', reason: 'unpaid fines', since: '2026-01-01' },
          { code: 'LOST', reason: 'lost item', since: '2026-02-01', until: '2026-12-31' },
        ],
      },
      { barcode: 'NSU-0003', name: 'Alan Turing', patronGroup: 'graduate', active: false },
    ]);
    expect(first.institutions.find((i) => i.code === 'HCPL')).not.toHaveProperty('patrons');
    const text = networkConfigYaml(first);
    await applyNetworkConfig(fresh.db, parseConfigText(text, 'exported.yaml'), 'exported.yaml');
    expect(await exportNetworkConfig(fresh.db)).toEqual(parse(text));
    expect(await patronRows(fresh.db)).toEqual(await patronRows(database.db));
  });
});
