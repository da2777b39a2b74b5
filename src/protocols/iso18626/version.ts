/**
 * Version detection and the canonical version attribute values we write.
 *
 * Values seen in the wild for the root `version` attribute:
 *   1.1 (2014): "1.0" (ReShare/mod-rs, with the v1_1 schema), "1.1", "v1_1", "v1_1_2014"
 *   1.2 (2017): "v1_2_2017" (OCLC), "1.2", "v1_2"
 *   2021:       "2021", "2021-1", "2021-2" (the XSD names), "v1_3_2021"/"1.3" (the pre-rename name)
 * Matching is liberal: case, a leading "v", and the separators "_" "-" "." are ignored; a
 * year alone (2014/2017/2021) also identifies the version.
 *
 * When the attribute is missing or unrecognised, the message structure decides: any element
 * that only the 2021 schema has means 2021; otherwise 1.2 (a superset of 1.1).
 */
import type { Iso18626Version } from './codeLists.js';

/** What the builder writes in `version` (the attribute is xs:string, so any value validates). */
export const CANONICAL_VERSION_ATTRIBUTE: Readonly<Record<Iso18626Version, string>> = {
  '1.1': '1.1',
  '1.2': 'v1_2_2017',
  '2021': '2021-2',
};

/** Element local names that exist only in the 2021 schema. */
export const ONLY_2021_ELEMENTS: ReadonlySet<string> = new Set([
  'consortialId',
  'authorId',
  'publisherId',
  'preferredEdition',
  'courierName',
  'deliveryMethod',
  'itemFormat',
  'retryInfo',
  'shippingInfo',
  'URL',
  'trackingId',
  'insurance',
  'insuranceThirdParty',
  'thirdPartyName',
  'insuranceCosts',
]);

/** Element local names that exist only in the 1.x schemas (renamed or moved in 2021). */
export const ONLY_V1_ELEMENTS: ReadonlySet<string> = new Set(['sentVia', 'deliveredFormat', 'preferredFormat']);

/** Maps a version attribute value to a version; undefined if it is not recognisable. */
export function versionFromAttribute(attribute: string | null | undefined): Iso18626Version | undefined {
  if (typeof attribute !== 'string') return undefined;
  const v = attribute
    .trim()
    .toLowerCase()
    .replace(/^v(ersion)?\s*/, '')
    .replace(/[_\-\s]+/g, '.');
  if (v === '') return undefined;
  if (/^2021(\.|$)/.test(v) || /^1\.3(\.|$)/.test(v)) return '2021';
  if (/^1\.2(\.|$)/.test(v) || v === '2017') return '1.2';
  if (v === '1' || /^1\.[01](\.|$)/.test(v) || v === '2014') return '1.1';
  if (/(^|\.)2021(\.|$)/.test(v)) return '2021';
  if (/(^|\.)2017(\.|$)/.test(v)) return '1.2';
  if (/(^|\.)2014(\.|$)/.test(v)) return '1.1';
  return undefined;
}

export interface VersionHints {
  /** Local names of the elements in the message (any order, duplicates allowed). */
  elementNames: Iterable<string>;
}

/**
 * The version of a message: from the `version` attribute when it is recognisable, else from
 * the structure (when hints are given), else undefined.
 */
export function detectVersion(
  versionAttribute: string | null | undefined,
  hints?: VersionHints,
): Iso18626Version | undefined {
  const fromAttribute = versionFromAttribute(versionAttribute);
  if (fromAttribute !== undefined || hints === undefined) return fromAttribute;
  for (const name of hints.elementNames) {
    if (ONLY_2021_ELEMENTS.has(name)) return '2021';
  }
  // 1.x-only names, or nothing version-specific at all: 1.2 (which reads 1.1 too).
  return '1.2';
}
