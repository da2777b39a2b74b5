/** Durable, ordered, at-least-once delivery of outbound protocol messages. See worker.ts. */
export { enqueueMessage, type OutboundMessage } from './enqueue.js';
export type { DeliveryResult, OutboxRow, Transport } from './transport.js';
export {
  classifyConfirmation,
  classifyHttpAnswer,
  httpIso18626Transport,
  localIso18626Transport,
  routingTransport,
  type PrepareDelivery,
  type PreparedDelivery,
} from './iso18626Transport.js';
export { backoffBoundsMs, decideOutcome, resolvePolicy } from './policy.js';
export { DEFAULT_OUTBOX_POLICY, OutboxWorker, type DeliveryOutcome, type OutboxHooks, type OutboxLogger, type OutboxPolicy, type OutboxWorkerOptions } from './worker.js';
export { listOutbox, outboxBacklog, resendParked, type OutboxBacklog, type OutboxFilter } from './resend.js';
export { classifyNcipAnswer, ncipTransport, withNcipRoute } from './ncipTransport.js';
