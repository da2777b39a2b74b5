import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { hashPassword } from '../../../src/services/auth/password.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

describe.each(backends)('users API and users in the network file on %s', (backend) => {
  let server: ApiServer;
  let database: TestDatabase;
  let base: string;
  let admin: Session;
  const users = '/api/v1/institutions/US-NSU/users';

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false });
    ({ database, base } = server);
    admin = await server.signIn('US-NSU', 'admin');
  });

  afterAll(() => server?.stop());

  async function call(method: string, path: string, session: Session, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(session), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
  }
  const audit = (key: string) => database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'user').where('entity_key', '=', key).orderBy('id').execute();

  it('recorded the file’s accounts in the audit log, as config:<file>, without hashes', async () => {
    const entries = await audit('operator');
    expect(entries.map((e) => [e.actor, e.action])).toEqual([['config:accounts.yaml', 'create']]);
    expect(entries[0]?.after).toMatchObject({ username: 'operator', roles: ['services-operator'], libraries: ['MAIN'], kind: 'staff', active: true });
    expect(JSON.stringify(entries)).not.toContain('scrypt$');
  });

  it('lists accounts without password hashes', async () => {
    const list = await call('GET', users, admin);
    expect(list.status).toBe(200);
    expect((list.json.items as { username: string }[]).map((u) => u.username)).toEqual(['admin', 'desk', 'operator', 'other-patron', 'partners', 'patron']);
    expect(list.text).not.toContain('scrypt');
    expect(list.text).not.toContain('password_hash');
  });

  it('creates an account that can sign in, audited as the administrator', async () => {
    const created = await call('POST', users, admin, { username: 'nina', name: 'Nina Night', roles: ['circulation-desk', 'services-operator'], libraries: ['LAW'], password: 'a new long password' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ username: 'nina', kind: 'staff', roles: ['circulation-desk', 'services-operator'], libraries: ['LAW'], active: true, patronId: null });
    expect(created.text).not.toContain('a new long password');
    await signIn(base, 'US-NSU', 'nina', 'a new long password');
    const entries = await audit('nina');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actor).toMatch(/^user:[0-9a-f-]{36}$/);
    expect(JSON.stringify(entries)).not.toMatch(/scrypt|a new long password/);
  });

  it.each([
    ['a short password', { username: 'x1', name: 'X', roles: ['circulation-desk'], password: 'demo' }, 'password'],
    ['an unknown role', { username: 'x2', name: 'X', roles: ['janitor'], password: 'long enough pass' }, 'roles'],
    ['roles and patronId', { username: 'x3', name: 'X', roles: ['circulation-desk'], patronId: 'P-9', password: 'long enough pass' }, 'roles: a patron account'],
    ['an unknown library', { username: 'x4', name: 'X', roles: ['services-operator'], libraries: ['ART'], password: 'long enough pass' }, 'unknown library "ART"'],
    ['a password hash instead of a password', { username: 'x5', name: 'X', roles: ['circulation-desk'], passwordHash: 'scrypt$…' }, 'passwordHash'],
    ['a taken username', { username: 'desk', name: 'X', roles: ['circulation-desk'], password: 'long enough pass' }, 'already taken'],
  ])('refuses %s with 400 and saves nothing', async (_name, body, message) => {
    const before = await database.db.selectFrom('user_account').select('username').execute();
    const auditBefore = await database.db.selectFrom('audit_log').select('id').execute();
    const answer = await call('POST', users, admin, body);
    expect(answer.status).toBe(400);
    expect(String(answer.json.detail)).toContain(message);
    expect(await database.db.selectFrom('user_account').select('username').execute()).toHaveLength(before.length);
    expect(await database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
  });

  it('changes roles and scope, audited with before and after', async () => {
    const changed = await call('PATCH', `${users}/operator`, admin, { libraries: null, roles: ['services-operator', 'circulation-desk'] });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ roles: ['services-operator', 'circulation-desk'], libraries: null });
    const last = (await audit('operator')).at(-1);
    expect(last).toMatchObject({ action: 'update', before: { libraries: ['MAIN'], roles: ['services-operator'] }, after: { libraries: null } });
  });

  it('resets a password: old sessions end, the new password signs in, the audit shows when but not what', async () => {
    const old = await signIn(base, 'US-NSU', 'desk');
    const reset = await call('PATCH', `${users}/desk`, admin, { password: 'brand new password' });
    expect(reset.status).toBe(200);
    expect((await call('GET', users.replace('/users', '/outbox'), old)).status).toBe(401);
    await signIn(base, 'US-NSU', 'desk', 'brand new password');
    const last = (await audit('desk')).at(-1) as { before: { passwordChangedAt: string }; after: { passwordChangedAt: string } };
    expect(last.after.passwordChangedAt).not.toBe(last.before.passwordChangedAt);
    expect(JSON.stringify(last)).not.toMatch(/scrypt|brand new password/);
  });

  it('deactivates an account: its sessions end and it cannot sign in', async () => {
    const session = await signIn(base, 'US-NSU', 'partners');
    expect((await call('PATCH', `${users}/partners`, admin, { active: false })).status).toBe(200);
    expect((await call('DELETE', '/api/v1/session', session)).status).toBe(401);
    await expect(signIn(base, 'US-NSU', 'partners')).rejects.toThrow(/401/);
  });

  it.each([
    ['an unknown user', 'nobody', { active: false }, 404],
    ['an empty change', 'desk', {}, 400],
    ['roles on a patron', 'patron', { roles: ['circulation-desk'] }, 400],
    ['libraries for a desk-only user', 'desk', { libraries: ['MAIN'] }, 400],
    ['a short password', 'desk', { password: 'short' }, 400],
  ])('refuses a change of %s', async (_name, username, body, status) => {
    const before = await database.db.selectFrom('audit_log').select('id').execute();
    expect((await call('PATCH', `${users}/${username}`, admin, body)).status).toBe(status);
    expect(await database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
  });

  it('keeps users to fulfillment administrators of the institution', async () => {
    expect((await call('GET', users, await signIn(base, 'US-NSU', 'operator'))).status).toBe(403);
    const foreign = await call('GET', users, await signIn(base, 'US-LKC', 'admin'));
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toMatch(/operator|North State/);
  });

  it('reloading the file changes nothing unchanged, and a new hash is an audited password change', async () => {
    const config = await networkWithAccounts();
    const auditBefore = await database.db.selectFrom('audit_log').select('id').where('actor', '=', 'config:again.yaml').execute();
    expect(auditBefore).toHaveLength(0);
    const hash = await hashPassword('from the file again', { N: 1024, r: 8, p: 1 });
    const changed = parseConfigText(
      `institutions:
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
    users: [{ username: admin, name: admin, roles: [fulfillment-admin], passwordHash: "${hash}" }]
`,
      'again.yaml',
    );
    const lkcSession = await signIn(base, 'US-LKC', 'admin');
    await applyNetworkConfig(database.db, { institutions: config.institutions.filter((i) => i.code === 'LKC') }, 'again.yaml');
    expect(await database.db.selectFrom('audit_log').select('id').where('actor', '=', 'config:again.yaml').execute()).toHaveLength(0);
    await applyNetworkConfig(database.db, changed, 'again.yaml');
    const entries = await database.db.selectFrom('audit_log').selectAll().where('actor', '=', 'config:again.yaml').execute();
    expect(entries.map((e) => [e.entity_type, e.entity_key, e.action])).toEqual([['user', 'admin', 'update']]);
    expect(JSON.stringify(entries)).not.toContain('scrypt');
    expect((await call('GET', '/api/v1/institutions/US-LKC/users', lkcSession)).status).toBe(401);
    await signIn(base, 'US-LKC', 'admin', 'from the file again');
  });
});
