import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/loadConfigFile.js';
import { DEMO_CONSORTIUM_FILE } from '../../../src/cli/serve.js';
import { probeDeployment, probeTargets } from '../../../src/services/interop/probeDeployment.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { runCli } from '../../support/serverProcess.js';

// The probe only speaks HTTP to a server: one database back-end is enough.
describe('interlend probe', () => {
  let demo: ApiServer;
  let html: Server;
  let htmlUrl: string;
  beforeAll(async () => {
    demo = await startApiServer('pglite', { network: loadConfigFile(DEMO_CONSORTIUM_FILE), networkFile: DEMO_CONSORTIUM_FILE, demo: true });
    html = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Library home page</body></html>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await demo?.stop();
    await new Promise((resolve) => html?.close(resolve));
  });

  it('takes an ISO 18626 endpoint or a deployment base URL', () => {
    expect(probeTargets('https://ill.example.org/')).toEqual({ iso18626: 'https://ill.example.org/iso18626', base: 'https://ill.example.org' });
    expect(probeTargets('https://ill.example.org/x/iso18626/')).toEqual({ iso18626: 'https://ill.example.org/x/iso18626', base: 'https://ill.example.org/x' });
  });

  it('finds an Interlend deployment: its ISO 18626 endpoint, its directory and every catalogue the directory names', async () => {
    const checks = await probeDeployment(demo.base);
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ['iso18626', true],
      ['directory', true],
      ['sru-explain', true],
      ['sru-search', true],
      ['sru-explain', true],
      ['sru-search', true],
      ['sru-explain', true],
      ['sru-search', true],
    ]);
    expect(checks[0]!.result).toMatch(/^HTTP 200, requestConfirmation ERROR BadlyFormedMessage \(version 1\.2\)$/);
    expect(checks[1]!.result).toBe('3 entries');
    expect(checks.filter((c) => c.check === 'sru-explain').map((c) => c.target.replace(demo.base, ''))).toEqual(['/sru/HCPL', '/sru/LKC', '/sru/NSU']);
    // Nothing was created at the partner by probing it.
    const lending = await demo.db.selectFrom('lending_request').select('id').execute();
    expect(lending).toEqual([]);
  });

  it('says what is wrong with a server that is not an ISO 18626 endpoint, or not there', async () => {
    const [iso, directory] = await probeDeployment(htmlUrl);
    expect(iso).toMatchObject({ ok: false });
    expect(iso!.result).toMatch(/^HTTP 200, not an ISO 18626 answer/);
    expect(directory).toMatchObject({ ok: false });
    const closed = await probeDeployment('http://127.0.0.1:9/iso18626', { timeoutMs: 2000 });
    expect(closed.map((c) => c.ok)).toEqual([false, false]);
    expect(closed[0]!.result).toMatch(/fetch failed/);
  });

  it('runs from the command line: exit 0 for a partner that answers, 1 for one that does not', async () => {
    const good = await runCli(['probe', demo.base]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`ok    iso18626    ${demo.base}/iso18626`);
    expect(good.stdout).toContain(`ok    sru-explain ${demo.base}/sru/HCPL`);
    const bad = await runCli(['probe', htmlUrl, '--timeout', '3000']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAIL  iso18626    ${htmlUrl}/iso18626`);
  });
});
