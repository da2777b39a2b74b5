import type { FastifyRequest } from 'fastify';
import type { Db } from '../store/database.js';
import { findInstitutionByPathSymbol } from '../store/institutionRepository.js';
import type { Institution } from '../store/schema.js';
import { ProblemError } from './routes/api/scope.js';

/** Staff roles, as DOMAIN.md names them. */
export const STAFF_ROLES = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling. Staff act for their institution (a services operator only for some libraries); a patron only on their own requests. */
export type Principal =
  | {
      kind: 'staff';
      userId: string;
      username: string;
      /** `*` only for the demo-mode stand-in, which may act for every institution. */
      institutionId: string;
      roles: readonly StaffRole[];
      libraryIds: readonly string[] | 'all';
    }
  | { kind: 'patron'; userId: string; institutionId: string; patronId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Who may call a route: staff with one of these roles, and (when set) the patron a request belongs to. */
export interface Access {
  staff: readonly StaffRole[];
  patron?: boolean;
}

/**
 * The institution named in the path, if the caller may act there. Another institution's caller
 * gets the same 404 as for an institution that does not exist, so nothing leaks.
 */
export async function authorize(request: FastifyRequest, db: Db, symbol: string, access: Access): Promise<{ institution: Institution; principal: Principal }> {
  const principal = request.principal;
  if (!principal) throw new ProblemError(401, 'Authentication required', 'sign in: POST /api/v1/session, then send Authorization: Bearer <token>');
  const institution = await findInstitutionByPathSymbol(db, symbol);
  if (!institution || (principal.institutionId !== '*' && principal.institutionId !== institution.id)) {
    throw new ProblemError(404, 'Unknown institution', `no institution has the symbol ${symbol}`);
  }
  const allowed = principal.kind === 'patron' ? access.patron === true : principal.roles.some((role) => access.staff.includes(role));
  if (!allowed) throw new ProblemError(403, 'Not allowed', `your role does not allow this (${request.method} ${request.routeOptions.url ?? request.url})`);
  return { institution, principal };
}
