import type { OutboxMessage } from '../store/schema.js';

/** One row of `outbox_message` as the worker claimed it. */
export type OutboxRow = OutboxMessage;

/**
 * What a delivery attempt produced.
 * - `answered`: the partner (or the in-process inbound handler) answered with a confirmation.
 *   `accepted` is false for an ERROR confirmation; `error` is then "errorType: errorValue".
 * - `failed`: no usable answer (network, timeout, HTTP 5xx, garbage). `retryable` says whether
 *   trying again later can help; a non-retryable failure is parked for staff at once.
 */
export type DeliveryResult =
  | { kind: 'answered'; confirmation: string; accepted: boolean; error?: string }
  | { kind: 'failed'; error: string; retryable: boolean };

/** Sends one outbox message. Must not hold a database transaction (see worker.ts). */
export interface Transport {
  deliver(message: OutboxRow): Promise<DeliveryResult>;
}
