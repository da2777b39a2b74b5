import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableBackends } from '../../support/databases.js';
import { startSeededSruServer, type SeededSruServer } from './seedCatalogue.js';

const YAZ_CLIENT = process.env.YAZ_CLIENT ?? '/usr/bin/yaz-client';

function requireYazClient(): boolean {
  if (existsSync(YAZ_CLIENT)) return true;
  const reason = `yaz-client not found at ${YAZ_CLIENT}: /sru interoperability with YAZ cannot be shown`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`SKIPPING: ${reason}. Install the Debian package yaz to run it.`);
  return false;
}

const yaz = requireYazClient();
const backends = await availableBackends();

/** Runs yaz-client with `commands` on stdin (asynchronously: our server runs in this process). */
function yazClient(commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(YAZ_CLIENT, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.stdin.end(`${[...commands, 'quit'].join('\n')}\n`);
  });
}

describe.skipIf(!yaz).each(backends)('yaz-client (SRU mode) against our /sru on %s', (backend) => {
  let server: SeededSruServer;
  beforeAll(async () => (server = await startSeededSruServer(backend)));
  afterAll(() => server.stop());

  const session = (method: 'get' | 'post', version: string, ...commands: string[]) =>
    yazClient([`sru ${method} ${version}`, `open ${server.base}/sru/HCPL`, 'querytype cql', ...commands]);

  it.each([
    ['get', '1.1'],
    ['get', '1.2'],
    ['post', '1.2'],
    ['get', '2.0'],
  ] as const)('finds by ISBN and shows the MARCXML record with its items (%s, SRU %s)', async (method, version) => {
    const out = await session(method, version, 'find bath.isbn="978-0-306-40615-7"', 'show 1');
    expect(out).toContain('Connecting...OK');
    expect(out).toMatch(/Number of hits: 1\b/);
    expect(out).toContain('schema=info:srw/schema/1/marcxml-v1.1');
    expect(out).toContain('<controlfield tag="001">hc-0001</controlfield>');
    expect(out).toContain('<subfield code="p">HC-1</subfield>');
  });

  it('searches title, author, LCCN, OCLC number and control number', async () => {
    const out = await session(
      'get',
      '1.2',
      'find dc.title all "moby dick"',
      'find dc.creator = pager',
      'find bath.lccn = "2001-12345"',
      'find bath.standardIdentifier = 987654',
      'find rec.id = hc-0003',
    );
    expect([...out.matchAll(/Number of hits: (\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 5, 1, 1, 1]);
  });

  it('pages with show N+M and reports zero hits', async () => {
    const out = await session('get', '1.2', 'find dc.creator = pager', 'show 4+2', 'find bath.isbn = 9781234567897');
    expect(out).toContain('pos=4 schema=');
    expect(out).toContain('pos=5 schema=');
    expect(out).not.toContain('pos=6 schema=');
    expect(out).toContain('<controlfield tag="001">hc-0105</controlfield>');
    expect(out).toMatch(/Number of hits: 0\b/);
  });

  it('shows our diagnostics', async () => {
    const out = await session('get', '1.2', 'find dc.subject = maps', 'find dc.title = "open');
    expect(out).toContain('SRW diagnostic info:srw/diagnostic/1/16');
    expect(out).toContain('Details: dc.subject');
    expect(out).toContain('SRW diagnostic info:srw/diagnostic/1/10');
  });
});
