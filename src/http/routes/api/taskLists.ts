import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BORROWING_ACTIONS, borrowingStates } from '../../../domain/borrowing/table.js';
import { LENDING_ACTIONS, lendingStates } from '../../../domain/lending/table.js';
import type { ServiceContext } from '../../../services/context.js';
import { assignRequest } from '../../../services/taskLists/assignRequest.js';
import { performBulkAction, type BulkAction } from '../../../services/taskLists/performBulkAction.js';
import { listTaskList } from '../../../services/taskLists/listTaskList.js';
import type { BorrowingRequest, LendingRequest, RequestKind } from '../../../store/schema.js';
import { authorize, requestScope, type Access, type Principal } from '../../auth.js';
import { presentBorrowingSummary } from '../../presenters/borrowingRequest.js';
import { presentLendingSummary } from '../../presenters/lendingRequest.js';
import { accessForAction, ACCESS } from './permissions.js';
import { missingFields } from './requestActionSchema.js';
import { institutionParams, parseOrThrow, ProblemError, requestParams } from './scope.js';
import { assignBodySchema, bulkActionSchema, taskListQuerySchema } from './taskListSchema.js';

const KINDS = {
  borrowing: {
    path: 'borrowing-requests',
    read: ACCESS.readBorrowingRequests,
    states: borrowingStates as Readonly<Record<string, { label: string }>>,
    query: taskListQuerySchema(Object.keys(borrowingStates) as [string, ...string[]]),
    bulk: bulkActionSchema(BORROWING_ACTIONS),
    present: (r: BorrowingRequest) => ({ ...presentBorrowingSummary(r), assignedTo: r.assigned_to }),
  },
  lending: {
    path: 'lending-requests',
    read: ACCESS.readRequests,
    states: lendingStates as Readonly<Record<string, { label: string }>>,
    query: taskListQuerySchema(Object.keys(lendingStates) as [string, ...string[]]),
    bulk: bulkActionSchema(LENDING_ACTIONS),
    present: (r: LendingRequest) => ({ ...presentLendingSummary(r), assignedTo: r.assigned_to }),
  },
} as const;

function staffMay(principal: Principal, access: Access): boolean {
  return principal.kind === 'staff' && principal.roles.some((role) => access.staff.includes(role));
}

/** The borrowing and lending task lists: filters, facets, keyset pages, assignment and bulk actions. */
export function taskListRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  for (const kind of ['borrowing', 'lending'] as const satisfies readonly RequestKind[]) {
    const k = KINDS[kind];
    const base = `/api/v1/institutions/:symbol/${k.path}`;
    const present = (request: BorrowingRequest | LendingRequest) =>
      kind === 'borrowing' ? KINDS.borrowing.present(request as BorrowingRequest) : KINDS.lending.present(request as LendingRequest);

    app.get(
      base,
      {
        config: { access: k.read },
        schema: {
          summary: `The ${kind} task list: filters, facet counts, search, sort and keyset pages (pass \`next\` as \`after\`)`,
          tags: [kind],
          querystring: z.toJSONSchema(k.query, { io: 'input' }),
        },
      },
      async (request) => {
        const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
        const { institution, principal } = await authorize(request, ctx.db, symbol, k.read);
        const query = parseOrThrow(k.query, request.query, 'query');
        const result = await listTaskList(
          ctx,
          institution,
          kind,
          {
            statuses: query.status,
            partners: query.partner,
            libraries: query.library,
            created: query.created,
            createdFrom: query.createdFrom,
            createdBefore: query.createdBefore,
            assignedTo: query.assignedTo,
            needsAttention: query.needsAttention,
            q: query.q,
            sort: { by: query.sort, order: query.order },
            after: query.after,
            limit: query.limit,
            facets: query.facets,
          },
          requestScope(principal),
          principal.userId,
        );
        return {
          items: result.items.map(present),
          total: result.total,
          limit: query.limit,
          next: result.next,
          ...(result.facets
            ? {
                facets: {
                  ...result.facets,
                  status: result.facets.status.map((f) => ({ ...f, label: k.states[f.value]?.label ?? f.value })),
                  assignedTo: result.facets.assignedTo.map((f) => ({ ...f, me: f.value === principal.userId })),
                },
              }
            : {}),
        };
      },
    );

    for (const action of ['assign', 'unassign'] as const) {
      app.post(
        `${base}/:id/${action}`,
        {
          config: { access: ACCESS.assignRequests },
          schema: {
            summary: action === 'assign' ? `Assign a ${kind} request to me` : `Take a ${kind} request off whoever has it`,
            tags: [kind],
            body: z.toJSONSchema(assignBodySchema, { io: 'input' }),
          },
        },
        async (request) => {
          const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
          const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.assignRequests, { kind, id });
          const body = parseOrThrow(assignBodySchema, request.body, 'body');
          const updated = await assignRequest(ctx, institution, kind, id, {
            assignee: action === 'assign' ? principal.userId : null,
            actor: `user:${principal.userId}`,
            expectedVersion: body.expectedVersion,
          });
          return present(updated);
        },
      );
    }

    app.post(
      `${base}/bulk`,
      {
        config: { access: ACCESS.bulkActions },
        schema: {
          summary: `One action on many ${kind} requests, each in its own transaction; one outcome per request`,
          tags: [kind],
          body: z.toJSONSchema(k.bulk, { io: 'input' }),
        },
      },
      async (request) => {
        const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
        const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.bulkActions);
        const body = parseOrThrow(k.bulk, request.body, 'body');
        const needed = body.action === 'assign' || body.action === 'unassign' ? ACCESS.assignRequests : accessForAction(kind, body.action);
        if (!staffMay(principal, needed)) throw new ProblemError(403, 'Not allowed', `your role does not allow ${body.action}`);
        const missing = missingFields(body.action, body.body);
        if (missing.length > 0) throw new ProblemError(400, 'Invalid body', `body: ${body.action} needs ${missing.join(', ')}`);
        const results = await performBulkAction(ctx, institution, kind, body.action as BulkAction, body.ids, requestScope(principal), {
          ...body.body,
          actor: `user:${principal.userId}`,
          userId: principal.userId,
        });
        return {
          results: results.map((r) => (r.ok ? { ...r, statusLabel: k.states[r.status]?.label ?? r.status } : r)),
          succeeded: results.filter((r) => r.ok).length,
          failed: results.filter((r) => !r.ok).length,
        };
      },
    );
  }
}
