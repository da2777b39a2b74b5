import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses outbound HTTP (partner endpoints, an ILS, directory feeds, probes) must never reach,
 * from the operator setting `INTERLEND_OUTBOUND_DENY` (CIDRs, comma-separated). An administrator
 * types those URLs; this keeps one from pointing the server at, say, the cloud's metadata
 * service. Loopback and private addresses stay allowed by default: a consortium's partners
 * often live on its own network.
 */
export const DEFAULT_OUTBOUND_DENY = '169.254.169.254/32';

let cached: { text: string; list: BlockList } | undefined;

function denyList(text: string): BlockList {
  if (cached?.text === text) return cached.list;
  const list = new BlockList();
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`INTERLEND_OUTBOUND_DENY: "${entry}" is not an address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`INTERLEND_OUTBOUND_DENY: "${entry}" has a bad prefix length`);
    list.addSubnet(address, prefix, type);
  }
  cached = { text, list };
  return list;
}

/** `::ffff:169.254.169.254` reaches the IPv4 address: check it as one. */
function denied(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1] as string, 'ipv4');
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why the URL may not be called, or undefined when it may: every address its host resolves to
 * is checked, so a name with one allowed and one denied address is refused. The check runs just
 * before the call; a name whose answer changes between the two (DNS rebinding) is not caught.
 */
export async function outboundRefusal(url: string | URL, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const list = denyList(env.INTERLEND_OUTBOUND_DENY?.trim() || DEFAULT_OUTBOUND_DENY);
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    // An unresolvable name is the call's own failure to report (unreachable), not a refusal.
    return undefined;
  }
  const bad = addresses.find((address) => denied(list, address));
  return bad === undefined ? undefined : `${host} resolves to ${bad}, which this deployment does not call (INTERLEND_OUTBOUND_DENY)`;
}

/** Reads the setting once at start, so a typo stops the server instead of every delivery. */
export function checkOutboundDenySetting(env: NodeJS.ProcessEnv = process.env): void {
  denyList(env.INTERLEND_OUTBOUND_DENY?.trim() || DEFAULT_OUTBOUND_DENY);
}
