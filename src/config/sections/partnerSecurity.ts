import { z } from 'zod';
import { SYSTEM_TYPES } from '../../services/interop/systemTypes.js';

/**
 * How a partner proves who it is, and what it is: its system type (which interop quirks
 * apply), the directions it shares in, and credentials.
 *
 * ```yaml
 * systemType: alma                 # default generic; a partner without endpoint is interlend
 * supportsBorrowing: true          # it may send us requests (default true)
 * supportsLending: true            # we may send it requests (default true)
 * credentials:
 *   inbound:                       # what it must present to us; secrets as SHA-256 hashes
 *     requestingAgencyAuthentication: { accountId: NSU-ILL, securityCodeHash: "sha256:…" }
 *     http: { bearerHash: "sha256:…" }            # or { basic: { username: nsu, passwordHash: "sha256:…" } }
 *   outbound:                      # what we present to it; secrets as given, or ${INTERLEND_SECRET_…}
 *     requestingAgencyAuthentication: { accountId: HCPL, securityCode: "${INTERLEND_SECRET_FAR_CODE}" }
 *     http: { bearer: "${INTERLEND_SECRET_FAR_TOKEN}" }            # or { basic: { username: hcpl, password: "${INTERLEND_SECRET_FAR_PASSWORD}" } }
 * ```
 * HTTP credentials need an `endpoint`: a partner without one is an institution of this
 * deployment and its messages travel in-process, without HTTP (see partnerSecurityIssues).
 */

const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
/**
 * Only variables meant for this are readable: the same schema checks partner bodies sent to the
 * API, and an administrator must not be able to send `${DATABASE_URL}` to an endpoint they control.
 */
const SECRET_VARIABLE = /^INTERLEND_SECRET_[A-Z0-9_]+$/;

/**
 * A credential value: literal, or `${INTERLEND_SECRET_…}` read from the environment when the
 * file is loaded, so secrets need not be committed. Only credential fields are expanded.
 */
function secret(what: string) {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .transform((text, ctx) => {
      const reference = ENV_REFERENCE.exec(text);
      if (!reference) return text;
      const name = reference[1] as string;
      if (!SECRET_VARIABLE.test(name)) {
        ctx.addIssue({ code: 'custom', message: `${what} may only refer to environment variables named INTERLEND_SECRET_…, not ${name}` });
        return z.NEVER;
      }
      const value = process.env[name];
      if (value === undefined || value === '') {
        ctx.addIssue({ code: 'custom', message: `${what} refers to environment variable ${name}, which is not set` });
        return z.NEVER;
      }
      return value;
    });
}

const SHA256 = /^sha256:[0-9a-f]{64}$/;

/** An inbound secret, stored only as its hash: we verify it, never send it. */
function secretHash(what: string) {
  return secret(what).pipe(
    z
      .string()
      .transform((text) => text.toLowerCase())
      .refine((text) => SHA256.test(text), {
        message: `${what} must be "sha256:" and 64 hex digits, the SHA-256 of the secret (printf %s 'secret' | sha256sum), not the secret itself`,
      }),
  );
}

const accountId = z.string().min(1, 'accountId must not be empty').max(255);

const inboundCredentials = z.strictObject({
  requestingAgencyAuthentication: z
    .strictObject({ accountId, securityCodeHash: secretHash('securityCodeHash') })
    .optional(),
  http: z
    .union([
      z.strictObject({ bearerHash: secretHash('bearerHash') }),
      z.strictObject({ basic: z.strictObject({ username: z.string().min(1).regex(/^[^:]*$/, 'a basic username cannot contain ":"'), passwordHash: secretHash('passwordHash') }) }),
    ], { error: 'http must be { bearerHash: … } or { basic: { username, passwordHash } }' })
    .optional(),
});

const outboundCredentials = z.strictObject({
  requestingAgencyAuthentication: z.strictObject({ accountId, securityCode: secret('securityCode') }).optional(),
  http: z
    .union([
      z.strictObject({ bearer: secret('bearer') }),
      z.strictObject({ basic: z.strictObject({ username: z.string().min(1).regex(/^[^:]*$/, 'a basic username cannot contain ":"'), password: secret('password') }) }),
    ], { error: 'http must be { bearer: … } or { basic: { username, password } }' })
    .optional(),
});

export const partnerSecurityShape = {
  /** Omitted: `generic`, or `interlend` for an institution of this deployment. */
  systemType: z.enum(SYSTEM_TYPES, { error: `systemType must be one of ${SYSTEM_TYPES.join(', ')}` }).optional(),
  supportsBorrowing: z.boolean().default(true),
  supportsLending: z.boolean().default(true),
  credentials: z.strictObject({ inbound: inboundCredentials.optional(), outbound: outboundCredentials.optional() }).optional(),
};

export type PartnerCredentialsConfig = NonNullable<z.output<z.ZodObject<typeof partnerSecurityShape>>['credentials']>;

/**
 * Checks across a partner's fields (run from the network schema's refinement): a partner
 * without endpoint is reached in-process, which has no HTTP headers and is always Interlend.
 */
export function partnerSecurityIssues(partner: {
  endpoint?: string | undefined;
  systemType?: string | undefined;
  credentials?: PartnerCredentialsConfig | undefined;
}): { path: (string | number)[]; message: string }[] {
  if (partner.endpoint) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const local = 'a partner without endpoint is an institution of this deployment';
  if (partner.systemType !== undefined && partner.systemType !== 'interlend') {
    issues.push({ path: ['systemType'], message: `${local}, so its systemType is interlend, not ${partner.systemType}` });
  }
  for (const direction of ['inbound', 'outbound'] as const) {
    if (partner.credentials?.[direction]?.http) {
      issues.push({
        path: ['credentials', direction, 'http'],
        message: `${local}: its messages travel in-process without HTTP, so HTTP credentials cannot apply; use requestingAgencyAuthentication`,
      });
    }
  }
  return issues;
}
