import type { Db } from '../../store/database.js';
import type { UserAccount } from '../../store/schema.js';

/** What an account looks like in the audit log and the API: never its password hash. */
export interface AccountView {
  username: string;
  name: string;
  kind: 'staff' | 'patron';
  roles: string[];
  libraries: string[] | null;
  patronId: string | null;
  active: boolean;
  passwordChangedAt: string;
}

export interface LibraryCodes {
  idsOf(codes: readonly string[]): { ids: string[]; unknown: string[] };
  codesOf(ids: readonly string[]): string[];
  all(): string[];
}

export async function libraryCodes(db: Db, institutionId: string): Promise<LibraryCodes> {
  const rows = await db.selectFrom('library').select(['id', 'code']).where('institution_id', '=', institutionId).orderBy('code').execute();
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const byId = new Map(rows.map((r) => [r.id, r.code]));
  return {
    idsOf: (codes) => ({ ids: codes.flatMap((c) => byCode.get(c) ?? []), unknown: codes.filter((c) => !byCode.has(c)) }),
    codesOf: (ids) => ids.map((id) => byId.get(id) ?? id),
    all: () => rows.map((r) => r.code),
  };
}

export function accountView(user: UserAccount, libraries: LibraryCodes): AccountView {
  return {
    username: user.username,
    name: user.name,
    kind: user.kind,
    roles: user.roles,
    libraries: user.library_ids === null ? null : libraries.codesOf(user.library_ids),
    patronId: user.patron_id,
    active: user.active,
    passwordChangedAt: user.password_changed_at.toISOString(),
  };
}

export const ACCOUNT_ENTITY = 'user';
