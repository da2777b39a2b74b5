/**
 * Borrowing locate's fan-out: every rota entry's partner searched at the same time, each bounded
 * by its own profile timeout, so a locate takes about as long as the slowest target, not the sum.
 */
import type { Citation } from '../../domain/citation.js';
import { searchTarget, type SearchOptions, type TargetEvidence, type TargetProfile } from './searchTarget.js';

export interface RotaTarget {
  entryId: string;
  partnerId: string;
  partnerCode: string;
  /** Undefined: the partner has no (known) locate profile and is not searched. */
  profile: TargetProfile | undefined;
}

export interface LocatedTarget extends RotaTarget {
  /** Undefined when the partner was not searched (no profile). */
  evidence: TargetEvidence | undefined;
}

export interface RotaLocate {
  results: LocatedTarget[];
  /** Wall time of the whole fan-out. */
  durationMs: number;
}

export async function locateRota(targets: readonly RotaTarget[], citation: Citation, options: SearchOptions = {}): Promise<RotaLocate> {
  const started = performance.now();
  const results = await Promise.all(
    targets.map(async (target): Promise<LocatedTarget> => ({ ...target, evidence: target.profile ? await searchTarget(target.profile, citation, options) : undefined })),
  );
  return { results, durationMs: Math.round(performance.now() - started) };
}
