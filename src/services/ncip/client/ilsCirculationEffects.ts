import type { BorrowingEffect, BorrowingEvent } from '../../../domain/borrowing/table.js';
import {
  borrowedIlsItemId,
  borrowingEffectPlan,
  isBorrowingCirculationEffect,
  isLendingCirculationEffect,
  lendingEffectPlan,
  ncipDateTime,
  type BorrowingCirculationEffect,
  type IlsEffectPlan,
  type IlsService,
  type LendingCirculationEffect,
} from '../../../domain/circulation/ilsCalls.js';
import type { LendingEffect, LendingEvent } from '../../../domain/lending/table.js';
import { enqueueMessage } from '../../../outbox/index.js';
import type { NcipBody } from '../../../protocols/ncip/index.js';
import type { Db } from '../../../store/database.js';
import type { BorrowingRequest } from '../../../store/schema.js';
import { ilsConnectionFor } from './circulationSettings.js';
import { ncipInitiationXml } from './exchange.js';
import { deleteItemBody, renewItemBody } from './services.js';
import type { NcipConnection } from './transport.js';

/**
 * Circulation mode `ncip` inside an event's transaction: the ILS keeps the items, so the
 * built-in circulation effects do not run. What a staff action needed, its ILS call did before
 * the transaction; what a partner changed (the request closed, a renewal was granted) cannot be
 * refused, so the ILS hears of it through the outbox, committed with the change (protocol
 * `ncip`, delivered by src/outbox/ncipTransport.ts in the request's order).
 */

/** The ILS connection when the institution circulates in its ILS and the decision has circulation effects; read once per event. */
export async function ilsForBorrowingEffects(trx: Db, institutionId: string, effects: readonly BorrowingEffect[]): Promise<NcipConnection | undefined> {
  return effects.some((effect) => isBorrowingCirculationEffect(effect.kind)) ? ilsConnectionFor(trx, institutionId) : undefined;
}

export async function ilsForLendingEffects(trx: Db, institutionId: string, effects: readonly LendingEffect[]): Promise<NcipConnection | undefined> {
  return effects.some((effect) => isLendingCirculationEffect(effect.kind)) ? ilsConnectionFor(trx, institutionId) : undefined;
}

/** A borrowing circulation effect in the ILS; returns the words for the request's history. */
export async function borrowingEffectInIls(
  trx: Db,
  connection: NcipConnection,
  request: BorrowingRequest,
  event: BorrowingEvent,
  effect: BorrowingCirculationEffect,
  dueDate: Date | null,
): Promise<string> {
  const plan = borrowingEffectPlan(effect, event);
  if (plan.kind !== 'queue') return keptNote(plan);
  const itemId = borrowedIlsItemId(request);
  const body = queuedBody(plan.service, itemId, request.patron_id, dueDate);
  if (!body) return keptNote({ kind: 'none' });
  await enqueueMessage(trx, {
    institutionId: request.institution_id,
    requestKind: 'borrowing',
    requestId: request.id,
    messageKind: plan.service,
    summary: `${plan.service} ${itemId}${plan.service === 'RenewItem' && dueDate ? ` due ${ncipDateTime(dueDate)}` : ''}`,
    recipient: { idType: 'ILS', idValue: connection.toAgencyId },
    endpointUrl: connection.url,
    body: ncipInitiationXml(connection, plan.service, body),
    protocol: 'ncip',
  });
  return `${plan.service} ${itemId} queued for the ILS`;
}

/** A lending circulation effect in the ILS: ship and check-in are staff actions whose calls did it. */
export function lendingEffectInIls(event: LendingEvent, effect: LendingCirculationEffect): string {
  return keptNote(lendingEffectPlan(effect, event));
}

function queuedBody(service: IlsService, itemId: string, patronId: string, dueDate: Date | null): NcipBody | undefined {
  if (service === 'DeleteItem') return deleteItemBody(itemId);
  if (service === 'RenewItem') return renewItemBody(itemId, patronId, dueDate ? ncipDateTime(dueDate) : undefined);
  return undefined;
}

function keptNote(plan: IlsEffectPlan): string {
  return plan.kind === 'called' ? `kept in the ILS (${plan.service})` : 'kept in the ILS';
}
