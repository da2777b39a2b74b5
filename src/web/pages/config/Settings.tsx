import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { LOCATE_BY_FIELDS, configApi, type BorrowingSettings, type InactivePeriod, type LendingSettings, type TermsOfUse } from '../../api/config.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, CheckboxGroup, FormStatus, NumberField, TextAreaField, TextField } from '../../components/forms/fields.js';
import { errorsAt, NO_ERRORS, numberOrText, optionalText, splitList, type FormErrors } from '../../components/forms/problems.js';
import { ConfigPage, errorsOf, LoadError, useLoad } from './shared.js';

/** /staff/config/settings: borrowing settings, lending settings and lending terms of use, each saved on its own. */
export function LibrarySettings() {
  return (
    <ConfigPage id="settings">
      <BorrowingForm />
      <LendingForm />
      <TermsForm />
    </ConfigPage>
  );
}

/** One settings section: loaded, edited as a draft, saved with PUT; problems by field. */
function useSectionForm<T, D>(load: () => Promise<T>, save: (draft: D) => Promise<T>, toDraft: (value: T) => D) {
  const me = useMe();
  const loaded = useLoad(load, [me.institution]);
  const [draft, setDraft] = useState<D | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data !== undefined) setDraft(toDraft(loaded.data));
  }, [loaded.data]);
  const submit = async (event: FormEvent, what: string) => {
    event.preventDefault();
    if (draft === null) return;
    setErrors(NO_ERRORS);
    setSaved(null);
    try {
      setDraft(toDraft(await save(draft)));
      setSaved(`${what} saved.`);
    } catch (caught) {
      setErrors(errorsOf(caught, () => true));
    }
  };
  return { loadError: loaded.error, draft, setDraft, errors, saved, submit, err: (path: string) => errorsAt(errors, path) };
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

interface InactiveDraft {
  inactive: boolean;
  from: string;
  until: string;
}
const inactiveDraft = (period: InactivePeriod | null): InactiveDraft => ({ inactive: period !== null, from: period?.from ?? '', until: period?.until ?? '' });
const inactiveValue = (d: InactiveDraft): InactivePeriod | null => (d.inactive ? { from: d.from.trim(), ...(optionalText(d.until) ? { until: d.until.trim() } : {}) } : null);

function InactiveFields({ prefix, value, onChange, errors }: { prefix: string; value: InactiveDraft; onChange: (v: InactiveDraft) => void; errors: (path: string) => string[] }) {
  return (
    <>
      <CheckboxField id={`${prefix}-inactive`} label="Temporarily inactive" checked={value.inactive} onChange={(inactive) => onChange({ ...value, inactive })} errors={errors('temporarilyInactive').length && !value.inactive ? errors('temporarilyInactive') : []} />
      {value.inactive && (
        <div className="form-columns">
          <TextField id={`${prefix}-inactive-from`} label="Inactive from" type="date" value={value.from} onChange={(from) => onChange({ ...value, from })} errors={errors('temporarilyInactive.from')} />
          <TextField id={`${prefix}-inactive-until`} label="Inactive until (optional)" type="date" value={value.until} onChange={(until) => onChange({ ...value, until })} errors={errors('temporarilyInactive.until')} />
        </div>
      )}
    </>
  );
}

type BorrowingDraft = Omit<BorrowingSettings, 'temporarilyInactive' | 'holdShelfDays' | 'defaultLocation' | 'defaultPickupLocation' | 'noticeFromAddress'> & {
  temporarilyInactive: InactiveDraft;
  holdShelfDays: string;
  defaultLocation: string;
  defaultPickupLocation: string;
  noticeFromAddress: string;
};

function BorrowingForm() {
  const me = useMe();
  const form = useSectionForm<BorrowingSettings, BorrowingDraft>(
    () => configApi.borrowingSettings(me.institution),
    (d) =>
      configApi.saveBorrowingSettings(me.institution, {
        ...d,
        temporarilyInactive: inactiveValue(d.temporarilyInactive),
        holdShelfDays: numberOrText(d.holdShelfDays) as number,
        defaultLocation: optionalText(d.defaultLocation) ?? null,
        defaultPickupLocation: optionalText(d.defaultPickupLocation) ?? null,
        noticeFromAddress: optionalText(d.noticeFromAddress) ?? null,
      }),
    (s) => ({
      ...s,
      temporarilyInactive: inactiveDraft(s.temporarilyInactive),
      holdShelfDays: String(s.holdShelfDays),
      defaultLocation: s.defaultLocation ?? '',
      defaultPickupLocation: s.defaultPickupLocation ?? '',
      noticeFromAddress: s.noticeFromAddress ?? '',
    }),
  );
  const { draft, setDraft, err } = form;
  const set = <K extends keyof BorrowingDraft>(key: K) => (value: BorrowingDraft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  return (
    <Section id="borrowing" title="Borrowing settings">
      <LoadError error={form.loadError} />
      <FormStatus errors={form.errors} saved={form.saved} />
      {draft && (
        <form onSubmit={(e) => void form.submit(e, 'Borrowing settings')} noValidate>
          <CheckboxField id="b-cancelOnLocateFailure" label="Cancel when the rota runs out (instead of Locate failed)" checked={draft.cancelOnLocateFailure} onChange={set('cancelOnLocateFailure')} />
          <CheckboxField id="b-autoLocate" label="Locate automatically" checked={draft.autoLocate} onChange={set('autoLocate')} />
          <CheckboxField id="b-extendDueDate" label="Extend the due date on a renewal request" checked={draft.extendDueDateOnRenewalRequest} onChange={set('extendDueDateOnRenewalRequest')} />
          <CheckboxField id="b-patronNotices" label="Patron notices by email" checked={draft.patronNotices} onChange={set('patronNotices')} />
          <InactiveFields prefix="b" value={draft.temporarilyInactive} onChange={set('temporarilyInactive')} errors={err} />
          <div className="form-columns">
            <NumberField id="b-holdShelfDays" label="Hold shelf days" hint="1–90" value={draft.holdShelfDays} onChange={set('holdShelfDays')} errors={err('holdShelfDays')} />
            <TextField id="b-defaultLocation" label="Default location" value={draft.defaultLocation} onChange={set('defaultLocation')} errors={err('defaultLocation')} />
            <TextField id="b-defaultPickupLocation" label="Default pickup location" value={draft.defaultPickupLocation} onChange={set('defaultPickupLocation')} errors={err('defaultPickupLocation')} />
            <TextField id="b-noticeFromAddress" label="Notice From address" hint="Empty: the deployment's" type="email" value={draft.noticeFromAddress} onChange={set('noticeFromAddress')} errors={err('noticeFromAddress')} />
          </div>
          <button type="submit">Save borrowing settings</button>
        </form>
      )}
    </Section>
  );
}

type LendingDraft = Omit<LendingSettings, 'temporarilyInactive' | 'defaultLocation'> & { temporarilyInactive: InactiveDraft; defaultLocation: string };

function LendingForm() {
  const me = useMe();
  const form = useSectionForm<LendingSettings, LendingDraft>(
    () => configApi.lendingSettings(me.institution),
    (d) => configApi.saveLendingSettings(me.institution, { ...d, temporarilyInactive: inactiveValue(d.temporarilyInactive), defaultLocation: optionalText(d.defaultLocation) ?? null }),
    (s) => ({ ...s, temporarilyInactive: inactiveDraft(s.temporarilyInactive), defaultLocation: s.defaultLocation ?? '' }),
  );
  const { draft, setDraft, err } = form;
  const set = <K extends keyof LendingDraft>(key: K) => (value: LendingDraft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const reject = (key: keyof LendingSettings['rejectWhen']) => (on: boolean) => setDraft((d) => (d ? { ...d, rejectWhen: { ...d.rejectWhen, [key]: on } } : d));
  return (
    <Section id="lending" title="Lending settings">
      <LoadError error={form.loadError} />
      <FormStatus errors={form.errors} saved={form.saved} />
      {draft && (
        <form onSubmit={(e) => void form.submit(e, 'Lending settings')} noValidate>
          <CheckboxField id="l-autoLocate" label="Locate automatically" checked={draft.autoLocate} onChange={set('autoLocate')} />
          <fieldset className="form-group">
            <legend>Reject on its own when</legend>
            <CheckboxField id="l-reject-locateFails" label="Locate fails" checked={draft.rejectWhen.locateFails} onChange={reject('locateFails')} />
            <CheckboxField id="l-reject-noAvailable" label="No available items" checked={draft.rejectWhen.noAvailableItems} onChange={reject('noAvailableItems')} />
            <CheckboxField id="l-reject-noRequestable" label="No requestable items" checked={draft.rejectWhen.noRequestableItems} onChange={reject('noRequestableItems')} />
            <CheckboxField id="l-reject-onlyElectronic" label="Only electronic holdings" checked={draft.rejectWhen.onlyElectronic} onChange={reject('onlyElectronic')} />
          </fieldset>
          <CheckboxField id="l-ignoreElectronic" label="Ignore electronic holdings" checked={draft.ignoreElectronic} onChange={set('ignoreElectronic')} />
          <CheckboxField id="l-createLocalMove" label="Create a local move request automatically" checked={draft.createLocalMoveAutomatically} onChange={set('createLocalMoveAutomatically')} />
          <InactiveFields prefix="l" value={draft.temporarilyInactive} onChange={set('temporarilyInactive')} errors={err} />
          <TextField id="l-defaultLocation" label="Default location" value={draft.defaultLocation} onChange={set('defaultLocation')} errors={err('defaultLocation')} />
          <CheckboxGroup
            id="l-locateBy"
            legend="Locate by"
            options={LOCATE_BY_FIELDS.map((f) => ({ value: f, label: f }))}
            value={draft.locateBy}
            onChange={(fields) => set('locateBy')(LOCATE_BY_FIELDS.filter((f) => fields.includes(f)))}
            errors={err('locateBy')}
          />
          <button type="submit">Save lending settings</button>
        </form>
      )}
    </Section>
  );
}

interface TermsDraft {
  requestableLocations: string;
  requestableItemPolicies: string;
  loanPeriodDays: string;
}

function TermsForm() {
  const me = useMe();
  const form = useSectionForm<TermsOfUse, TermsDraft>(
    () => configApi.termsOfUse(me.institution),
    (d) =>
      configApi.saveTermsOfUse(me.institution, {
        requestableLocations: splitList(d.requestableLocations),
        requestableItemPolicies: splitList(d.requestableItemPolicies),
        loanPeriodDays: (numberOrText(d.loanPeriodDays) ?? null) as number | null,
      }),
    (t) => ({ requestableLocations: t.requestableLocations.join(', '), requestableItemPolicies: t.requestableItemPolicies.join(', '), loanPeriodDays: t.loanPeriodDays === null ? '' : String(t.loanPeriodDays) }),
  );
  const { draft, setDraft, err } = form;
  const set = (key: keyof TermsDraft) => (value: string) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  return (
    <Section id="terms" title="Lending terms of use">
      <LoadError error={form.loadError} />
      <FormStatus errors={form.errors} saved={form.saved} />
      {draft && (
        <form onSubmit={(e) => void form.submit(e, 'Terms of use')} noValidate>
          <TextAreaField id="t-locations" label="Requestable locations" hint="Comma-separated; empty: all" value={draft.requestableLocations} onChange={set('requestableLocations')} errors={err('requestableLocations')} />
          <TextAreaField id="t-policies" label="Requestable item policies" hint="Comma-separated; empty: all" value={draft.requestableItemPolicies} onChange={set('requestableItemPolicies')} errors={err('requestableItemPolicies')} />
          <NumberField id="t-loanPeriodDays" label="Loan period (days)" hint="Used when staff ship without a due date" value={draft.loanPeriodDays} onChange={set('loanPeriodDays')} errors={err('loanPeriodDays')} />
          <button type="submit">Save terms of use</button>
        </form>
      )}
    </Section>
  );
}
