import type { ApiClient, RequestView } from './apiClient.js';

export interface LifecycleResult {
  borrowing: RequestView;
  lending: RequestView;
}

export interface LifecycleOptions {
  citation?: Record<string, string>;
  patronId?: string;
  /**
   * Partner codes to locate the item among before sending (the lender's code among them): the
   * request is created unsent, located, and sent to the first partner that holds it.
   */
  locateAmong?: string[];
}

const DEFAULT_CITATION = { title: 'The Dispossessed', author: 'Le Guin, Ursula K.', isbn: '9780060512750', publisher: 'Harper', publicationDate: '1974' };

/**
 * One complete loan between two institutions, driven only through the REST API: the
 * borrower asks (after a locate, when asked for), the lender will-supply and ships, the
 * borrower receives, loans, takes the return and sends it back, the lender checks in. Both
 * requests end completed.
 */
export async function runLoanLifecycle(
  apis: { borrower: ApiClient; lender: ApiClient },
  borrower: string,
  lender: string,
  lenderPartnerCode: string,
  options: LifecycleOptions = {},
): Promise<LifecycleResult> {
  const { borrower: api, lender: lenderApi } = apis;
  const created = await api.call<RequestView>('POST', api.borrowing(borrower), {
    patronId: options.patronId ?? 'P-1001',
    citation: options.citation ?? DEFAULT_CITATION,
    rota: options.locateAmong ?? [lenderPartnerCode],
    send: options.locateAmong === undefined,
  });
  const b = api.borrowing(borrower, created.id);
  if (options.locateAmong) {
    await api.call('POST', `${b}/actions/locate`, {});
    await api.waitForStatus(b, 'ready_to_send');
    await api.call('POST', `${b}/actions/send`, {});
  }
  const found = await lenderApi.findLendingRequest(lender, created.number);
  const l = lenderApi.lending(lender, found.id);
  const due = new Date(Date.now() + 28 * 86_400_000).toISOString();

  await lenderApi.call('POST', `${l}/actions/will-supply`, { note: 'On the shelf' });
  await api.waitForStatus(b, 'will_supply');
  await lenderApi.call('POST', `${l}/actions/ship`, { dueDate: due, barcode: '39999000123456' });
  await api.waitForStatus(b, 'shipped_physically');
  await api.call('POST', `${b}/actions/receive`, {});
  await lenderApi.waitForStatus(l, 'received_by_partner');
  await api.call('POST', `${b}/actions/loan-to-patron`, {});
  await api.call('POST', `${b}/actions/patron-return`, {});
  await api.call('POST', `${b}/actions/return-to-lender`, {});
  await lenderApi.waitForStatus(l, 'returned_by_partner');
  await lenderApi.call('POST', `${l}/actions/check-in`, {});
  const lending = await lenderApi.waitForStatus(l, 'completed');
  const borrowing = await api.waitForStatus(b, 'completed');
  return { borrowing, lending };
}
