import { accountProblems } from '../../config/sections/staff.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import { deleteSessionsOfUser } from '../../store/sessionRepository.js';
import type { Institution } from '../../store/schema.js';
import { findUser, insertUser, listUsers, updateUser, type UserFields } from '../../store/userRepository.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { ACCOUNT_ENTITY, accountView, libraryCodes, type AccountView, type LibraryCodes } from './accounts.js';
import { hashPassword } from './password.js';

export interface AccountInput {
  name: string;
  roles?: readonly string[] | undefined;
  libraries?: readonly string[] | undefined;
  patronId?: string | undefined;
  active: boolean;
}

/** A change to an account; `libraries: null` removes the library scope. */
export interface AccountChange {
  name?: string | undefined;
  roles?: readonly string[] | undefined;
  libraries?: readonly string[] | null | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
}

export async function listAccounts(ctx: ServiceContext, institution: Institution): Promise<AccountView[]> {
  const [users, libraries] = await Promise.all([listUsers(ctx.db, institution.id), libraryCodes(ctx.db, institution.id)]);
  return users.map((user) => accountView(user, libraries));
}

export async function createAccount(ctx: ServiceContext, institution: Institution, actor: string, username: string, input: AccountInput & { password: string }): Promise<AccountView> {
  // Hashing takes a while: done before the transaction, which holds the (single PGlite) connection.
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    if (await findUser(trx, institution.id, username)) throw new InvalidInputError(`username "${username}" is already taken at ${institution.code}`);
    const libraries = await libraryCodes(trx, institution.id);
    const fields: UserFields = {
      name: input.name,
      kind: input.patronId ? 'patron' : 'staff',
      roles: input.roles ?? [],
      libraryIds: input.libraries ? resolveLibraries(libraries, input.libraries) : null,
      patronId: input.patronId ?? null,
      active: input.active,
    };
    const user = await insertUser(trx, institution.id, username, fields, hash, ctx.now());
    const view = accountView(user, libraries);
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: ACCOUNT_ENTITY, entityKey: username, before: undefined, after: view });
    return view;
  });
}

/**
 * Changes roles, scope, name or active flag, or resets the password. A reset or a deactivation
 * ends the user's sessions. The merged account is checked before anything is written.
 */
export async function changeAccount(
  ctx: ServiceContext,
  institution: Institution,
  actor: string,
  username: string,
  change: AccountChange,
): Promise<AccountView> {
  const hash = change.password === undefined ? undefined : await hashPassword(change.password);
  return ctx.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, institution.id, username);
    if (!user) throw new NotFoundError(`no user ${username} at ${institution.code}`);
    const libraries = await libraryCodes(trx, institution.id);
    const before = accountView(user, libraries);
    const merged = {
      roles: change.roles ?? user.roles,
      libraries: change.libraries === undefined ? before.libraries : change.libraries,
      patronId: user.patron_id,
    };
    const problems = accountProblems(merged);
    if (problems.length > 0) throw new InvalidInputError(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    const fields: UserFields = {
      name: change.name ?? user.name,
      kind: user.kind,
      roles: merged.roles,
      libraryIds: merged.libraries === null ? null : resolveLibraries(libraries, merged.libraries),
      patronId: user.patron_id,
      active: change.active ?? user.active,
    };
    const updated = await updateUser(trx, user.id, fields, hash === undefined ? undefined : { hash, at: ctx.now() });
    if (hash !== undefined || !updated.active) await deleteSessionsOfUser(trx, user.id);
    const after = accountView(updated, libraries);
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: ACCOUNT_ENTITY, entityKey: username, before, after });
    return after;
  });
}

function resolveLibraries(libraries: LibraryCodes, codes: readonly string[]): string[] {
  const { ids, unknown } = libraries.idsOf(codes);
  if (unknown.length > 0) throw new InvalidInputError(`libraries: unknown library ${unknown.map((c) => `"${c}"`).join(', ')}; this institution has ${libraries.all().join(', ')}`);
  return ids;
}
