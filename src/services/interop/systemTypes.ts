import type { PartnerSystemType } from '../../store/schema.js';

/**
 * The kinds of system a partner runs. Each has an interop profile (profiles.ts) that
 * normalises what it sends us and shapes what we send it.
 */
export const SYSTEM_TYPES = ['alma', 'reshare', 'illiad', 'crosslink-broker', 'interlend', 'generic'] as const satisfies readonly PartnerSystemType[];

export type SystemType = PartnerSystemType;

/** An institution of this deployment (no endpoint) always runs this software. */
export const LOCAL_SYSTEM_TYPE: SystemType = 'interlend';
export const DEFAULT_SYSTEM_TYPE: SystemType = 'generic';
