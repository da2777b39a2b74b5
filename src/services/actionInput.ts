/** What a staff action or an inbound message may carry besides its name. */
export interface ActionInput {
  /** Who did it: `user:…`, `iso18626:ISIL:…`, `system:…`. */
  actor: string;
  note?: string | undefined;
  /** ISO reasonUnfilled / reasonRetry code, or a free reason for a rota entry. */
  reason?: string | undefined;
  dueDate?: Date | undefined;
  barcode?: string | undefined;
  url?: string | undefined;
  /** The yes/no of answer-renewal and answer-cancel. */
  approve?: boolean | undefined;
  replyBy?: Date | undefined;
  /** Optimistic concurrency from a client that read the request: refuse if it changed since. */
  expectedVersion?: number | undefined;
  /** Go ahead although a call to the ILS or the broker that the action needs failed (staff override). */
  override?: boolean | undefined;
}
