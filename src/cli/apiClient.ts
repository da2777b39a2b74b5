/** A small client for the REST API, used by `interlend demo` and the bench. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(problem)}`);
  }
}

export interface RequestView {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  allowedActions: string[];
  requesterRequestId?: string;
  dueDate: string | null;
  history: { at: string; actor: string; event: string; fromLabel: string | null; toLabel: string; note: string | null }[];
  messages: { at: string; direction: string; kind: string; summary: string | null; status: string | null; body: string; confirmation: string | null }[];
}

export class ApiClient {
  constructor(private readonly base: string) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new ApiError(response.status, json);
    return json as T;
  }

  borrowing(symbol: string, id = ''): string {
    return `/api/v1/institutions/${encodeURIComponent(symbol)}/borrowing-requests${id ? `/${id}` : ''}`;
  }

  lending(symbol: string, id = ''): string {
    return `/api/v1/institutions/${encodeURIComponent(symbol)}/lending-requests${id ? `/${id}` : ''}`;
  }

  /** Polls until `read` returns a request in `status` (messages travel through the outbox). */
  async waitForStatus(path: string, status: string, timeoutMs = 15_000): Promise<RequestView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.call<RequestView>('GET', path);
      if (view.status === status) return view;
      if (Date.now() > deadline) throw new Error(`${path} stayed "${view.status}", expected "${status}"`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The lending request a borrower's request became at the lender. */
  async findLendingRequest(lender: string, requesterRequestId: string, timeoutMs = 15_000): Promise<RequestView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = await this.call<{ items: { id: string; requesterRequestId: string }[] }>('GET', `${this.lending(lender)}?limit=200`);
      const found = list.items.find((item) => item.requesterRequestId === requesterRequestId);
      if (found) return this.call<RequestView>('GET', this.lending(lender, found.id));
      if (Date.now() > deadline) throw new Error(`no lending request for ${requesterRequestId} at ${lender}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
