import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accountFields, refineAccount, username } from '../../../config/sections/staff.js';
import { changeAccount, createAccount, listAccounts } from '../../../services/auth/users.js';
import type { ServiceContext } from '../../../services/context.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

/** Passwords set through the API: long enough that "demo" and friends are out. */
const password = z.string().min(10, 'at least 10 characters').max(1024);

const newAccount = z.strictObject({ username, ...accountFields, password }).superRefine(refineAccount);
const accountChange = z
  .strictObject({
    name: accountFields.name.optional(),
    roles: accountFields.roles,
    /** null: no longer scoped to libraries. */
    libraries: accountFields.libraries.nullable(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'nothing to change');
const userParams = institutionParams.extend({ username });

/** Staff and patron accounts of an institution (fulfillment administrators only). Password hashes never leave the server. */
export function userRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const base = '/api/v1/institutions/:symbol/users';

  app.get(base, { config: { access: ACCESS.users }, schema: { summary: 'Staff and patron accounts', tags: ['users'] } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.users);
    return { items: await listAccounts(ctx, institution) };
  });

  app.post(base, { config: { access: ACCESS.users }, schema: { summary: 'Create an account', tags: ['users'], body: z.toJSONSchema(newAccount, { io: 'input' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.users);
    const { username: name, password: secret, ...input } = parseOrThrow(newAccount, request.body, 'body');
    const created = await createAccount(ctx, institution, `user:${principal.userId}`, name, { ...input, password: secret });
    return reply.code(201).header('location', `${request.url}/${encodeURIComponent(name)}`).send(created);
  });

  app.patch(`${base}/:username`, { config: { access: ACCESS.users }, schema: { summary: 'Change roles, scope, name or active, or reset the password', tags: ['users'], body: z.toJSONSchema(accountChange, { io: 'input' }) } }, async (request) => {
    const { symbol, username: name } = parseOrThrow(userParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.users);
    const change = parseOrThrow(accountChange, request.body, 'body');
    return changeAccount(ctx, institution, `user:${principal.userId}`, name, change);
  });
}
