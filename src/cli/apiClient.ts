/** A small client for the REST API, used by `interlend demo`, the bench and the tests. */
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

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Signs in at each institution the first time a path names it (`POST /api/v1/session`) and
 * sends that institution's bearer token from then on. The default credentials are demo mode's.
 */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly base: string,
    private readonly credentials: Credentials = { username: 'demo', password: 'demo' },
  ) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(await this.authorization(path)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new ApiError(response.status, json);
    return json as T;
  }

  /** The Authorization header for a path under /api/v1/institutions/{symbol}/; none for other paths. */
  async authorization(path: string): Promise<Record<string, string>> {
    const symbol = /^\/api\/v1\/institutions\/([^/?]+)/.exec(path)?.[1];
    if (!symbol) return {};
    const institution = decodeURIComponent(symbol);
    let token = this.tokens.get(institution);
    if (!token) {
      token = this.signIn(institution);
      this.tokens.set(institution, token);
      // A failed sign-in is not remembered: the next call tries again.
      void token.catch(() => this.tokens.delete(institution));
    }
    return { authorization: `Bearer ${await token}` };
  }

  private async signIn(institution: string): Promise<string> {
    const response = await fetch(`${this.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ institution, ...this.credentials }),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new ApiError(response.status, json);
    return (json as { token: string }).token;
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
