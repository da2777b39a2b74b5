import { ApiError, type ApiClient, type RequestView } from '../../../src/cli/apiClient.js';

/**
 * Crash-tolerant staff: robots that drive whole loans through the REST API while server
 * processes are being killed. A robot never assumes an action happened. After a connection
 * error or a 5xx it reads the request again and does whatever its state still calls for; every
 * action carries the version it was decided on (`expectedVersion`), so an action that did
 * commit before the process died is refused (4xx) instead of being applied a second time.
 */

/** A request as the robots read it: the API's view plus the optimistic-lock version. */
export type RobotView = RequestView & { version: number; title: string };

/** Connection refused/reset, a 5xx, or an answer cut off mid-body: the server may be down. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.status >= 500;
  return error instanceof TypeError || error instanceof SyntaxError;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until the server answers (a killed server comes back on the same port); `onRetry` counts the failed reads. */
export async function readThrough<T>(read: () => Promise<T>, deadline: number, what: string, onRetry: () => void = () => undefined): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!isTransient(error)) throw error;
      onRetry();
      if (Date.now() > deadline) throw new Error(`${what}: server unreachable until the deadline (${String(error)})`);
      await pause(200);
    }
  }
}

/** What staff do in each state of a plain loan; states without an entry wait for the partner. */
export const BORROWER_STEPS: Readonly<Record<string, { action: string; body?: Record<string, unknown> }>> = {
  shipped_physically: { action: 'receive' },
  received_physically: { action: 'loan-to-patron' },
  loaned_to_patron: { action: 'patron-return' },
  returned_by_patron: { action: 'return-to-lender' },
};

export function lenderSteps(barcode: string): Readonly<Record<string, { action: string; body?: Record<string, unknown> }>> {
  return {
    created: { action: 'will-supply', body: { note: 'On the shelf' } },
    will_supply: { action: 'ship', body: { dueDate: new Date(Date.now() + 28 * 86_400_000).toISOString(), barcode } },
    returned_by_partner: { action: 'check-in' },
  };
}

export interface LoanCounts {
  /** Actions that committed as far as the robot knows (it got a 2xx). */
  actions: number;
  /** Actions whose outcome the robot could not know (connection lost or 5xx) and re-read. */
  uncertain: number;
  /** Actions refused with a 4xx: the state had moved on, e.g. an uncertain action had committed. */
  refused: number;
  /** Reads that failed (server down, database away) and were taken again. */
  failedReads: number;
}

export interface LoanOutcome {
  title: string;
  /** API paths of the two requests, to read them again once the outboxes are drained. */
  borrowingPath: string;
  lendingPath: string;
  counts: LoanCounts;
}

export interface LoanRobotOptions {
  borrowerApi: ApiClient;
  lenderApi: ApiClient;
  borrower: string;
  lender: string;
  lenderPartnerCode: string;
  /** Unique per loan: the robots find their requests again by it after a crash. */
  title: string;
  barcode: string;
  deadline: number;
  pollMs: number;
}

/**
 * One whole loan, driven by a borrower robot and a lender robot in one loop: read both sides,
 * take the action the state calls for (when it is allowed), repeat until both are completed.
 */
export async function runCrashTolerantLoan(options: LoanRobotOptions): Promise<LoanOutcome> {
  const { borrowerApi, lenderApi, lender, title, deadline } = options;
  const counts: LoanCounts = { actions: 0, uncertain: 0, refused: 0, failedReads: 0 };
  const failedRead = (): void => {
    counts.failedReads += 1;
  };
  const borrowingPath = await createBorrowingOnce(options, counts, failedRead);
  let lendingPath: string | undefined;
  const lenderPlan = lenderSteps(options.barcode);

  const act = async (api: ApiClient, path: string, view: RobotView, step: { action: string; body?: Record<string, unknown> }): Promise<void> => {
    if (!view.allowedActions.includes(step.action)) return;
    try {
      await api.call('POST', `${path}/actions/${step.action}`, { ...step.body, expectedVersion: view.version });
      counts.actions += 1;
    } catch (error) {
      if (isTransient(error)) counts.uncertain += 1;
      else if (error instanceof ApiError && error.status >= 400 && error.status < 500) counts.refused += 1;
      else throw error;
    }
  };

  for (;;) {
    const borrowing = await readThrough(() => borrowerApi.call<RobotView>('GET', borrowingPath), deadline, title, failedRead);
    lendingPath ??= await findLendingPath(lenderApi, lender, title, deadline, failedRead);
    const lending = lendingPath ? await readThrough(() => lenderApi.call<RobotView>('GET', lendingPath as string), deadline, title, failedRead) : undefined;
    if (borrowing.status === 'completed' && lendingPath && lending?.status === 'completed') return { title, borrowingPath, lendingPath, counts };
    if (Date.now() > deadline) {
      throw new Error(`loan "${title}" unfinished at the deadline: borrowing ${borrowing.status}, lending ${lending?.status ?? '(not arrived)'}`);
    }
    const borrowerStep = BORROWER_STEPS[borrowing.status];
    if (borrowerStep) await act(borrowerApi, borrowingPath, borrowing, borrowerStep);
    const lenderStep = lending && lenderPlan[lending.status];
    if (lending && lendingPath && lenderStep) await act(lenderApi, lendingPath, lending, lenderStep);
    if (!borrowerStep && !lenderStep) await pause(options.pollMs);
  }
}

/**
 * Creates the borrowing request exactly once: after an uncertain create, the request is looked
 * for by its title before creating again (a create either committed or did not; a killed
 * server leaves nothing in between).
 */
async function createBorrowingOnce(options: LoanRobotOptions, counts: LoanCounts, failedRead: () => void): Promise<string> {
  const { borrowerApi, borrower, title, deadline } = options;
  for (;;) {
    const existing = await readThrough(() => findByTitle(borrowerApi, borrowerApi.borrowing(borrower), title), deadline, title, failedRead);
    if (existing) return borrowerApi.borrowing(borrower, existing);
    try {
      const created = await borrowerApi.call<RequestView>('POST', borrowerApi.borrowing(borrower), {
        patronId: 'P-1001',
        citation: { title, author: 'Le Guin, Ursula K.', publisher: 'Harper', publicationDate: '1974' },
        rota: [options.lenderPartnerCode],
        send: true,
      });
      counts.actions += 1;
      return borrowerApi.borrowing(borrower, created.id);
    } catch (error) {
      if (!isTransient(error)) throw error;
      counts.uncertain += 1;
      if (Date.now() > deadline) throw new Error(`${title}: could not create the borrowing request before the deadline`);
      await pause(200);
    }
  }
}

async function findLendingPath(api: ApiClient, lender: string, title: string, deadline: number, failedRead: () => void): Promise<string | undefined> {
  const id = await readThrough(() => findByTitle(api, api.lending(lender), title), deadline, title, failedRead);
  return id ? api.lending(lender, id) : undefined;
}

/** The task list's search finds a request by its title; titles are unique per loan. */
async function findByTitle(api: ApiClient, listPath: string, title: string): Promise<string | undefined> {
  const list = await api.call<{ items: { id: string; title: string }[] }>('GET', `${listPath}?q=${encodeURIComponent(title)}&facets=false&limit=200`);
  const found = list.items.filter((item) => item.title === title);
  if (found.length > 1) throw new Error(`"${title}" names ${found.length} requests at ${listPath}: one was created twice`);
  return found[0]?.id;
}
