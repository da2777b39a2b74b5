import { z } from 'zod';
import { isPasswordHash, PASSWORD_HASH_HINT } from '../../services/auth/password.js';
import { STAFF_ROLES } from '../../services/auth/principal.js';
import { code } from '../primitives.js';

/** Sign-in names: unique per institution, safe in a URL path. */
export const username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'letters, digits, "_", ".", "@" or "-"; at most 64');

/** An account's fields apart from its password; the YAML file and the users API share them. */
export const accountFields = {
  name: z.string().trim().min(1).max(200),
  /** Staff only; a patron account has none. */
  roles: z.array(z.enum(STAFF_ROLES)).optional(),
  /** Library codes a services operator is scoped to; absent: every library of the institution. */
  libraries: z.array(code).min(1).optional(),
  /** Patron accounts only: the patron whose requests the account sees. */
  patronId: z.string().trim().min(1).max(100).optional(),
  active: z.boolean().default(true),
};

interface AccountShape {
  roles?: readonly string[] | undefined;
  libraries?: readonly string[] | null | undefined;
  patronId?: string | null | undefined;
}

/** An account is staff (with roles) or a patron (with a patronId), never both; only services operators are scoped to libraries. */
export function accountProblems(account: AccountShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const roles = account.roles ?? [];
  if (account.patronId) {
    if (roles.length > 0) problems.push({ path: 'roles', message: 'a patron account (with patronId) has no staff roles' });
    if (account.libraries) problems.push({ path: 'libraries', message: 'a patron account (with patronId) is not scoped to libraries' });
    return problems;
  }
  if (roles.length === 0) problems.push({ path: 'roles', message: `a staff account needs at least one role (${STAFF_ROLES.join(', ')}), or a patronId for a patron account` });
  if (new Set(roles).size !== roles.length) problems.push({ path: 'roles', message: 'a role is listed twice' });
  if (account.libraries && !roles.includes('services-operator')) problems.push({ path: 'libraries', message: 'only a services-operator is scoped to libraries' });
  if (account.libraries && new Set(account.libraries).size !== account.libraries.length) problems.push({ path: 'libraries', message: 'a library is listed twice' });
  return problems;
}

export function refineAccount(account: AccountShape, ctx: z.RefinementCtx): void {
  for (const problem of accountProblems(account)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
}

const userConfig = z
  .strictObject({
    username,
    ...accountFields,
    passwordHash: z.string().refine(isPasswordHash, PASSWORD_HASH_HINT),
  })
  .superRefine(refineAccount);

export type UserConfig = z.output<typeof userConfig>;

/** Staff users and their roles (configuration capability). */
export const staffShape = {
  users: z
    .array(userConfig)
    .default([])
    .superRefine((users, ctx) => {
      const seen = new Map<string, number>();
      users.forEach((user, u) => {
        const first = seen.get(user.username);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [u, 'username'], message: `username "${user.username}" is already used by users[${first}]` });
        else seen.set(user.username, u);
      });
    }),
};

/** Checks that need the rest of the institution: a user's libraries must be the institution's. */
export function staffIssues(institution: { libraries: readonly { code: string }[]; users: readonly UserConfig[] }): { path: (string | number)[]; message: string }[] {
  const known = new Set(institution.libraries.map((library) => library.code));
  return institution.users.flatMap((user, u) =>
    (user.libraries ?? []).flatMap((library, l) =>
      known.has(library) ? [] : [{ path: ['users', u, 'libraries', l], message: `unknown library "${library}"; this institution has ${[...known].join(', ')}` }],
    ),
  );
}
