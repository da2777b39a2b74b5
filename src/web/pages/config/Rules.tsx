import { useState, type FormEvent } from 'react';
import { SENDING_DECISIONS, configApi, type DryRunResult, type Rule, type RuleKind } from '../../api/config.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, FormStatus, RepeatableRows, SelectField, TextField, type Option } from '../../components/forms/fields.js';
import { OrderList } from '../../components/forms/OrderList.js';
import { errorsAt, NO_ERRORS, optionalText, type FormErrors } from '../../components/forms/problems.js';
import { changeField, conditionToDraft, describeCondition, draftToCondition, newCondition, OPERATOR_LABELS, operatorsFor, RULE_FIELDS, takesValue, type ConditionDraft } from './conditions.js';
import { ConfigPage, errorsOf, LoadError, messageOf, useLoad } from './shared.js';

const SENDING_LABELS: Record<string, string> = { 'send-automatically': 'Send automatically', 'wait-for-staff': 'Wait for staff (Pending approval)' };

/** /staff/config/rota-rules: which template each request gets, in evaluation order, and the dry run. */
export function RotaRules() {
  return <RulesPage kind="rota-rules" />;
}

/** /staff/config/sending-rules: send at once or wait for staff, and the dry run. */
export function SendingRules() {
  return <RulesPage kind="sending-rules" />;
}

function RulesPage({ kind }: { kind: RuleKind }) {
  const me = useMe();
  const rules = useLoad(() => configApi.rules(me.institution, kind), [me.institution, kind]);
  const templates = useLoad(() => (kind === 'rota-rules' ? configApi.rotaTemplates(me.institution) : Promise.resolve([])), [me.institution, kind]);
  const [createKey, setCreateKey] = useState(0);
  const [notice, setNotice] = useState('');
  const changed = (message: string) => {
    setNotice(message);
    rules.reload();
  };
  const outcomes: Option[] =
    kind === 'rota-rules' ? (templates.data ?? []).map((t) => ({ value: t.code, label: `${t.name} (${t.code})` })) : SENDING_DECISIONS.map((d) => ({ value: d, label: SENDING_LABELS[d] ?? d }));
  return (
    <ConfigPage id={kind}>
      <p>
        {kind === 'rota-rules'
          ? 'Rules are tried in order; each one whose conditions all hold appends its template to the rota.'
          : 'Rules are tried in order; the first whose conditions all hold decides whether a new request is sent or waits for staff.'}
      </p>
      <p role="status" className="success">
        {notice}
      </p>
      <LoadError error={rules.error ?? templates.error} />
      {rules.data && templates.data && (
        <>
          {rules.data.length > 1 && <RuleOrder kind={kind} rules={rules.data} onSaved={changed} />}
          {rules.data.map((rule) => (
            <RuleEditor key={rule.code} kind={kind} initial={rule} outcomes={outcomes} onChanged={changed} />
          ))}
          <RuleEditor
            key={`new-${createKey}`}
            kind={kind}
            outcomes={outcomes}
            onChanged={(message) => {
              setCreateKey((k) => k + 1);
              changed(message);
            }}
          />
        </>
      )}
      <DryRun />
    </ConfigPage>
  );
}

function RuleOrder({ kind, rules, onSaved }: { kind: RuleKind; rules: Rule[]; onSaved: (message: string) => void }) {
  const me = useMe();
  const [order, setOrder] = useState(rules.map((r) => r.code));
  const [error, setError] = useState<string | null>(null);
  const nameOf = (code: string) => rules.find((r) => r.code === code)?.name ?? code;
  const save = async () => {
    setError(null);
    try {
      await configApi.reorderRules(me.institution, kind, order);
      onSaved('Rule order saved.');
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <section className="card" aria-labelledby={`${kind}-order-heading`}>
      <h2 id={`${kind}-order-heading`}>Evaluation order</h2>
      <OrderList id={`${kind}-order`} label="Rules in evaluation order" items={order} describe={nameOf} onChange={setOrder} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" onClick={() => void save()}>
        Save order
      </button>
    </section>
  );
}

function RuleEditor({ kind, initial, outcomes, onChanged }: { kind: RuleKind; initial?: Rule; outcomes: Option[]; onChanged: (message: string) => void }) {
  const me = useMe();
  const creating = initial === undefined;
  const prefix = `${kind}-${initial?.code ?? 'new'}`;
  const outcomeKey = kind === 'rota-rules' ? 'template' : 'sending';
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [outcome, setOutcome] = useState(initial?.[outcomeKey] ?? '');
  const [conditions, setConditions] = useState<ConditionDraft[]>(initial?.conditions.map(conditionToDraft) ?? []);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const what = kind === 'rota-rules' ? 'rota assignment rule' : 'sending rule';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const body = { code: code.trim(), name: optionalText(name) ?? code.trim(), enabled, conditions: conditions.map(draftToCondition), [outcomeKey]: outcome };
    try {
      if (creating) await configApi.createRule(me.institution, kind, body);
      else await configApi.updateRule(me.institution, kind, body);
      onChanged(`The ${what} ${body.code} ${creating ? 'was created' : 'was saved'}.`);
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => ['code', 'name', 'enabled', 'conditions', outcomeKey].includes(path.split('.')[0] as string)));
    }
  };

  const remove = async () => {
    if (!initial) return;
    try {
      await configApi.deleteRule(me.institution, kind, initial.code);
      onChanged(`The ${what} ${initial.code} was deleted.`);
    } catch (caught) {
      setErrors(errorsOf(caught));
    }
  };

  return (
    <section className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{creating ? `New ${what}` : `Rule ${initial.position + 1}: ${initial.name}`}</h2>
      {initial && (
        <p>
          {initial.conditions.length === 0 ? 'Matches every request' : `When ${initial.conditions.map(describeCondition).join(' and ')}`} →{' '}
          {kind === 'rota-rules' ? `template ${initial.template ?? ''}` : (SENDING_LABELS[initial.sending ?? ''] ?? '')}
          {initial.enabled ? '' : ' (disabled)'}
        </p>
      )}
      <FormStatus errors={errors} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-columns">
          <TextField id={`${prefix}-code`} label="Rule code" value={code} onChange={setCode} disabled={!creating} errors={errorsAt(errors, 'code')} />
          <TextField id={`${prefix}-name`} label="Rule name" hint="Defaults to the code" value={name} onChange={setName} errors={errorsAt(errors, 'name')} />
          <SelectField
            id={`${prefix}-outcome`}
            label={kind === 'rota-rules' ? 'Rota template' : 'Sending'}
            value={outcome}
            onChange={setOutcome}
            options={[{ value: '', label: kind === 'rota-rules' ? 'Choose a template' : 'Choose' }, ...outcomes]}
            errors={errorsAt(errors, outcomeKey)}
          />
        </div>
        <CheckboxField id={`${prefix}-enabled`} label="Enabled" checked={enabled} onChange={setEnabled} />
        <ConditionBuilder prefix={prefix} conditions={conditions} onChange={setConditions} errors={errors} />
        <div className="actions">
          <button type="submit">{creating ? 'Create rule' : 'Save rule'}</button>
          {!creating && (
            <button type="button" className="secondary" onClick={() => void remove()}>
              Delete rule
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Field / operator / value rows from the rule engine's field table; all must hold. */
export function ConditionBuilder({ prefix, conditions, onChange, errors }: { prefix: string; conditions: ConditionDraft[]; onChange: (rows: ConditionDraft[]) => void; errors: FormErrors }) {
  return (
    <RepeatableRows
      legend="Conditions (all must hold; none: every request)"
      itemLabel="Condition"
      rows={conditions}
      onChange={onChange}
      newRow={() => newCondition()}
      errors={errors.byPath.conditions}
      render={(row, i, update) => {
        const definition = RULE_FIELDS[row.field];
        const choiceSelect = definition?.values && (row.operator === 'equals' || row.operator === 'not');
        const id = `${prefix}-cond-${i}`;
        const at = (part: string) => errorsAt(errors, `conditions.${i}.${part}`);
        return (
          <div className="condition-row">
            <SelectField
              id={`${id}-field`}
              label="Field"
              value={row.field}
              onChange={(field) => update(changeField(row, field))}
              options={Object.entries(RULE_FIELDS).map(([value, d]) => ({ value, label: d.label }))}
              errors={at('field')}
            />
            <SelectField
              id={`${id}-operator`}
              label="Operator"
              value={row.operator}
              onChange={(operator) => update({ ...row, operator, value: takesValue(operator) ? row.value : '' })}
              options={operatorsFor(row.field).map((o) => ({ value: o, label: OPERATOR_LABELS[o] ?? o }))}
              errors={at('operator')}
            />
            {takesValue(row.operator) &&
              (choiceSelect ? (
                <SelectField id={`${id}-value`} label="Value" value={row.value} onChange={(value) => update({ ...row, value })} options={(definition.values ?? []).map((v) => ({ value: v, label: v }))} errors={at('value')} />
              ) : (
                <TextField
                  id={`${id}-value`}
                  label="Value"
                  hint={
                    row.operator === 'in'
                      ? `Comma-separated${definition?.values ? `: ${definition.values.join(', ')}` : ''}`
                      : definition?.kind === 'date'
                        ? 'YYYY-MM-DD, or days from today (7)'
                        : undefined
                  }
                  value={row.value}
                  onChange={(value) => update({ ...row, value })}
                  errors={at('value')}
                />
              ))}
          </div>
        );
      }}
    />
  );
}

interface SampleDraft {
  title: string;
  author: string;
  articleTitle: string;
  isbn: string;
  issn: string;
  doi: string;
  format: string;
  serviceType: string;
  pickupLocation: string;
  patronGroup: string;
  neededBefore: string;
}

const EMPTY_SAMPLE: SampleDraft = { title: '', author: '', articleTitle: '', isbn: '', issn: '', doi: '', format: 'physical', serviceType: 'loan', pickupLocation: '', patronGroup: '', neededBefore: '' };

/** A sample request's fields → the rules that match and the rota (and sending decision) they give. */
function DryRun() {
  const me = useMe();
  const [sample, setSample] = useState<SampleDraft>(EMPTY_SAMPLE);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const set = (key: keyof SampleDraft) => (value: string) => setSample((s) => ({ ...s, [key]: value }));
  const err = (path: string) => (errors ? errorsAt(errors, path) : []);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    setResult(null);
    const citation = Object.fromEntries(
      (['title', 'author', 'articleTitle', 'isbn', 'issn', 'doi'] as const).map((k) => [k, optionalText(sample[k])]).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const optional = (key: 'pickupLocation' | 'patronGroup' | 'neededBefore') => (optionalText(sample[key]) ? { [key]: optionalText(sample[key]) } : {});
    try {
      setResult(
        await configApi.dryRun(me.institution, {
          citation,
          format: sample.format,
          serviceType: sample.serviceType,
          ...optional('pickupLocation'),
          ...optional('patronGroup'),
          ...optional('neededBefore'),
        }),
      );
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => path.startsWith('citation.') || ['format', 'serviceType', 'pickupLocation', 'patronGroup', 'neededBefore'].includes(path)));
    }
  };

  return (
    <section className="card" aria-labelledby="dry-run-heading">
      <h2 id="dry-run-heading">Dry run</h2>
      <p>Describe a request: see which rules match and the rota it would get. Nothing is created.</p>
      <FormStatus errors={errors} />
      <form onSubmit={(e) => void run(e)} noValidate>
        <div className="form-columns">
          <TextField id="dry-title" label="Sample title" value={sample.title} onChange={set('title')} errors={err('citation.title')} />
          <TextField id="dry-author" label="Sample author" value={sample.author} onChange={set('author')} errors={err('citation.author')} />
          <TextField id="dry-articleTitle" label="Sample article title" hint="Makes it an article" value={sample.articleTitle} onChange={set('articleTitle')} errors={err('citation.articleTitle')} />
          <TextField id="dry-isbn" label="Sample ISBN" value={sample.isbn} onChange={set('isbn')} errors={err('citation.isbn')} />
          <TextField id="dry-issn" label="Sample ISSN" value={sample.issn} onChange={set('issn')} errors={err('citation.issn')} />
          <TextField id="dry-doi" label="Sample DOI" value={sample.doi} onChange={set('doi')} errors={err('citation.doi')} />
          <SelectField id="dry-format" label="Sample format" value={sample.format} onChange={set('format')} options={['physical', 'digital'].map((v) => ({ value: v, label: v }))} />
          <SelectField id="dry-serviceType" label="Sample service type" value={sample.serviceType} onChange={set('serviceType')} options={['loan', 'copy'].map((v) => ({ value: v, label: v }))} />
          <TextField id="dry-pickupLocation" label="Sample pickup location" value={sample.pickupLocation} onChange={set('pickupLocation')} errors={err('pickupLocation')} />
          <TextField id="dry-patronGroup" label="Sample patron group" value={sample.patronGroup} onChange={set('patronGroup')} errors={err('patronGroup')} />
          <TextField id="dry-neededBefore" label="Sample needed before" type="date" value={sample.neededBefore} onChange={set('neededBefore')} errors={err('neededBefore')} />
        </div>
        <button type="submit">Run dry run</button>
      </form>
      <div role="status" aria-live="polite">
        {result && (
          <div className="dry-run-result">
            <h3>Result</h3>
            {result.rota.length === 0 ? (
              <p>No rota: no rule gives this request a partner.</p>
            ) : (
              <>
                <p>The rota would ask, in order:</p>
                <ol aria-label="Dry-run rota">
                  {result.rota.map((partner) => (
                    <li key={partner}>{partner}</li>
                  ))}
                </ol>
              </>
            )}
            <p>Matched rules: {result.matchedRules.length === 0 ? 'none' : result.matchedRules.map((r) => `${r.name} (${r.code} → ${r.template})`).join(', ')}</p>
            {result.skipped.length > 0 && <p>Skipped (inactive): {result.skipped.map((s) => s.partner).join(', ')}</p>}
            <p>
              Sending: {SENDING_LABELS[result.sending] ?? result.sending}
              {result.sendingRule ? ` (rule ${result.sendingRule.code})` : ' (no sending rule matched)'}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
