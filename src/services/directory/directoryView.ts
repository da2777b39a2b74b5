import { DEFAULT_MATCH_FIELDS } from '../../config/sections/locate.js';
import { FEED_FORMAT, type DirectoryLocate, type FeedEntry, type OwnDirectoryEntry } from '../../config/sections/directory.js';
import type { DirectoryEntry } from '../../store/schema.js';

/** What partners of this deployment search when an entry names no locate details: our own SRU endpoint. */
export function defaultLocate(institutionCode: string): DirectoryLocate {
  return { protocol: 'sru', url: `/sru/${institutionCode}`, version: '1.2', matchFields: [...DEFAULT_MATCH_FIELDS] };
}

/** An entry as staff browse it. */
export function directoryEntryView(entry: DirectoryEntry) {
  return {
    id: entry.id,
    source: entry.subscription_id === null ? ('local' as const) : ('feed' as const),
    ...(entry.subscription_id === null ? {} : { subscriptionId: entry.subscription_id }),
    name: entry.name,
    symbols: entry.symbols,
    /** null: an institution of this deployment (messages are delivered in-process). */
    iso18626Endpoint: entry.endpoint_url,
    systemType: entry.system_type,
    locate: entry.locate as DirectoryLocate | null,
    addresses: entry.addresses,
    lendingPolicies: entry.lending_policies,
    contacts: entry.contacts,
    publish: entry.publish,
    updatedAt: entry.updated_at.toISOString(),
  };
}

/** The own entry as the network file and PUT …/directory/entry take it. */
export function ownEntryConfig(entry: DirectoryEntry): OwnDirectoryEntry {
  return {
    publish: entry.publish,
    ...(entry.endpoint_url === null ? {} : { endpoint: entry.endpoint_url }),
    ...(entry.locate === null ? {} : { locate: entry.locate as DirectoryLocate }),
    addresses: entry.addresses as OwnDirectoryEntry['addresses'],
    lendingPolicies: entry.lending_policies as OwnDirectoryEntry['lendingPolicies'],
    contacts: entry.contacts as OwnDirectoryEntry['contacts'],
  };
}

/** Relative paths of this deployment made absolute for readers elsewhere. */
function absolute(baseUrl: string, url: string): string {
  return url.startsWith('/') ? `${baseUrl}${url}` : url;
}

/** One entry of the public feed, as seen from `baseUrl` (this server's public origin). */
export function feedEntry(entry: DirectoryEntry, institutionCode: string, baseUrl: string): FeedEntry {
  const locate = (entry.locate as DirectoryLocate | null) ?? defaultLocate(institutionCode);
  return {
    id: institutionCode,
    name: entry.name,
    symbols: entry.symbols,
    iso18626Endpoint: entry.endpoint_url ?? `${baseUrl}/iso18626`,
    systemType: 'interlend',
    locate: locate.url === undefined ? locate : { ...locate, url: absolute(baseUrl, locate.url) },
    addresses: entry.addresses as FeedEntry['addresses'],
    lendingPolicies: entry.lending_policies as FeedEntry['lendingPolicies'],
    contacts: entry.contacts as FeedEntry['contacts'],
    updatedAt: entry.updated_at.toISOString(),
  };
}

export function feedDocument(entries: FeedEntry[], generatedAt: Date) {
  return { format: FEED_FORMAT, generatedAt: generatedAt.toISOString(), entries };
}
