import { createHash, timingSafeEqual } from 'node:crypto';
import type { PartnerCredentialsConfig } from '../../config/sections/partnerSecurity.js';
import type { RequestingAgencyAuthentication } from '../../protocols/iso18626/index.js';
import type { PartnerCredentialsValues } from '../../store/partnerCredentialsRepository.js';
import type { PartnerCredentials } from '../../store/schema.js';

/** `sha256:<hex>`: how inbound secrets are stored (config gives them already hashed). */
export function secretHash(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/**
 * Whether `presented` is the secret behind `storedHash`. Both sides are hashed to fixed-length
 * digests first, so the comparison takes the same time whatever was presented.
 */
export function matchesSecret(presented: string | undefined, storedHash: string): boolean {
  const expected = createHash('sha256').update(storedHash, 'utf8').digest();
  const actual = createHash('sha256').update(secretHash(presented ?? ''), 'utf8').digest();
  return timingSafeEqual(expected, actual) && presented !== undefined;
}

/** Constant-time equality for non-secret identifiers presented together with a secret. */
export function sameText(presented: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '', 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && presented !== undefined;
}

/** The database row for a partner's configured credentials; undefined when it has none. */
export function credentialsRow(config: PartnerCredentialsConfig | undefined): PartnerCredentialsValues | undefined {
  const inbound = config?.inbound;
  const outbound = config?.outbound;
  const inHttp = inbound?.http;
  const outHttp = outbound?.http;
  const row: PartnerCredentialsValues = {
    inbound_account_id: inbound?.requestingAgencyAuthentication?.accountId ?? null,
    inbound_security_code_hash: inbound?.requestingAgencyAuthentication?.securityCodeHash ?? null,
    inbound_http_scheme: inHttp ? ('bearerHash' in inHttp ? 'bearer' : 'basic') : null,
    inbound_http_username: inHttp && 'basic' in inHttp ? inHttp.basic.username : null,
    inbound_http_secret_hash: inHttp ? ('bearerHash' in inHttp ? inHttp.bearerHash : inHttp.basic.passwordHash) : null,
    outbound_account_id: outbound?.requestingAgencyAuthentication?.accountId ?? null,
    outbound_security_code: outbound?.requestingAgencyAuthentication?.securityCode ?? null,
    outbound_http_scheme: outHttp ? ('bearer' in outHttp ? 'bearer' : 'basic') : null,
    outbound_http_username: outHttp && 'basic' in outHttp ? outHttp.basic.username : null,
    outbound_http_secret: outHttp ? ('bearer' in outHttp ? outHttp.bearer : outHttp.basic.password) : null,
  };
  return Object.values(row).some((value) => value !== null) ? row : undefined;
}

const SECRET_COLUMNS = ['inbound_security_code_hash', 'inbound_http_secret_hash', 'outbound_security_code', 'outbound_http_secret'] as const;

/**
 * What an audit record may say about credentials: which kinds are required or sent and the
 * non-secret names, never a secret or its hash. `secretsReplaced` makes a change of secret
 * alone visible in the log.
 */
export function describeCredentials(
  row: PartnerCredentialsValues | PartnerCredentials | undefined,
  previous?: PartnerCredentialsValues | PartnerCredentials,
): Record<string, unknown> | null {
  if (!row) return null;
  return {
    inbound: {
      requestingAgencyAuthentication: row.inbound_account_id ? { accountId: row.inbound_account_id } : null,
      http: row.inbound_http_scheme ? { scheme: row.inbound_http_scheme, username: row.inbound_http_username ?? null } : null,
    },
    outbound: {
      requestingAgencyAuthentication: row.outbound_account_id ? { accountId: row.outbound_account_id } : null,
      http: row.outbound_http_scheme ? { scheme: row.outbound_http_scheme, username: row.outbound_http_username ?? null } : null,
    },
    ...(previous && SECRET_COLUMNS.some((column) => (previous[column] ?? null) !== (row[column] ?? null)) ? { secretsReplaced: true } : {}),
  };
}

/** Our requestingAgencyAuthentication for a partner's header, when it wants one. */
export function outboundHeaderAuthentication(credentials: PartnerCredentials | undefined): RequestingAgencyAuthentication | undefined {
  if (!credentials?.outbound_account_id || !credentials.outbound_security_code) return undefined;
  return { accountId: credentials.outbound_account_id, securityCode: credentials.outbound_security_code };
}

/** Our HTTP Authorization header value for a partner, when it wants one. */
export function outboundAuthorization(credentials: PartnerCredentials | undefined): string | undefined {
  if (!credentials?.outbound_http_scheme || !credentials.outbound_http_secret) return undefined;
  if (credentials.outbound_http_scheme === 'bearer') return `Bearer ${credentials.outbound_http_secret}`;
  const pair = `${credentials.outbound_http_username ?? ''}:${credentials.outbound_http_secret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

const SECURITY_CODE = /(<((?:[\w.-]+:)?)securityCode(?:\s[^>]*)?>)[\s\S]*?(<\/\2securityCode\s*>)/g;

/** The message as we keep it: a securityCode is never stored, whoever sent it. */
export function redactSecurityCode(xml: string): string {
  return xml.replace(SECURITY_CODE, '$1[redacted]$3');
}
