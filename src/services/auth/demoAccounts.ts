import { ConfigError } from '../../config/loadConfigFile.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import { listInstitutions } from '../../store/institutionRepository.js';
import { listAllPatrons, patronAccountNames } from '../../store/patronRepository.js';
import { findUser, institutionsWithoutUsers, insertUser, listActiveUsers } from '../../store/userRepository.js';
import type { Db } from '../../store/database.js';
import type { ServiceContext } from '../context.js';
import { ACCOUNT_ENTITY, accountView, libraryCodes } from './accounts.js';
import { hashPassword, verifyPassword } from './password.js';

/** The well-known demo credentials. Demo mode creates them; without demo mode they stop the server. */
export const DEMO_CREDENTIALS = { username: 'demo', password: 'demo' } as const;

/**
 * Demo mode: every institution without any account gets `demo` / `demo` as fulfillment
 * administrator, and every patron of the register without an account gets one to try the
 * patron pages: username the barcode lower-cased (`p-1001`), password `demo`. Answers the codes
 * of the institutions that got an administrator.
 */
export async function seedDemoAccounts(ctx: ServiceContext): Promise<string[]> {
  const hash = await hashPassword(DEMO_CREDENTIALS.password);
  return ctx.db.transaction().execute(async (trx) => {
    const institutions = await institutionsWithoutUsers(trx);
    for (const institution of institutions) {
      const user = await insertUser(
        trx,
        institution.id,
        DEMO_CREDENTIALS.username,
        { name: 'Demo administrator', kind: 'staff', roles: ['fulfillment-admin'], libraryIds: null, patronId: null, active: true },
        hash,
        ctx.now(),
      );
      const view = accountView(user, await libraryCodes(trx, institution.id));
      await recordAudit(trx, { institutionId: institution.id, actor: 'system:demo-mode', entityType: ACCOUNT_ENTITY, entityKey: user.username, before: undefined, after: view });
    }
    await seedDemoPatronAccounts(trx, hash, ctx.now());
    return institutions.map((i) => i.code);
  });
}

/** A patron account (barcode lower-cased / `demo`) for every register patron without one, unless the username is taken. */
async function seedDemoPatronAccounts(db: Db, hash: string, now: Date): Promise<void> {
  for (const institution of await listInstitutions(db)) {
    const patrons = await listAllPatrons(db, institution.id);
    const accounts = await patronAccountNames(db, institution.id, patrons.map((p) => p.barcode));
    for (const patron of patrons) {
      const username = patron.barcode.toLowerCase();
      if (accounts.has(username) || (await findUser(db, institution.id, username))) continue;
      const user = await insertUser(db, institution.id, username, { name: patron.name, kind: 'patron', roles: [], libraryIds: null, patronId: patron.barcode, active: true }, hash, now);
      const view = accountView(user, await libraryCodes(db, institution.id));
      await recordAudit(db, { institutionId: institution.id, actor: 'system:demo-mode', entityType: ACCOUNT_ENTITY, entityKey: user.username, before: undefined, after: view });
    }
  }
}

/** Outside demo mode: refuses to start while any active account still has the demo password. */
export async function refuseDefaultCredentials(ctx: ServiceContext): Promise<void> {
  const users = await listActiveUsers(ctx.db);
  // scrypt runs on libuv's thread pool: all at once is as fast as it gets, and bounded by the pool.
  const matches = await Promise.all(users.map((user) => verifyPassword(DEMO_CREDENTIALS.password, user.password_hash)));
  const offenders = users.filter((_, i) => matches[i]).map((user) => `${user.username} at ${user.institution_code}`);
  if (offenders.length > 0) {
    throw new ConfigError([
      `default credentials: the password "${DEMO_CREDENTIALS.password}" still signs in ${offenders.join(', ')}; ` +
        'set a real password hash in the network file (`npx interlend hash-password`) or deactivate the account, or run with --demo',
    ]);
  }
}
