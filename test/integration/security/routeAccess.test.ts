import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, TEST_PASSWORD } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { apiRouteTable } from '../../../src/http/routes/api/index.js';

/**
 * Every route outside the REST API's access table, with why anyone may call it. A new route
 * must land either in the access table (src/http/routes/api/permissions.ts, checked per role by
 * test/integration/auth/roleMatrix.test.ts) or here, with its reason.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'load balancers and orchestrators probe it; it says only whether the database answers and the outbox backlog',
  'GET /metrics': 'Prometheus scrapes it (keep it on an internal network); counters by route template and status only, no data (checked below)',
  'POST /iso18626': 'partners post protocol messages; each is authenticated by sender symbol and partner credentials, never by a session',
  'POST /ncip': 'brokers and ILSs post protocol messages; authenticated like ISO 18626',
  'GET /sru': 'catalogue search for partners locating items: bibliographic data only',
  'GET /sru/:institutionCode': 'catalogue search of one institution: bibliographic data only',
  'POST /sru/:institutionCode': 'SRU over POST (the same search)',
  'GET /directory/entries.json': 'the resource-sharing directory feed other deployments subscribe to: what each institution publishes about itself',
  'GET /api/openapi.json': 'the API description; no data',
  'GET /api/docs': 'the browsable API description',
  'GET /api/docs/json': 'the API description (swagger-ui)',
  'GET /api/docs/yaml': 'the API description (swagger-ui)',
  'GET /api/docs/static/index.html': 'swagger-ui page',
  'GET /api/docs/static/swagger-initializer.js': 'swagger-ui script',
  'GET /api/docs/static/*': 'swagger-ui assets',
  'GET /assets/*': 'the built web UI scripts and styles: code, no data',
  'GET /': 'the web UI page: its data comes from the API after sign-in',
  'GET /sign-in': 'the web UI page (sign-in form)',
  'GET /staff': 'the web UI page: its data comes from the API after sign-in',
  'GET /staff/*': 'the web UI page: its data comes from the API after sign-in',
  'GET /patron': 'the web UI page: its data comes from the API after sign-in',
  'GET /patron/*': 'the web UI page: its data comes from the API after sign-in',
  'GET /openurl': 'the web UI page patrons reach from discovery systems; the form posts through the API after sign-in',
};

describe('access to every route the app registers', () => {
  let server: ApiServer;
  let interlend: Interlend;
  let base: string;

  beforeAll(async () => {
    server = await startApiServer('pglite', { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false });
    ({ interlend, base } = server);
  });
  afterAll(() => server?.stop());

  // Well-formed values, so that only the missing session can be the reason for a refusal.
  const PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', messageId: '1' };
  const fill = (url: string, actions: readonly string[] = []) =>
    url.replace(/:(\w+)/g, (_match, name: string) => (name === 'action' ? actions[0] : PARAMS[name]) ?? 'US-NSU').replace(/\*$/, 'x');

  it('has for each route an entry in the access table or in the public list, and no stale public entry', () => {
    const api = new Map(apiRouteTable(interlend.app).map((route) => [`${route.method} ${route.url}`, route.config]));
    const all = interlend.app.routeTable.map((route) => `${route.method} ${route.url}`);
    expect(all.length).toBeGreaterThan(api.size);
    const unowned = all.filter((route) => {
      const config = api.get(route);
      return config ? !config.access && !config.actionAccess && !config.public : PUBLIC_ROUTES[route] === undefined;
    });
    expect(unowned).toEqual([]);
    expect(Object.keys(PUBLIC_ROUTES).filter((route) => !all.includes(route))).toEqual([]);
    // Nothing is both: an API route is governed by the access table alone.
    expect(Object.keys(PUBLIC_ROUTES).filter((route) => api.has(route))).toEqual([]);
  });

  it('answers every non-public API route 401 without a session, and no public route 401 or 403', async () => {
    const wrong: string[] = [];
    for (const route of apiRouteTable(interlend.app)) {
      if (route.config.public) continue;
      const response = await fetch(`${base}${fill(route.url, route.config.actionAccess?.actions)}`, { method: route.method, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      await response.body?.cancel();
      if (response.status !== 401) wrong.push(`${route.method} ${route.url}: ${response.status}`);
    }
    for (const route of Object.keys(PUBLIC_ROUTES)) {
      const [method = 'GET', url = '/'] = route.split(' ');
      const response = await fetch(`${base}${fill(url)}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/xml' }, body: '<x/>' } : {}) });
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) wrong.push(`${route}: ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('/metrics names route templates and statuses, never data, tokens or ids', async () => {
    const session = await signIn(base, 'US-NSU', 'admin');
    const title = 'Metrics Must Not Show This Title';
    const created = await fetch(`${base}/api/v1/institutions/US-NSU/borrowing-requests`, {
      method: 'POST',
      headers: { ...bearer(session), 'content-type': 'application/json' },
      body: JSON.stringify({ patronId: 'P-SECRET-77', citation: { title }, rota: ['HCPL'], send: false }),
    });
    const { id } = (await created.json()) as { id: string };
    await (await fetch(`${base}/api/v1/institutions/US-NSU/borrowing-requests/${id}?patron=P-SECRET-77`, { headers: bearer(session) })).text();
    await (await fetch(`${base}/no/such/path/${session.token}`)).text();
    await (await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ institution: 'US-NSU', username: 'admin', password: 'wrong-horse' }) })).text();
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('route="/api/v1/institutions/:symbol/borrowing-requests/:id"');
    for (const secret of [title, 'P-SECRET-77', id, session.token, session.csrfToken, TEST_PASSWORD, 'wrong-horse', 'US-NSU', 'no/such/path']) expect(metrics).not.toContain(secret);
    const templates = new Set([...interlend.app.routeTable.map((route) => route.url), 'unmatched']);
    const routes = [...metrics.matchAll(/route="([^"]*)"/g)].map((match) => match[1] as string);
    expect(routes.filter((route) => !templates.has(route))).toEqual([]);
  });
});
