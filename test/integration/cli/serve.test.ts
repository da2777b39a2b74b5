import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { createTestDatabase, isPostgresAvailable } from '../../support/databases.js';
import { requestXml } from '../../support/iso18626Messages.js';
import { freePort, runCli, startServer } from '../../support/serverProcess.js';

const postgres = await isPostgresAvailable();
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function postRequest(base: string, id: string): Promise<string> {
  const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: requestXml({ id }) });
  const parsed = parseIso18626(await response.text());
  if (!parsed.ok || !('confirmationHeader' in parsed.message)) throw new Error('no confirmation');
  return parsed.message.confirmationHeader.messageStatus;
}

describe('npm start', () => {
  it('on an empty DATA_DIR serves /health and answers a request addressed to US-HCPL; a restart keeps the data', async () => {
    const dataDir = join(tempDir(), 'data');
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = await startServer('npm', ['start', '--silent'], env, port);
    try {
      expect(server.output()).toContain('demo consortium loaded');
      expect(await postRequest(server.base, 'start-1')).toBe('OK');
      expect((await fetch(`${server.base}/api/openapi.json`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.output()).toContain('SIGTERM: stopping');
    const again = await startServer('npm', ['start', '--silent'], env, port);
    try {
      expect(again.output()).not.toContain('demo consortium loaded');
      // The request stored by the first run is still there: re-delivery is recognised.
      const response = await fetch(`${again.base}/metrics`);
      expect(response.status).toBe(200);
      expect(await postRequest(again.base, 'start-1')).toBe('OK');
      expect(await (await fetch(`${again.base}/metrics`)).text()).toContain('interlend_protocol_duplicates_total{protocol="iso18626",kind="request"} 1');
    } finally {
      await again.stop();
    }
  });

  it.runIf(postgres)('migrates and serves from the PostgreSQL server named by DATABASE_URL', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    const port = await freePort();
    const server = await startServer(process.execPath, ['bin/interlend.js', 'serve'], { PORT: String(port), DATABASE_URL: database.url, DATA_DIR: tempDir() }, port);
    try {
      expect(server.output()).toContain('0002_lending_requests');
      expect(await postRequest(server.base, 'pg-1')).toBe('OK');
      const stored = await database.db.selectFrom('lending_request').select('requesting_agency_request_id').execute();
      expect(stored).toEqual([{ requesting_agency_request_id: 'pg-1' }]);
    } finally {
      await server.stop();
      await database.close();
    }
  });
});

describe('interlend CLI', () => {
  it('exits 2 naming file, line and problem for an invalid --config, before touching the database', async () => {
    const dir = tempDir();
    const file = join(dir, 'network.yaml');
    writeFileSync(file, 'institutions:\n  - code: X\n    name: X\n    symbols: ["bad"]\n    libraries: [{code: M, name: M}]\n');
    const result = await runCli(['serve', '--config', file, '--port', '0'], { DATA_DIR: join(dir, 'data') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:4:15: institutions[0].symbols[0]: expected TYPE:VALUE`);
  });

  it('loads a --config file at start', async () => {
    const dir = tempDir();
    const file = join(dir, 'network.yaml');
    writeFileSync(
      file,
      'institutions:\n  - code: SOLO\n    name: Solo Library\n    symbols: ["ISIL:XX-SOLO"]\n    libraries: [{code: M, name: M}]\n    partners: [{code: PEER, name: Peer, symbol: "ISIL:XX-PEER"}]\n  - code: PEER\n    name: Peer\n    symbols: ["ISIL:XX-PEER"]\n    libraries: [{code: M, name: M}]\n',
    );
    const port = await freePort();
    const server = await startServer(process.execPath, ['bin/interlend.js', 'serve', '--config', file], { PORT: String(port), DATA_DIR: join(dir, 'data'), DATABASE_URL: '' }, port);
    try {
      expect(server.output()).toContain('network file loaded');
      const response = await fetch(`${server.base}/iso18626`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: requestXml({ from: 'XX-PEER', to: 'XX-SOLO', id: 'solo-1' }),
      });
      expect(await response.text()).toContain('<messageStatus>OK</messageStatus>');
    } finally {
      await server.stop();
    }
  });

  it('migrates and reports when there is nothing left to do', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await runCli(['migrate', '--data-dir', dataDir], { DATABASE_URL: '' });
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('applied: 0001_institutions, 0002_lending_requests, 0003_partners_and_borrowing, 0004_outbox');
    const second = await runCli(['migrate', '--data-dir', dataDir], { DATABASE_URL: '' });
    expect(second.stdout).toContain('schema already up to date');
  });

  it('exits 2 for a bad PORT or DATABASE_URL, and for an unknown command', async () => {
    expect((await runCli(['serve'], { PORT: 'eighty' })).code).toBe(2);
    expect((await runCli(['migrate'], { DATABASE_URL: 'mysql://x' })).stderr).toContain('DATABASE_URL must start with postgres://');
    expect((await runCli(['teleport'])).code).toBe(2);
  });

  it('refuses a partner that is neither an institution here nor given an endpoint, changing nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'network.yaml');
    writeFileSync(file, 'institutions:\n  - code: X\n    name: X\n    symbols: ["ISIL:XX-X"]\n    libraries: [{code: M, name: M}]\n    partners: [{code: FAR, name: Far, symbol: "ISIL:XX-FAR"}]\n');
    const result = await runCli(['serve', '--config', file, '--port', '0'], { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('institutions[0].partners[0]: ISIL:XX-FAR is not an institution of this deployment, so it needs an endpoint URL');
  });

  it('runs a whole loan with `interlend demo` and prints both timelines', async () => {
    const result = await runCli(['demo'], { DATABASE_URL: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Borrowing request NSU-');
    expect(result.stdout).toContain('Lending request HCPL-');
    expect(result.stdout).toMatch(/supplier:LoanCompleted\s+Returned item to partner → Request completed/);
    expect(result.stdout).toMatch(/check-in\s+Returned by partner → Request completed/);
  });

  it('validates a file with check-config', async () => {
    const ok = await runCli(['check-config', 'config/demo-consortium.yaml']);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('valid (3 institutions)');
  });
});
