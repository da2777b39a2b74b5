import type { CredentialsSet, PartnerCredentials } from './model.js';
import { secretHash } from '../../text/sha256.js';

/**
 * The credentials part of the partner form: four credentials, each typed in plain text and never
 * shown back. Pure, unit-tested. Inbound secrets leave the browser only as `sha256:` hashes.
 *
 * The API replaces a partner's credentials as a whole when `credentials` is sent and keeps them
 * when it is left out. So: nothing typed and nothing to remove → no `credentials` (all kept);
 * otherwise the body carries the whole new set, and a stored credential neither retyped nor
 * removed is a problem to show (sending without it would silently remove it).
 */
export type CredentialSlot = keyof CredentialsSet;
export type HttpScheme = 'bearer' | 'basic';

export interface AgencyDraft {
  accountId: string;
  secret: string;
  remove: boolean;
}
export interface HttpDraft {
  scheme: HttpScheme;
  username: string;
  secret: string;
  remove: boolean;
}
export interface CredentialsDraft {
  inboundAgencyAuthentication: AgencyDraft;
  inboundHttp: HttpDraft;
  outboundAgencyAuthentication: AgencyDraft;
  outboundHttp: HttpDraft;
}

export const EMPTY_CREDENTIALS: CredentialsDraft = {
  inboundAgencyAuthentication: { accountId: '', secret: '', remove: false },
  inboundHttp: { scheme: 'bearer', username: '', secret: '', remove: false },
  outboundAgencyAuthentication: { accountId: '', secret: '', remove: false },
  outboundHttp: { scheme: 'bearer', username: '', secret: '', remove: false },
};

export const NOTHING_STORED: CredentialsSet = { inboundAgencyAuthentication: false, inboundHttp: false, outboundAgencyAuthentication: false, outboundHttp: false };

/** The body paths of each credential's fields, as the API names them in its problems. */
export function credentialPaths(slot: CredentialSlot, scheme: HttpScheme = 'bearer'): { id: string; secret: string; group: string } {
  const direction = slot.startsWith('inbound') ? 'inbound' : 'outbound';
  const inbound = direction === 'inbound';
  if (slot.endsWith('AgencyAuthentication')) {
    const group = `credentials.${direction}.requestingAgencyAuthentication`;
    return { group, id: `${group}.accountId`, secret: `${group}.${inbound ? 'securityCodeHash' : 'securityCode'}` };
  }
  const group = `credentials.${direction}.http`;
  return scheme === 'bearer'
    ? { group, id: `${group}.basic.username`, secret: `${group}.${inbound ? 'bearerHash' : 'bearer'}` }
    : { group, id: `${group}.basic.username`, secret: `${group}.basic.${inbound ? 'passwordHash' : 'password'}` };
}

function touched(slot: AgencyDraft | HttpDraft): boolean {
  const name = 'accountId' in slot ? slot.accountId : slot.scheme === 'basic' ? slot.username : '';
  return slot.remove || name.trim() !== '' || slot.secret !== '';
}

const SLOTS: CredentialSlot[] = ['inboundAgencyAuthentication', 'inboundHttp', 'outboundAgencyAuthentication', 'outboundHttp'];

/**
 * The `credentials` to send (undefined: keep what is stored) or the problems, by body path,
 * that keep the form from being sent.
 */
export function credentialsBody(draft: CredentialsDraft, stored: CredentialsSet = NOTHING_STORED): { credentials?: PartnerCredentials; problems: Record<string, string[]> } {
  const problems: Record<string, string[]> = {};
  const problem = (path: string, message: string) => void (problems[path] ??= []).push(message);
  if (!SLOTS.some((slot) => touched(draft[slot]))) return { problems };

  const credentials: PartnerCredentials = {};
  for (const slot of SLOTS) {
    const value = draft[slot];
    const inbound = slot.startsWith('inbound');
    const paths = credentialPaths(slot, 'scheme' in value ? value.scheme : 'bearer');
    if (value.remove) continue;
    if (!touched(value)) {
      if (stored[slot]) problem(paths.secret, 'Stored now, and saving other credentials replaces them all: type this one again, or tick "Remove".');
      continue;
    }
    if ('accountId' in value) {
      const accountId = value.accountId.trim();
      if (accountId === '') problem(paths.id, 'Type the account ID that goes with the security code.');
      if (value.secret === '') problem(paths.secret, 'Type the security code that goes with the account ID.');
      if (accountId === '' || value.secret === '') continue;
      if (inbound) (credentials.inbound ??= {}).requestingAgencyAuthentication = { accountId, securityCodeHash: secretHash(value.secret) };
      else (credentials.outbound ??= {}).requestingAgencyAuthentication = { accountId, securityCode: value.secret };
      continue;
    }
    const username = value.username.trim();
    if (value.scheme === 'basic' && username === '') problem(paths.id, 'Type the user name that goes with the password.');
    if (value.scheme === 'basic' && username.includes(':')) problem(paths.id, 'A user name for basic authentication cannot contain ":".');
    if (value.secret === '') problem(paths.secret, value.scheme === 'bearer' ? 'Type the token.' : 'Type the password that goes with the user name.');
    if (paths.id in problems || paths.secret in problems) continue;
    if (inbound) {
      (credentials.inbound ??= {}).http =
        value.scheme === 'bearer' ? { bearerHash: secretHash(value.secret) } : { basic: { username, passwordHash: secretHash(value.secret) } };
    } else {
      (credentials.outbound ??= {}).http = value.scheme === 'bearer' ? { bearer: value.secret } : { basic: { username, password: value.secret } };
    }
  }
  return Object.keys(problems).length > 0 ? { problems } : { credentials, problems };
}
