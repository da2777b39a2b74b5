import { recordAudit } from '../../store/auditLogRepository.js';
import { findSubscription } from '../../store/directoryRepository.js';
import type { Institution, DirectorySubscription } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';

/** Subscribes the institution to another deployment's directory feed (synced by the scheduled job or on demand). */
export async function addSubscription(ctx: ServiceContext, institution: Institution, feedUrl: string, actor: string): Promise<DirectorySubscription> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('directory_subscription').select('id').where('institution_id', '=', institution.id).where('feed_url', '=', feedUrl).executeTakeFirst();
    if (existing) throw new ConflictError(`already subscribed to ${feedUrl}`);
    const created = await trx.insertInto('directory_subscription').values({ institution_id: institution.id, feed_url: feedUrl }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'directory-subscription', entityKey: created.id, before: undefined, after: { feedUrl } });
    return created;
  });
}

/** Ends a subscription; the entries it brought go with it (partners added from them stay). */
export async function removeSubscription(ctx: ServiceContext, institution: Institution, id: string, actor: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const subscription = await findSubscription(trx, institution.id, id);
    if (!subscription) throw new NotFoundError(`no directory subscription ${id}`);
    await trx.deleteFrom('directory_subscription').where('id', '=', id).execute();
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'directory-subscription', entityKey: id, before: { feedUrl: subscription.feed_url }, after: undefined });
  });
}

export function subscriptionView(subscription: DirectorySubscription) {
  return {
    id: subscription.id,
    feedUrl: subscription.feed_url,
    status: subscription.status,
    lastSyncAt: subscription.last_sync_at?.toISOString() ?? null,
    lastError: subscription.last_error,
    entryCount: subscription.entry_count,
    createdAt: subscription.created_at.toISOString(),
  };
}
