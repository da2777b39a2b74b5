import { useState, type FormEvent } from 'react';
import { configApi, type Partner, type RotaTemplate } from '../../api/config.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, FormStatus, SelectField, TextField } from '../../components/forms/fields.js';
import { OrderList } from '../../components/forms/OrderList.js';
import { errorsAt, NO_ERRORS, type FormErrors } from '../../components/forms/problems.js';
import { ConfigPage, errorsOf, LoadError, useLoad } from './shared.js';

/** /staff/config/rota-templates: each template's partners in order, rearranged by drag or by keyboard. */
export function RotaTemplates() {
  const me = useMe();
  const templates = useLoad(() => configApi.rotaTemplates(me.institution), [me.institution]);
  const partners = useLoad(() => configApi.partners(me.institution), [me.institution]);
  const [createKey, setCreateKey] = useState(0);
  const [notice, setNotice] = useState('');
  return (
    <ConfigPage id="rota-templates">
      <p role="status" className="success">
        {notice}
      </p>
      <p>A rota asks the partners of a template in this order (unless the template is unordered). A partner belongs to one template only.</p>
      <LoadError error={templates.error ?? partners.error} />
      {templates.data && partners.data && (
        <>
          {templates.data.map((template) => (
            <TemplateEditor
              key={template.code}
              initial={template}
              partners={partners.data ?? []}
              onChanged={(message) => {
                setNotice(message);
                templates.reload();
              }}
            />
          ))}
          <TemplateEditor
            key={`new-${createKey}`}
            partners={partners.data}
            onChanged={(message) => {
              setCreateKey((k) => k + 1);
              setNotice(message);
              templates.reload();
            }}
          />
        </>
      )}
    </ConfigPage>
  );
}

function TemplateEditor({ initial, partners, onChanged }: { initial?: RotaTemplate; partners: Partner[]; onChanged: (message: string) => void }) {
  const me = useMe();
  const creating = initial === undefined;
  const prefix = `tpl-${initial?.code ?? 'new'}`;
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [ordered, setOrdered] = useState(initial?.ordered ?? true);
  const [members, setMembers] = useState<string[]>(initial?.partners ?? []);
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const nameOf = (partnerCode: string) => {
    const partner = partners.find((p) => p.code === partnerCode);
    return partner ? `${partner.name} (${partner.code})` : partnerCode;
  };
  const available = partners.filter((p) => !members.includes(p.code));
  const heading = creating ? 'New rota template' : `Rota template ${initial.name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(null);
    const body: RotaTemplate = { code: code.trim(), name: name.trim() || code.trim(), ordered, partners: members };
    try {
      if (creating) await configApi.createRotaTemplate(me.institution, body);
      else await configApi.updateRotaTemplate(me.institution, body);
      setSaved(`Rota template ${body.code} saved.`);
      onChanged(`Rota template ${body.code} ${creating ? 'created' : 'saved'}.`);
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => ['code', 'name', 'ordered', 'partners'].includes(path.split('.')[0] as string)));
    }
  };

  const remove = async () => {
    if (!initial) return;
    try {
      await configApi.deleteRotaTemplate(me.institution, initial.code);
      onChanged(`Rota template ${initial.code} deleted.`);
    } catch (caught) {
      setErrors(errorsOf(caught));
    }
  };

  return (
    <section className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{heading}</h2>
      <FormStatus errors={errors} saved={saved} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-columns">
          <TextField id={`${prefix}-code`} label="Code" value={code} onChange={setCode} disabled={!creating} errors={errorsAt(errors, 'code')} />
          <TextField id={`${prefix}-name`} label="Name" hint="Defaults to the code" value={name} onChange={setName} errors={errorsAt(errors, 'name')} />
        </div>
        <CheckboxField id={`${prefix}-ordered`} label="Ordered (ask partners in this order)" checked={ordered} onChange={setOrdered} />
        <h3 id={`${prefix}-partners-heading`}>Partners in order</h3>
        {members.length === 0 && <p>No partners yet.</p>}
        <OrderList id={`${prefix}-order`} label={`Partners of ${creating ? 'the new template' : initial.code}, in order`} items={members} describe={nameOf} onChange={setMembers} onRemove={(item) => setMembers(members.filter((m) => m !== item))} />
        {errorsAt(errors, 'partners').length > 0 && <p className="field-error">⚠ {errorsAt(errors, 'partners').join('; ')}</p>}
        <div className="toolbar">
          <SelectField
            id={`${prefix}-add`}
            label="Partner to add"
            value={adding}
            onChange={setAdding}
            options={[{ value: '', label: 'Choose a partner' }, ...available.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))]}
          />
          <button
            type="button"
            className="secondary"
            disabled={adding === ''}
            onClick={() => {
              setMembers([...members, adding]);
              setAdding('');
            }}
          >
            Add to template
          </button>
        </div>
        <div className="actions">
          <button type="submit">{creating ? 'Create rota template' : 'Save rota template'}</button>
          {!creating && (
            <button type="button" className="secondary" onClick={() => void remove()}>
              Delete rota template
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
