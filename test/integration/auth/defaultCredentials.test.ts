import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/services/auth/password.js';
import { freePort, PROJECT_ROOT, runCli, startServer } from '../../support/serverProcess.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-auth-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function network(passwordHash: string): string {
  return `institutions:
  - code: SOLO
    name: Solo Library
    symbols: ["ISIL:XX-SOLO"]
    libraries: [{ code: M, name: M }]
    users: [{ username: boss, name: Boss, roles: [fulfillment-admin], passwordHash: "${passwordHash}" }]
`;
}

function hashFromCli(stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/interlend.js', 'hash-password'], { cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('default credentials', () => {
  it('hash-password prints a scrypt hash of the first line of stdin', async () => {
    const result = await hashFromCli('a long passphrase\n');
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('a long passphrase', hash)).toBe(true);
    const empty = await hashFromCli('');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no password on stdin');
  });

  it('refuses to start outside demo mode while an active user has the password "demo": exit 2, naming the user', async () => {
    const dir = tempDir();
    const file = join(dir, 'network.yaml');
    writeFileSync(file, network(await hashPassword('demo', { N: 1024, r: 8, p: 1 })));
    const result = await runCli(['serve', '--config', file, '--port', '0'], { DATA_DIR: join(dir, 'data'), DATABASE_URL: '', INTERLEND_DEMO: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('default credentials: the password "demo" still signs in boss at SOLO');
  });

  it('starts with a real password, and demo mode says it created demo / demo', async () => {
    const dir = tempDir();
    const file = join(dir, 'network.yaml');
    writeFileSync(file, network(await hashPassword('not the default', { N: 1024, r: 8, p: 1 })));
    const port = await freePort();
    const server = await startServer(process.execPath, ['bin/interlend.js', 'serve', '--config', file], { PORT: String(port), DATA_DIR: join(dir, 'data'), DATABASE_URL: '', INTERLEND_DEMO: '' }, port);
    try {
      const denied = await fetch(`${server.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ institution: 'XX-SOLO', username: 'demo', password: 'demo' }) });
      expect(denied.status).toBe(401);
    } finally {
      await server.stop();
    }
    // The empty demo database, in demo mode: every institution gets demo / demo, and the log says so.
    const demoPort = await freePort();
    const demo = await startServer(process.execPath, ['bin/interlend.js', 'serve', '--demo'], { PORT: String(demoPort), DATA_DIR: join(dir, 'demo-data'), DATABASE_URL: '' }, demoPort);
    try {
      expect(demo.output()).toMatch(/demo mode: every institution without accounts gets user \\"demo\\" \/ password \\"demo\\" as fulfillment administrator, and every patron in the register an account named by its barcode in lower case with the same password; created for HCPL, LKC, NSU/);
      // …and patrons sign in with their barcode in lower case.
      const patron = await fetch(`${demo.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ institution: 'US-NSU', username: 'p-1001', password: 'demo' }) });
      expect(patron.status).toBe(200);
      const signedIn = await fetch(`${demo.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ institution: 'US-HCPL', username: 'demo', password: 'demo' }) });
      expect(signedIn.status).toBe(200);
    } finally {
      await demo.stop();
    }
    // The same database without demo mode: refused.
    const refused = await runCli(['serve', '--port', '0'], { DATA_DIR: join(dir, 'demo-data'), DATABASE_URL: '', INTERLEND_DEMO: '' });
    expect(refused.code).toBe(2);
    // Staff and patron demo accounts alike.
    for (const account of ['demo at HCPL', 'demo at LKC', 'demo at NSU', 'p-1001 at NSU', 'lkc-s-2044 at LKC']) expect(refused.stderr).toContain(account);
  });
});
