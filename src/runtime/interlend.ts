import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.js';
import { DEMO_CREDENTIALS, refuseDefaultCredentials, seedDemoAccounts } from '../services/auth/demoAccounts.js';
import { MetricsRegistry } from '../http/metrics.js';
import { httpIso18626Transport, localIso18626Transport, ncipTransport, OutboxWorker, routingTransport, withNcipRoute, type OutboxPolicy } from '../outbox/index.js';
import { recordIlsDelivery } from '../services/ncip/client/recordIlsDelivery.js';
import { expireRotaEntries } from '../services/borrowing/expireRotaEntries.js';
import { expireConditionalOffers } from '../services/lending/expireConditionalOffers.js';
import type { ServiceContext } from '../services/context.js';
import { receiveIso18626Message } from '../services/inbound/receiveIso18626Message.js';
import { prepareIso18626Delivery } from '../services/interop/prepareDelivery.js';
import { recordOutboundDelivery } from '../services/recordOutboundDelivery.js';
import type { Db } from '../store/database.js';
import { ScheduledJob } from './scheduledJob.js';
import { LocateWorker } from './locateWorker.js';
import { syncAllSubscriptions } from '../services/directory/syncSubscription.js';
import { expireHoldShelf } from '../services/circulation/expireHoldShelf.js';
import { NoticeWorker } from './noticeWorker.js';
import { mailerFromEnvironment } from '../services/notices/mailer.js';
import { queueOverdueNotices } from '../services/notices/queueOverdueNotices.js';

export interface InterlendOptions {
  db: Db;
  logger: FastifyBaseLogger | false;
  /** The REST API is open without authentication only in demo mode. */
  demoMode: boolean;
  now?: () => Date;
  outboxPolicy?: Partial<OutboxPolicy>;
  /** How often the rota expiry job runs. */
  expiryIntervalMs?: number;
  /** How often the locate worker looks for jobs nobody woke it for. */
  locatePollIntervalMs?: number;
}

export interface Interlend {
  app: FastifyInstance;
  ctx: ServiceContext;
  outbox: OutboxWorker;
  locate: LocateWorker;
  /** Sends patron notices (SMTP when INTERLEND_SMTP_URL is set, else the log). */
  notices: NoticeWorker;
  metrics: MetricsRegistry;
  /**
   * Listens, and from then on searches locate profiles naming this deployment's own catalogues
   * ("/sru/HCPL") over the address it listens on. Returns the URL.
   */
  listen(options: { port: number; host: string }): Promise<string>;
  /** Starts the outbox worker and the scheduled jobs. */
  startBackground(): void;
  stop(): Promise<void>;
}

/**
 * One server process: the HTTP app, the outbox worker that delivers what the app's
 * transactions enqueue, and the scheduled jobs. Stateless apart from timers: any number of
 * these can share one PostgreSQL database.
 */
export async function createInterlend(options: InterlendOptions): Promise<Interlend> {
  const now = options.now ?? (() => new Date());
  const metrics = new MetricsRegistry();
  const ctx: ServiceContext = { db: options.db, now, outboxNotify: () => outbox.notify(), locateNotify: () => locate.notify(), noticeNotify: () => notices.notify() };
  const logger = options.logger || undefined;
  // Institutions of this deployment get their messages through the same inbound handler as HTTP.
  // Both transports shape each message for its partner's system and add its credentials.
  const prepare = prepareIso18626Delivery(options.db);
  const local = localIso18626Transport(
    async (body) => {
      const outcome = await receiveIso18626Message(ctx, body);
      metrics.add('interlend_protocol_messages_total', { protocol: 'iso18626', direction: 'in', kind: outcome.kind, status: outcome.messageStatus });
      return outcome.confirmation;
    },
    { prepare },
  );
  const outbox = new OutboxWorker({
    db: options.db,
    // Messages queued for an institution's own ILS (protocol ncip) go to it; the rest are ISO 18626.
    transport: withNcipRoute(routingTransport(local, httpIso18626Transport({ prepare })), ncipTransport()),
    hooks: {
      async recordOutcome(trx, message, outcome) {
        if (message.protocol === 'ncip') await recordIlsDelivery(trx, message, outcome);
        else await recordOutboundDelivery.recordOutcome(trx, message, outcome);
        metrics.add('interlend_protocol_messages_total', { protocol: message.protocol, direction: 'out', kind: message.message_kind, status: outcome.status });
      },
    },
    ...(options.outboxPolicy ? { policy: options.outboxPolicy } : {}),
    ...(logger ? { logger } : {}),
  });
  const locate = new LocateWorker({ ctx, ...(options.locatePollIntervalMs ? { pollIntervalMs: options.locatePollIntervalMs } : {}), ...(logger ? { logger } : {}) });
  const expiry = new ScheduledJob('expiry', options.expiryIntervalMs ?? 60_000, async () => [await expireRotaEntries(ctx), await expireConditionalOffers(ctx)], (name, error) =>
    (logger ?? console).error({ err: error, job: name }, 'scheduled job failed'),
  );
  // Other deployments' directory feeds (every INTERLEND_DIRECTORY_SYNC_MS, default 15 min).
  const directorySync = new ScheduledJob('directory-sync', Number(process.env.INTERLEND_DIRECTORY_SYNC_MS) || 15 * 60_000, () => syncAllSubscriptions(ctx), (name, error) =>
    (logger ?? console).error({ err: error, job: name }, 'scheduled job failed'),
  );
  // Holds not picked up by their shelf date (every INTERLEND_HOLD_SHELF_INTERVAL_MS, default 1 h).
  const holdShelf = new ScheduledJob('hold-shelf', Number(process.env.INTERLEND_HOLD_SHELF_INTERVAL_MS) || 60 * 60_000, () => expireHoldShelf(ctx), (name, error) =>
    (logger ?? console).error({ err: error, job: name }, 'scheduled job failed'),
  );
  // Patron notices: SMTP when INTERLEND_SMTP_URL is set, else one log line each (the demo).
  const mail = mailerFromEnvironment(process.env, { info: (obj, msg) => logger?.info(obj, msg) });
  logger?.info({ notices: mail.mailer.description }, 'patron notices go to ' + mail.mailer.description);
  const notices = new NoticeWorker({ ctx, ...mail, pollIntervalMs: Number(process.env.INTERLEND_NOTICE_POLL_MS) || 5_000, ...(logger ? { logger } : {}) });
  // Overdue notices for our patrons' loans (every INTERLEND_OVERDUE_INTERVAL_MS, default 1 h).
  const overdue = new ScheduledJob(
    'overdue-notices',
    Number(process.env.INTERLEND_OVERDUE_INTERVAL_MS) || 60 * 60_000,
    async () => {
      if ((await queueOverdueNotices(ctx)) > 0) notices.notify();
    },
    (name, error) => (logger ?? console).error({ err: error, job: name }, 'scheduled job failed'),
  );
  if (options.demoMode) {
    const seeded = await seedDemoAccounts(ctx);
    // Said at every start: these credentials are public knowledge.
    logger?.warn(
      { seededInstitutions: seeded },
      `demo mode: every institution without accounts gets user "${DEMO_CREDENTIALS.username}" / password "${DEMO_CREDENTIALS.password}" as fulfillment administrator, ` +
        `and every patron in the register an account named by its barcode in lower case with the same password` +
        (seeded.length > 0 ? `; created for ${seeded.join(', ')}` : ''),
    );
  } else {
    await refuseDefaultCredentials(ctx);
  }
  const app = await buildApp({ ctx, logger: options.logger, metrics, outbox });
  return {
    app,
    ctx,
    outbox,
    locate,
    notices,
    metrics,
    listen: async ({ port, host }) => {
      const url = await app.listen({ port, host });
      const address = app.server.address();
      if (address !== null && typeof address === 'object') {
        const wildcard = address.address === '0.0.0.0' || address.address === '::';
        const loopback = address.family === 'IPv6' ? `[${wildcard ? '::1' : address.address}]` : wildcard ? '127.0.0.1' : address.address;
        ctx.selfBaseUrl = `http://${loopback}:${address.port}`;
      }
      return url;
    },
    startBackground: () => {
      outbox.start();
      locate.start();
      expiry.start();
      directorySync.start();
      holdShelf.start();
      notices.start();
      overdue.start();
    },
    stop: async () => {
      // Locate runs may be searching this deployment's own /sru: finish them while it still answers.
      await locate.stop();
      await app.close();
      await expiry.stop();
      await directorySync.stop();
      await holdShelf.stop();
      await overdue.stop();
      await notices.stop();
      mail.mailer.close();
      await outbox.stop();
    },
  };
}
