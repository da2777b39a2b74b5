import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * Operator settings for how the server meets browsers and proxies:
 * - `INTERLEND_TRUST_PROXY`: the proxies whose X-Forwarded-For / -Proto are believed (addresses,
 *   CIDRs or the presets loopback, linklocal, uniquelocal, comma-separated; `none` for none).
 *   Default: proxies on this host and on private networks. Believing every sender (as before)
 *   let any client name its own IP and so step around the sign-in throttle.
 * - `INTERLEND_HSTS`: seconds of Strict-Transport-Security sent on answers over HTTPS (directly
 *   or through a trusted proxy saying X-Forwarded-Proto: https). Unset: none, because a header
 *   pinning HTTPS is hard to take back and only the operator knows HTTPS is there to stay.
 */
export interface SecuritySettings {
  trustProxy: FastifyServerOptions['trustProxy'];
  hstsMaxAgeSeconds: number | undefined;
}

export const DEFAULT_TRUSTED_PROXIES = 'loopback,linklocal,uniquelocal';

export function securitySettingsFrom(env: NodeJS.ProcessEnv): SecuritySettings {
  const proxies = env.INTERLEND_TRUST_PROXY?.trim() || DEFAULT_TRUSTED_PROXIES;
  const hsts = env.INTERLEND_HSTS?.trim();
  if (hsts && !/^\d+$/.test(hsts)) throw new Error(`INTERLEND_HSTS must be a whole number of seconds, not "${hsts}"`);
  return {
    trustProxy: proxies === 'none' ? false : proxies.split(',').map((entry) => entry.trim()).filter(Boolean),
    hstsMaxAgeSeconds: hsts ? Number(hsts) : undefined,
  };
}

/**
 * Headers on every answer (UI, API, protocol endpoints, docs): no MIME sniffing, no framing,
 * no referrer, a browsing context of our own, no powerful browser features. The UI adds its CSP.
 */
const EVERY_ANSWER: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function securityHeaders(app: FastifyInstance, settings: SecuritySettings): void {
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(EVERY_ANSWER)) reply.header(name, value);
    if (settings.hstsMaxAgeSeconds !== undefined && request.protocol === 'https') {
      reply.header('strict-transport-security', `max-age=${settings.hstsMaxAgeSeconds}; includeSubDomains`);
    }
    // API answers are one user's view of patron and request data: no cache, shared or private, keeps them.
    if (request.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
