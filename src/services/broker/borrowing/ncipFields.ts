import type { ItemId, NcipBody, UserId } from '../../../protocols/ncip/index.js';

/** Reading the parts of a broker's NCIP message the borrowing side uses. */

export function firstItemId(body: NcipBody): ItemId | undefined {
  return Array.isArray(body.itemId) ? body.itemId[0] : body.itemId;
}

export function firstUserId(body: NcipBody): UserId | undefined {
  return Array.isArray(body.userId) ? body.userId[0] : body.userId;
}

/** A value, trimmed; blank is absent. */
export function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** An xs:dateTime (the codec checked its form) as an instant; one without a zone is read as UTC. */
export function instantOf(text: string | undefined): Date | undefined {
  const value = present(text);
  if (!value) return undefined;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const instant = new Date(zoned);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
