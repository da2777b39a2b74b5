import type { Citation } from '../../domain/citation.js';
import { orderRota } from '../../domain/rota/order.js';
import { insertBorrowingRequest, insertRotaEntries } from '../../store/borrowingRequestRepository.js';
import { findPartnersByName } from '../../store/partnerRepository.js';
import { nextRequestNumber } from '../../store/requestNumbers.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { BorrowingRequest, Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { receivingLibrary } from '../circulation/receivingLibrary.js';
import { patronStandingFor } from '../patrons/patronStandingFor.js';
import { ilsConnectionFor } from '../ncip/client/circulationSettings.js';
import { validatePatronWithIls } from '../ncip/client/validatePatron.js';
import { readSettings } from '../settings/librarySettings.js';
import { planByRules, type RulePlan } from '../rules/planByRules.js';
import { applyBorrowingEvent, loadBorrowingConfiguration } from './applyBorrowingEvent.js';
import { clipHeadline } from '../iso18626/citationMapping.js';

export interface NewBorrowingRequest {
  patronId: string;
  citation: Citation;
  format: 'physical' | 'digital';
  serviceType: 'loan' | 'copy';
  pickupLocation?: string | undefined;
  neededBefore?: Date | undefined;
  /** Partner codes or `TYPE:VALUE` symbols, in the order staff want them asked; absent: the rota assignment rules build it. */
  rota?: string[] | undefined;
  /** Ordered rotas go as given; `by-supply-time` asks the fastest partners first. */
  rotaOrder: 'ordered' | 'by-supply-time';
  /** Send to the first partner now, or leave the request "Ready to be sent" for staff; absent: the sending rules decide. */
  send?: boolean | undefined;
  /** Code of the library that receives the item; absent: the patron's home library, else the first library. */
  library?: string | undefined;
  /** Only for rules to look at; not stored. */
  patronGroup?: string | undefined;
  /** The patron's note to the library; kept in the stored citation and the creation event. */
  patronNote?: string | undefined;
  /** The patron declared the copy is for private study or research. */
  copyrightDeclaration?: boolean | undefined;
  /** The service that referred the patron (OpenURL `rfr_id` / `sid`). */
  referrer?: string | undefined;
  /**
   * When no rota assignment rule matches: `empty` creates the request with an empty rota, left
   * for staff to build one (a patron's request is never refused for the library's rules);
   * absent: refused.
   */
  whenNoRotaRule?: 'empty' | undefined;
  actor: string;
}

/** Creates a borrowing request with its rota, and sends it when asked to, in one transaction. */
export async function createBorrowingRequest(ctx: ServiceContext, institution: Institution, input: NewBorrowingRequest): Promise<BorrowingRequest> {
  const now = ctx.now();
  // Patrons of an institution with its own ILS are validated there (LookupUser), before the transaction: no network inside one.
  const ils = await ilsConnectionFor(ctx.db, institution.id);
  if (ils) await validatePatronWithIls(ils, input.patronId);
  const request = await ctx.db.transaction().execute(async (trx) => {
    // A patron in the institution's register must be in good standing; one it does not list
    // (patrons kept in the institution's own ILS) is not judged here.
    const standing = ils ? undefined : await patronStandingFor(trx, institution.id, input.patronId, now);
    if (standing && !standing.mayBorrow) throw new InvalidInputError(`patron ${input.patronId} may not borrow: ${standing.reasons.map((r) => r.message).join('; ')}`);
    const settings = await readSettings(trx, institution.id, 'borrowing');
    // Staff may name the rota and whether to send; what they leave out, the institution's rules decide.
    // Rules see the pickup location the request will have (the library's default when none is given).
    const ruleInput = { ...input, pickupLocation: input.pickupLocation ?? settings.defaultPickupLocation ?? undefined };
    const plan = input.rota !== undefined && input.send !== undefined ? undefined : await planByRules(trx, institution.id, ruleInput, now);
    const unplanned = input.rota === undefined && input.whenNoRotaRule === 'empty' && (!plan || plan.matchedRules.length === 0);
    const sending = unplanned ? 'leave-ready' : input.send === undefined ? plan?.sending : input.send ? 'send-automatically' : 'leave-ready';
    const { found, unknown } = await findPartnersByName(trx, institution.id, input.rota ?? (unplanned ? [] : rotaFromRules(plan)));
    if (unknown.length > 0) throw new InvalidInputError(`unknown partner(s) in rota: ${unknown.join(', ')}`);
    if (new Set(found.map((p) => p.id)).size !== found.length) throw new InvalidInputError('a partner appears twice in the rota');
    // A broker keeps its own rota and speaks NCIP: it never gets our ISO 18626 requests.
    const brokers = found.filter((p) => p.profile_type === 'broker').map((p) => p.code);
    if (brokers.length > 0) throw new InvalidInputError(`a broker cannot be in a rota (it owns its requests' rotas): ${brokers.join(', ')}`);
    const ordered = orderRota(
      found.map((p) => ({ partnerId: p.id, code: p.code, averageSupplyDays: p.average_supply_days, active: p.active })),
      input.rotaOrder,
    );
    const created = await insertBorrowingRequest(trx, {
      institution_id: institution.id,
      library_id: await receivingLibrary(trx, institution.id, input),
      status: 'created',
      request_number: `${institution.code}-${await nextRequestNumber(trx)}`,
      patron_id: input.patronId,
      format: input.format,
      service_type: input.serviceType,
      pickup_location: input.pickupLocation ?? settings.defaultPickupLocation,
      needed_before: input.neededBefore ?? null,
      title: clipHeadline(input.citation.articleTitle ?? input.citation.title),
      author: clipHeadline(input.citation.articleAuthor ?? input.citation.author ?? null),
      citation: JSON.stringify({ ...input.citation, ...patronExtras(input) }),
    });
    await insertRotaEntries(
      trx,
      ordered.map((entry, position) => ({
        institution_id: institution.id,
        borrowing_request_id: created.id,
        position,
        partner_id: entry.partnerId,
        ...(entry.active ? {} : { status: 'cancelled' as const, reason: 'partner inactive' }),
      })),
    );
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'borrowing',
      requestId: created.id,
      actor: input.actor,
      event: 'create',
      fromStatus: null,
      toStatus: 'created',
      note: [
        `rota: ${ordered.map((e) => e.code).join(', ') || '(empty)'} (${input.rotaOrder})${input.rota || !plan ? '' : unplanned ? ', no rota assignment rule matched: staff build the rota' : `, by rules ${plan.matchedRules.map((r) => r.code).join(', ')}`}`,
        ...(input.copyrightDeclaration ? ['copyright declaration made by the patron'] : []),
        ...(input.referrer ? [`referred by ${input.referrer}`] : []),
        ...(input.patronNote ? [`patron note: ${input.patronNote}`] : []),
      ].join('; '),
      at: now,
    });
    if (sending === 'wait-for-staff') {
      // Mediation: the request waits in "Pending approval" until staff approve it.
      const held = await applyBorrowingEvent(trx, created, 'rules:hold-for-approval', { actor: input.actor, note: `sending rule ${plan?.sendingRule?.code}` }, now);
      if (!held.ok) throw new Error(`hold for approval refused: ${held.reason}`);
      return held.request;
    }
    // While the library is temporarily inactive for borrowing, new requests wait unsent.
    const configuration = await loadBorrowingConfiguration(trx, created, [], now);
    if (settings.autoLocate) {
      // Locate first; the worker sends to the first holder when this request would have been sent now.
      const sendWhenFound = sending === 'send-automatically' && !configuration.sendingHeld;
      const locating = await applyBorrowingEvent(trx, created, 'locate:start', { actor: input.actor, sendWhenFound }, now);
      if (!locating.ok) throw new Error(`locate refused: ${locating.reason}`);
      return locating.request;
    }
    if (sending === 'leave-ready') return created;
    if (configuration.sendingHeld) {
      await appendRequestEvent(trx, {
        institutionId: institution.id,
        requestKind: 'borrowing',
        requestId: created.id,
        actor: input.actor,
        event: 'hold',
        fromStatus: 'created',
        toStatus: 'created',
        note: configuration.sendingHeld,
        at: now,
      });
      return created;
    }
    const sent = await applyBorrowingEvent(trx, created, 'send', { actor: input.actor }, now);
    if (!sent.ok) throw new InvalidInputError(`cannot send: ${sent.reason}`);
    return sent.request;
  });
  if (input.send !== false) ctx.outboxNotify?.();
  if (request.status === 'locate_in_process') ctx.locateNotify?.();
  return request;
}

/** What the patron added to the request, kept beside the citation. */
function patronExtras(input: NewBorrowingRequest): Record<string, string | boolean> {
  return {
    ...(input.patronNote ? { patronNote: input.patronNote } : {}),
    ...(input.copyrightDeclaration !== undefined ? { copyrightDeclaration: input.copyrightDeclaration } : {}),
    ...(input.referrer ? { referrer: input.referrer } : {}),
  };
}

/** The partners the matching rota assignment rules chose, in order. */
function rotaFromRules(plan: RulePlan | undefined): string[] {
  if (!plan || plan.matchedRules.length === 0) throw new InvalidInputError('no rota assignment rule matches this request');
  return plan.rota.map((partner) => partner.code);
}
