import { useState, type FormEvent } from 'react';
import { PROFILE_TYPES, SYSTEM_TYPES, configApi, type WorkflowProfile } from '../../api/config.js';
import { Link, useRouter } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, FormStatus, NumberField, RepeatableRows, SelectField, TextAreaField, TextField, type Option } from '../../components/forms/fields.js';
import { errorsAt, NO_ERRORS, type FormErrors } from '../../components/forms/problems.js';
import { EMPTY_CONTACT, EMPTY_PARTNER, draftToPartner, partnerToDraft, type PartnerDraft } from './partnerForm.js';
import { credentialsBody, EMPTY_CREDENTIALS, NOTHING_STORED, type CredentialsDraft } from './partnerCredentials.js';
import { PartnerCredentialsFields } from './PartnerCredentialsFields.js';
import type { CredentialsSet } from './model.js';
import { ConfigPage, errorsOf, LoadError, useLoad } from './shared.js';

/** /staff/config/partners: every partner, with a link to its form. */
export function PartnerList() {
  const me = useMe();
  const { data, error } = useLoad(() => configApi.partners(me.institution), [me.institution]);
  return (
    <ConfigPage id="partners">
      <p>
        <Link to="/staff/config/partners/new">Add a partner</Link> · <Link to="/staff/config/directory">Add one from the directory</Link>
      </p>
      <LoadError error={error} />
      {data && (
        <table className="responsive">
          <caption className="visually-hidden">Partners</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Symbol</th>
              <th scope="col">Status</th>
              <th scope="col">Profile</th>
              <th scope="col">Shares</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={p.code}>
                <td data-label="Code">
                  <Link to={`/staff/config/partners/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                </td>
                <td data-label="Name">{p.name}</td>
                <td data-label="Symbol">{p.symbol}</td>
                <td data-label="Status">{p.active ? 'Active' : 'Inactive'}</td>
                <td data-label="Profile">
                  {p.profileType}
                  {p.systemType ? ` · ${p.systemType}` : ''}
                </td>
                <td data-label="Shares">{[p.supportsLending && 'lends to us', p.supportsBorrowing && 'borrows from us'].filter(Boolean).join(', ') || 'nothing'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ConfigPage>
  );
}

const KNOWN_PATHS = new Set(Object.keys(EMPTY_PARTNER).concat('requestExpiry', 'contacts', 'credentials'));

/** /staff/config/partners/new and /staff/config/partners/:code: every field of the partner, server problems by field. */
export function PartnerEdit({ params }: { params: Record<string, string> }) {
  const me = useMe();
  const { query, navigate } = useRouter();
  const code = params.code;
  const creating = code === undefined;
  const [draft, setDraft] = useState<PartnerDraft | null>(creating ? EMPTY_PARTNER : null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(query.get('saved') ? `Partner ${code ?? ''} saved.` : null);
  const [busy, setBusy] = useState(false);
  // Credentials are typed, sent, and forgotten: the API tells only which are stored.
  const [credentials, setCredentials] = useState<CredentialsDraft>(EMPTY_CREDENTIALS);
  const [storedCredentials, setStoredCredentials] = useState<CredentialsSet>(NOTHING_STORED);
  const loaded = useLoad(async () => {
    if (creating) return null;
    const partner = await configApi.partner(me.institution, code);
    setDraft(partnerToDraft(partner));
    setStoredCredentials(partner.credentialsSet ?? NOTHING_STORED);
    return partner;
  }, [me.institution, code]);
  const locateProfiles = useLoad(() => configApi.locateProfiles(me.institution), [me.institution]);
  // Workflow profiles are the administrator's to read; a partners manager types the code.
  const workflowProfiles = useLoad(() => configApi.workflowProfiles(me.institution).catch(() => null as WorkflowProfile[] | null), [me.institution]);

  const set = <K extends keyof PartnerDraft>(key: K) => (value: PartnerDraft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const err = (path: string) => errorsAt(errors, path);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setSaved(null);
    setErrors(NO_ERRORS);
    const typed = credentialsBody(credentials, storedCredentials);
    if (!typed.credentials && Object.keys(typed.problems).length > 0) {
      setErrors({ byPath: typed.problems, general: [] });
      setBusy(false);
      return;
    }
    try {
      const body = { ...draftToPartner(draft), ...(typed.credentials ? { credentials: typed.credentials } : {}) };
      const result = creating ? await configApi.createPartner(me.institution, body) : await configApi.updatePartner(me.institution, body.code, body);
      setDraft(partnerToDraft(result));
      setCredentials(EMPTY_CREDENTIALS);
      setStoredCredentials(result.credentialsSet ?? NOTHING_STORED);
      setSaved(`Partner ${result.code} saved.`);
      if (creating) navigate(`/staff/config/partners/${encodeURIComponent(result.code)}?saved=1`, { replace: true });
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => KNOWN_PATHS.has(path.split('.')[0] as string)));
    } finally {
      setBusy(false);
    }
  };

  const workflowOptions = (kind: 'borrowing' | 'lending'): Option[] | null =>
    workflowProfiles.data ? [{ value: '', label: 'None (every step on)' }, ...workflowProfiles.data.filter((w) => w.kind === kind).map((w) => ({ value: w.code, label: `${w.name} (${w.code})` }))] : null;
  const locateOptions: Option[] | null = locateProfiles.data ? [{ value: '', label: 'None' }, ...locateProfiles.data.map((l) => ({ value: l.code, label: `${l.name ?? l.code} (${l.code})` }))] : null;

  return (
    <ConfigPage id="partners" title={creating ? 'New partner' : `Partner ${code}`}>
      <LoadError error={loaded.error} />
      <FormStatus errors={errors} saved={saved} />
      {draft && (
        <form className="config-form" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset className="form-group">
            <legend>Identity</legend>
            <div className="form-columns">
              <TextField id="code" label="Code" hint="Letters, digits, _ . -; cannot change later" value={draft.code} onChange={set('code')} disabled={!creating} errors={err('code')} required />
              <TextField id="name" label="Name" value={draft.name} onChange={set('name')} errors={err('name')} required />
              <TextField id="symbol" label="Symbol" hint="TYPE:VALUE, e.g. ISIL:US-FAR" value={draft.symbol} onChange={set('symbol')} errors={err('symbol')} required />
              <TextField id="endpoint" label="ISO 18626 endpoint" hint="https://…; empty for an institution of this deployment" type="url" value={draft.endpoint} onChange={set('endpoint')} errors={err('endpoint')} />
            </div>
            <CheckboxField id="active" label="Active (may get new requests)" checked={draft.active} onChange={set('active')} errors={err('active')} />
          </fieldset>

          <fieldset className="form-group">
            <legend>Profile</legend>
            <div className="form-columns">
              <SelectField id="profileType" label="Profile type" value={draft.profileType} onChange={set('profileType')} options={PROFILE_TYPES.map((t) => ({ value: t, label: t }))} errors={err('profileType')} />
              <SelectField
                id="systemType"
                label="System type"
                hint="How its messages are read and ours shaped"
                value={draft.systemType}
                onChange={set('systemType')}
                options={[{ value: '', label: 'Default (generic; interlend without endpoint)' }, ...SYSTEM_TYPES.map((t) => ({ value: t, label: t }))]}
                errors={err('systemType')}
              />
            </div>
            <CheckboxField id="supportsLending" label="Supports lending (we may send it requests)" checked={draft.supportsLending} onChange={set('supportsLending')} errors={err('supportsLending')} />
            <CheckboxField id="supportsBorrowing" label="Supports borrowing (it may send us requests)" checked={draft.supportsBorrowing} onChange={set('supportsBorrowing')} errors={err('supportsBorrowing')} />
          </fieldset>

          <fieldset className="form-group">
            <legend>Timing and costs</legend>
            <div className="form-columns">
              <NumberField id="averageSupplyDays" label="Average supply days" value={draft.averageSupplyDays} onChange={set('averageSupplyDays')} errors={err('averageSupplyDays')} />
              <SelectField
                id="requestExpiryKind"
                label="Request expiry"
                hint="When we stop waiting for an answer"
                value={draft.requestExpiryKind}
                onChange={(v) => set('requestExpiryKind')(v as PartnerDraft['requestExpiryKind'])}
                options={[
                  { value: 'none', label: 'Never' },
                  { value: 'days', label: 'After a number of days' },
                  { value: 'date', label: 'On a date' },
                ]}
                errors={err('requestExpiry')}
              />
              {draft.requestExpiryKind === 'days' && <NumberField id="requestExpiryDays" label="Expires after (days)" value={draft.requestExpiryDays} onChange={set('requestExpiryDays')} />}
              {draft.requestExpiryKind === 'date' && <TextField id="requestExpiryDate" label="Expires on" type="date" value={draft.requestExpiryDate} onChange={set('requestExpiryDate')} />}
              <NumberField id="deliveryDelayDays" label="Delivery delay (days)" value={draft.deliveryDelayDays} onChange={set('deliveryDelayDays')} errors={err('deliveryDelayDays')} />
              <TextField id="currency" label="Currency" hint="ISO 4217, e.g. USD" value={draft.currency} onChange={set('currency')} errors={err('currency')} />
              <NumberField id="resendOverdueIntervalDays" label="Resend overdue every (days)" value={draft.resendOverdueIntervalDays} onChange={set('resendOverdueIntervalDays')} errors={err('resendOverdueIntervalDays')} />
            </div>
            <CheckboxField id="sendRequesterInfo" label="Send requester info (our patron's details)" checked={draft.sendRequesterInfo} onChange={set('sendRequesterInfo')} errors={err('sendRequesterInfo')} />
            <CheckboxField id="sharedBarcodes" label="Shared barcodes" checked={draft.sharedBarcodes} onChange={set('sharedBarcodes')} errors={err('sharedBarcodes')} />
            <CheckboxField id="automaticReceive" label="Automatic receive (broker digital delivery completes the request)" checked={draft.automaticReceive} onChange={set('automaticReceive')} errors={err('automaticReceive')} />
            <CheckboxField id="ignoreLenderShippingCost" label="Ignore lender shipping cost" checked={draft.ignoreLenderShippingCost} onChange={set('ignoreLenderShippingCost')} errors={err('ignoreLenderShippingCost')} />
          </fieldset>

          <fieldset className="form-group">
            <legend>Workflow and locate</legend>
            <div className="form-columns">
              {(['borrowing', 'lending'] as const).map((kind) => {
                const key = kind === 'borrowing' ? 'borrowingWorkflowProfile' : 'lendingWorkflowProfile';
                const label = `${kind === 'borrowing' ? 'Borrowing' : 'Lending'} workflow profile`;
                const options = workflowOptions(kind);
                return options ? (
                  <SelectField key={key} id={key} label={label} value={draft[key]} onChange={set(key)} options={options} errors={err(key)} />
                ) : (
                  <TextField key={key} id={key} label={label} hint="Workflow profile code" value={draft[key]} onChange={set(key)} errors={err(key)} />
                );
              })}
              {locateOptions ? (
                <SelectField id="locateProfile" label="Locate profile" value={draft.locateProfile} onChange={set('locateProfile')} options={locateOptions} errors={err('locateProfile')} />
              ) : (
                <TextField id="locateProfile" label="Locate profile" value={draft.locateProfile} onChange={set('locateProfile')} errors={err('locateProfile')} />
              )}
              <TextField id="holdingsCode" label="Holdings code" value={draft.holdingsCode} onChange={set('holdingsCode')} errors={err('holdingsCode')} />
            </div>
          </fieldset>

          <RepeatableRows
            legend="Contacts"
            itemLabel="Contact"
            rows={draft.contacts}
            onChange={set('contacts')}
            newRow={() => ({ ...EMPTY_CONTACT })}
            errors={errors.byPath.contacts}
            render={(row, i, update) => (
              <div className="form-columns">
                <TextField id={`contacts-${i}-name`} label="Contact name" value={row.name} onChange={(v) => update({ ...row, name: v })} errors={err(`contacts.${i}.name`)} />
                <TextField id={`contacts-${i}-email`} label="Email" type="email" value={row.email} onChange={(v) => update({ ...row, email: v })} errors={err(`contacts.${i}.email`)} />
                <TextField id={`contacts-${i}-phone`} label="Phone" value={row.phone} onChange={(v) => update({ ...row, phone: v })} errors={err(`contacts.${i}.phone`)} />
                <TextField id={`contacts-${i}-role`} label="About" hint="lending, borrowing, billing …" value={row.role} onChange={(v) => update({ ...row, role: v })} errors={err(`contacts.${i}.role`)} />
              </div>
            )}
          />
          <PartnerCredentialsFields draft={credentials} stored={storedCredentials} onChange={setCredentials} errorsAt={err} errorsExactly={(path) => errors.byPath[path] ?? []} />
          <TextAreaField id="notes" label="Notes" value={draft.notes} onChange={set('notes')} errors={err('notes')} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {creating ? 'Create partner' : 'Save partner'}
            </button>
            <Link to="/staff/config/partners">Back to partners</Link>
          </div>
        </form>
      )}
    </ConfigPage>
  );
}
