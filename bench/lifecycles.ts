import { ApiClient } from '../src/cli/apiClient.js';
import { runLoanLifecycle } from '../src/cli/loanLifecycle.js';
import { closedLoop, type LoadResult } from './load.js';
import { withServer } from './serverUnderTest.js';

export interface LifecycleOptions {
  backend: 'pglite' | 'postgres';
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

/**
 * Complete loans between two demo institutions (US-NSU borrows from US-HCPL), each 13 API
 * calls and 6 ISO 18626 messages through the outbox, run by `concurrency` staff robots
 * against one server process. Latency is a whole loan, including the clients' polling
 * (25 ms) for each partner answer.
 */
export function loanLifecycles(options: LifecycleOptions): Promise<LoadResult> {
  return withServer(options.backend, options.pgUrl, (server) => {
    const api = new ApiClient(server.base);
    return closedLoop(options.concurrency, options.seconds, async (n) => {
      const { borrowing, lending } = await runLoanLifecycle({ borrower: api, lender: api }, 'US-NSU', 'US-HCPL', 'HCPL', { patronId: `P-${n}` });
      return borrowing.status === 'completed' && lending.status === 'completed';
    });
  });
}
