import './partnerCredentials.css';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields.js';
import type { CredentialsSet } from './model.js';
import { credentialPaths, type AgencyDraft, type CredentialsDraft, type CredentialSlot, type HttpDraft, type HttpScheme } from './partnerCredentials.js';

interface Props {
  draft: CredentialsDraft;
  stored: CredentialsSet;
  onChange: (draft: CredentialsDraft) => void;
  /** Messages for a body path and everything under it. */
  errorsAt: (path: string) => string[];
  /** Messages for exactly this body path. */
  errorsExactly: (path: string) => string[];
}

/**
 * The "Credentials" section of the partner form: secrets typed in password fields, never shown
 * back (the API says only whether each is set); empty fields keep what is stored.
 */
export function PartnerCredentialsFields({ draft, stored, onChange, errorsAt, errorsExactly }: Props) {
  const update = <S extends CredentialSlot>(slot: S, value: CredentialsDraft[S]) => onChange({ ...draft, [slot]: value });
  return (
    <fieldset className="form-group credentials-group">
      <legend>Credentials</legend>
      <p className="field-hint" id="credentials-hint">
        Secrets are never shown again. Leave every field empty to keep the stored credentials. Saving any credential replaces them all, so type again the ones to keep or tick
        &quot;Remove&quot;. Inbound secrets leave this browser only as SHA-256 hashes.
      </p>
      <AgencyFields slot="inboundAgencyAuthentication" direction="Inbound" value={draft.inboundAgencyAuthentication} stored={stored.inboundAgencyAuthentication} onChange={(v) => update('inboundAgencyAuthentication', v)} errorsAt={errorsAt} errorsExactly={errorsExactly} />
      <HttpFields slot="inboundHttp" direction="Inbound" value={draft.inboundHttp} stored={stored.inboundHttp} onChange={(v) => update('inboundHttp', v)} errorsAt={errorsAt} errorsExactly={errorsExactly} />
      <AgencyFields slot="outboundAgencyAuthentication" direction="Outbound" value={draft.outboundAgencyAuthentication} stored={stored.outboundAgencyAuthentication} onChange={(v) => update('outboundAgencyAuthentication', v)} errorsAt={errorsAt} errorsExactly={errorsExactly} />
      <HttpFields slot="outboundHttp" direction="Outbound" value={draft.outboundHttp} stored={stored.outboundHttp} onChange={(v) => update('outboundHttp', v)} errorsAt={errorsAt} errorsExactly={errorsExactly} />
    </fieldset>
  );
}

type Direction = 'Inbound' | 'Outbound';

const secretHint = (direction: Direction) =>
  direction === 'Inbound' ? 'What the partner presents to us; only its SHA-256 hash is sent and stored' : 'What we present to the partner; stored as typed, never shown';

/** What the fields of one credential slot get: its draft, whether one is stored, and the server's errors. */
interface SlotFieldsProps<Draft> {
  slot: CredentialSlot;
  direction: Direction;
  value: Draft;
  stored: boolean;
  onChange: (v: Draft) => void;
  errorsAt: (path: string) => string[];
  errorsExactly: (path: string) => string[];
}

function StoredState({ id, stored }: { id: string; stored: boolean }) {
  return (
    <p className="credential-state" id={`${id}-state`}>
      Stored: <strong>{stored ? 'set' : 'not set'}</strong>
    </p>
  );
}

function AgencyFields({
  slot,
  direction,
  value,
  stored,
  onChange,
  errorsAt,
  errorsExactly,
}: SlotFieldsProps<AgencyDraft>) {
  const paths = credentialPaths(slot);
  const who = direction === 'Inbound' ? 'it sends us' : 'we send it';
  return (
    <fieldset className="credential">
      <legend>{direction} ISO 18626 account ({who} in requestingAgencyAuthentication)</legend>
      <StoredState id={slot} stored={stored} />
      <div className="form-columns">
        <TextField id={`${slot}-accountId`} label={`${direction} account ID`} value={value.accountId} onChange={(accountId) => onChange({ ...value, accountId })} disabled={value.remove} errors={[...errorsExactly(paths.group), ...errorsAt(paths.id)]} autoComplete="off" />
        <TextField
          id={`${slot}-secret`}
          label={`${direction} security code`}
          hint={secretHint(direction)}
          type="password"
          autoComplete="new-password"
          value={value.secret}
          onChange={(secret) => onChange({ ...value, secret })}
          disabled={value.remove}
          errors={errorsAt(paths.secret)}
        />
      </div>
      {stored && <CheckboxField id={`${slot}-remove`} label={`Remove the ${direction.toLowerCase()} account ID and security code`} checked={value.remove} onChange={(remove) => onChange({ ...value, remove })} />}
    </fieldset>
  );
}

function HttpFields({
  slot,
  direction,
  value,
  stored,
  onChange,
  errorsAt,
  errorsExactly,
}: SlotFieldsProps<HttpDraft>) {
  const paths = credentialPaths(slot, value.scheme);
  const who = direction === 'Inbound' ? 'it sends us' : 'we send it';
  return (
    <fieldset className="credential">
      <legend>
        {direction} HTTP authentication ({who} in the Authorization header)
      </legend>
      <StoredState id={slot} stored={stored} />
      <div className="form-columns">
        <SelectField
          id={`${slot}-scheme`}
          label={`${direction} HTTP scheme`}
          value={value.scheme}
          onChange={(scheme) => onChange({ ...value, scheme: scheme as HttpScheme })}
          options={[
            { value: 'bearer', label: 'Bearer token' },
            { value: 'basic', label: 'Basic (user name and password)' },
          ]}
          disabled={value.remove}
          errors={errorsExactly(paths.group)}
        />
        {value.scheme === 'basic' && (
          <TextField id={`${slot}-username`} label={`${direction} user name`} value={value.username} onChange={(username) => onChange({ ...value, username })} disabled={value.remove} errors={errorsAt(paths.id)} autoComplete="off" />
        )}
        <TextField
          id={`${slot}-secret`}
          label={value.scheme === 'bearer' ? `${direction} bearer token` : `${direction} password`}
          hint={secretHint(direction)}
          type="password"
          autoComplete="new-password"
          value={value.secret}
          onChange={(secret) => onChange({ ...value, secret })}
          disabled={value.remove}
          errors={errorsAt(paths.secret)}
        />
      </div>
      {stored && <CheckboxField id={`${slot}-remove`} label={`Remove the ${direction.toLowerCase()} HTTP credentials`} checked={value.remove} onChange={(remove) => onChange({ ...value, remove })} />}
    </fieldset>
  );
}
