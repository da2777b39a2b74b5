import type { UserAccount } from '../../store/schema.js';

/** Staff roles, as DOMAIN.md names them. */
export const STAFF_ROLES = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling. Staff act for their institution (a services operator only for some libraries); a patron only on their own requests. */
export type Principal =
  | {
      kind: 'staff';
      userId: string;
      username: string;
      institutionId: string;
      roles: readonly StaffRole[];
      libraryIds: readonly string[] | 'all';
    }
  | { kind: 'patron'; userId: string; username: string; institutionId: string; patronId: string };

export function isStaffRole(text: string): text is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(text);
}

export function principalOf(user: UserAccount): Principal {
  if (user.kind === 'patron' && user.patron_id !== null) {
    return { kind: 'patron', userId: user.id, username: user.username, institutionId: user.institution_id, patronId: user.patron_id };
  }
  return {
    kind: 'staff',
    userId: user.id,
    username: user.username,
    institutionId: user.institution_id,
    // A role dropped from the code since the row was written grants nothing.
    roles: user.roles.filter(isStaffRole),
    libraryIds: user.library_ids ?? 'all',
  };
}
