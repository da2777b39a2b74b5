/** The lending side of the built-in circulation: where a shipped item is while a partner has it. */

/** The temporary location of an item lent to a partner; its holding keeps the permanent one. */
export const RESOURCE_SHARING_LOCATION = 'RS';
export const RESOURCE_SHARING_PROCESS = 'resource sharing' as const;
