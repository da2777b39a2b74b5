import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportNetworkConfig, networkConfigYaml } from '../../../src/services/config/exportNetworkConfig.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { runCli } from '../../support/serverProcess.js';
import { loadRichNetwork, OUTBOUND_SECRETS } from './richNetwork.js';

const backends = await availableBackends();
const dir = mkdtempSync(join(tmpdir(), 'interlend-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadRich(db: TestDatabase['db']): Promise<string> {
  await loadRichNetwork(db);
  return networkConfigYaml(await exportNetworkConfig(db));
}

describe.each(backends)('interlend export-config on %s', (backend) => {
  /** How the command finds the database: DATABASE_URL, or DATA_DIR for PGlite. */
  let env: Record<string, string>;
  let expected: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend === 'postgres') {
      const database = await createTestDatabase('postgres');
      expected = await loadRich(database.db);
      env = { DATABASE_URL: database.url!, DATA_DIR: join(dir, 'unused') };
      cleanup = () => database.close();
    } else {
      // PGlite on disk, closed again: the command opens it in its own process.
      const dataDir = join(dir, 'data');
      const database = openDatabase({ dataDir });
      await migrateToLatest(database.db);
      expected = await loadRich(database.db);
      await database.close();
      env = { DATABASE_URL: '', DATA_DIR: dataDir };
      cleanup = () => Promise.resolve();
    }
  });

  afterAll(async () => cleanup?.());

  it('prints the whole network file, without outbound secrets', async () => {
    const result = await runCli(['export-config'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected);
    for (const secret of Object.values(OUTBOUND_SECRETS)) expect(result.stdout).not.toContain(secret);
  });

  it('writes one institution, named by symbol or code, to --out', async () => {
    const out = join(dir, `${backend}-hcpl.yaml`);
    const result = await runCli(['export-config', '--institution', 'ISIL:US-HCPL', '--out', out], env);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    const written = readFileSync(out, 'utf8');
    expect((parse(written) as { institutions: { code: string }[] }).institutions.map((i) => i.code)).toEqual(['HCPL']);
    expect(statSync(out).mode & 0o077).toBe(0);
    const byCode = await runCli(['export-config', '--institution', 'HCPL'], env);
    expect(byCode.stdout).toBe(written);
  });

  it('exits 2 for an unknown institution', async () => {
    const result = await runCli(['export-config', '--institution', 'XX-NOPE'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no institution with symbol or code "XX-NOPE"');
  });
});

describe('interlend export-config without a database', () => {
  it('exits 2 for a DATA_DIR that does not exist, and creates nothing there', async () => {
    const missing = join(dir, 'nothing-here');
    const result = await runCli(['export-config'], { DATABASE_URL: '', DATA_DIR: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no database at ${missing}`);
    expect(() => statSync(missing)).toThrow();
  });

  it('exits 2 for a database without the schema', async () => {
    const empty = join(dir, 'empty');
    await openDatabase({ dataDir: empty }).close();
    const result = await runCli(['export-config'], { DATABASE_URL: '', DATA_DIR: empty });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('run interlend migrate first');
  });
});
