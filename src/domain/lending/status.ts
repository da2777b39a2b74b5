/**
 * Lending request statuses, keyed by a stable code stored in the database, with the name
 * staff know them by. The transition table that moves between them lives beside this file.
 */
export const lendingStatusLabels = {
  created: 'Created lending request',
} as const;

export type LendingStatus = keyof typeof lendingStatusLabels;
