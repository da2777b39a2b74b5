import { useState, type FormEvent } from 'react';
import { OPTIONAL_STEPS, configApi, type WorkflowProfile } from '../../api/config.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, FormStatus, SelectField, TextField } from '../../components/forms/fields.js';
import { errorsAt, NO_ERRORS, type FormErrors } from '../../components/forms/problems.js';
import { ConfigPage, errorsOf, LoadError, useLoad } from './shared.js';

const STEP_LABELS: Record<string, string> = {
  'expect-to-supply': 'Expect to supply',
  'will-supply': 'Will supply',
  conditional: 'Conditional answers',
  'manual-renew': 'Manual renewal',
  'automatic-renew': 'Automatic renewal',
  'lender-check-in': 'Lender check-in',
  'damaged-lost': 'Damaged / lost reports',
};

/** /staff/config/workflow-profiles: optional steps on or off, per profile. */
export function WorkflowProfiles() {
  const me = useMe();
  const profiles = useLoad(() => configApi.workflowProfiles(me.institution), [me.institution]);
  const [createKey, setCreateKey] = useState(0);
  const [notice, setNotice] = useState('');
  const changed = (message: string) => {
    setNotice(message);
    profiles.reload();
  };
  return (
    <ConfigPage id="workflow-profiles">
      <p>A partner with a workflow profile gets only the steps switched on; a step left on is offered as usual.</p>
      <p role="status" className="success">
        {notice}
      </p>
      <LoadError error={profiles.error} />
      {profiles.data?.map((profile) => <ProfileEditor key={profile.code} initial={profile} onChanged={changed} />)}
      {profiles.data && (
        <ProfileEditor
          key={`new-${createKey}`}
          onChanged={(message) => {
            setCreateKey((k) => k + 1);
            changed(message);
          }}
        />
      )}
    </ConfigPage>
  );
}

function ProfileEditor({ initial, onChanged }: { initial?: WorkflowProfile; onChanged: (message: string) => void }) {
  const me = useMe();
  const creating = initial === undefined;
  const prefix = `wf-${initial?.code ?? 'new'}`;
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<WorkflowProfile['kind']>(initial?.kind ?? 'borrowing');
  const [steps, setSteps] = useState<Record<string, boolean>>(Object.fromEntries(OPTIONAL_STEPS.map((s) => [s, initial?.steps[s] ?? true])));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const body: WorkflowProfile = { code: code.trim(), name: name.trim(), kind, steps };
    try {
      if (creating) await configApi.createWorkflowProfile(me.institution, body);
      else await configApi.updateWorkflowProfile(me.institution, body);
      onChanged(`Workflow profile ${body.code} saved.`);
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => ['code', 'name', 'kind', 'steps'].includes(path.split('.')[0] as string)));
    }
  };
  const remove = async () => {
    if (!initial) return;
    try {
      await configApi.deleteWorkflowProfile(me.institution, initial.code);
      onChanged(`Workflow profile ${initial.code} deleted.`);
    } catch (caught) {
      setErrors(errorsOf(caught));
    }
  };

  return (
    <section className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{creating ? 'New workflow profile' : `Workflow profile ${initial.name}`}</h2>
      <FormStatus errors={errors} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-columns">
          <TextField id={`${prefix}-code`} label="Code" value={code} onChange={setCode} disabled={!creating} errors={errorsAt(errors, 'code')} />
          <TextField id={`${prefix}-name`} label="Name" value={name} onChange={setName} errors={errorsAt(errors, 'name')} />
          <SelectField
            id={`${prefix}-kind`}
            label="Kind"
            value={kind}
            onChange={(v) => setKind(v as WorkflowProfile['kind'])}
            options={[
              { value: 'borrowing', label: 'Borrowing' },
              { value: 'lending', label: 'Lending' },
            ]}
            errors={errorsAt(errors, 'kind')}
          />
        </div>
        <fieldset className="form-group">
          <legend>Optional steps (checked: on)</legend>
          {OPTIONAL_STEPS.map((step) => (
            <CheckboxField key={step} id={`${prefix}-step-${step}`} label={STEP_LABELS[step] ?? step} checked={steps[step] ?? true} onChange={(on) => setSteps({ ...steps, [step]: on })} errors={errorsAt(errors, `steps.${step}`)} />
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit">{creating ? 'Create workflow profile' : 'Save workflow profile'}</button>
          {!creating && (
            <button type="button" className="secondary" onClick={() => void remove()}>
              Delete workflow profile
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
