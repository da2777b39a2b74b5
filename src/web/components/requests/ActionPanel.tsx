import { useId, useState, type FormEvent } from 'react';
import { requestsApi, type Kind, type RequestView } from '../../api/requests.js';
import { actionFields, actionLabel, buildActionBody, REASONS_UNFILLED, type ActionBody, type FormValues } from '../../text/actionForms.js';
import { isGatewayProblem, problemText } from './ProblemMessage.js';

interface Props {
  symbol: string;
  kind: Kind;
  view: RequestView;
  onDone: (view: RequestView, message: string) => void;
  /** Only these actions (e.g. the rota tab's cancel-partner); default every allowed action. */
  only?: string[];
  heading?: string;
}

/** One button per allowed action; each opens the form its action needs, sent with the request's version. */
export function ActionPanel({ symbol, kind, view, onDone, only, heading = 'Actions' }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const actions = view.allowedActions.filter((a) => !only || only.includes(a));
  const headingId = useId();
  return (
    <section className="action-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {actions.length === 0 ? (
        <p>No action is possible now.</p>
      ) : (
        <div className="action-buttons">
          {actions.map((action) => (
            <button key={action} type="button" className={open === action ? '' : 'secondary'} aria-expanded={open === action} onClick={() => setOpen(open === action ? null : action)}>
              {actionLabel(action)}
            </button>
          ))}
        </div>
      )}
      {open && actions.includes(open) && (
        <ActionForm
          key={open}
          symbol={symbol}
          kind={kind}
          view={view}
          action={open}
          onCancel={() => setOpen(null)}
          onDone={(next, message) => {
            setOpen(null);
            onDone(next, message);
          }}
        />
      )}
    </section>
  );
}

function ActionForm({ symbol, kind, view, action, onCancel, onDone }: { symbol: string; kind: Kind; view: RequestView; action: string; onCancel: () => void; onDone: (view: RequestView, message: string) => void }) {
  const [values, setValues] = useState<FormValues>({});
  const [error, setError] = useState<string | null>(null);
  const [gateway, setGateway] = useState<ActionBody | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const fields = actionFields(action);
  const label = actionLabel(action);

  const send = async (body: ActionBody) => {
    setBusy(true);
    setError(null);
    setGateway(null);
    try {
      const next = await requestsApi.act(symbol, kind, view.id, action, body);
      onDone(next, `Done: ${label}. Status now ${next.statusLabel}.`);
    } catch (caught) {
      setError(problemText(caught));
      if (isGatewayProblem(caught)) setGateway(body);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildActionBody(action, values, view.version);
    if (!built.ok) {
      setError(built.error);
      return;
    }
    void send(built.body);
  };
  const set = (name: keyof FormValues, value: string) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <form className="action-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{label}</h3>
      {fields.map((field) => {
        const fieldId = `${id}-${field.name}`;
        const hintId = field.hint ? `${fieldId}-hint` : undefined;
        if (field.name === 'approve') {
          return (
            <fieldset key={field.name} className="approve">
              <legend>{field.label}</legend>
              {(['yes', 'no'] as const).map((answer) => (
                <label key={answer} className="inline">
                  <input type="radio" name={fieldId} value={answer} checked={values.approve === answer} onChange={() => set('approve', answer)} /> {answer === 'yes' ? 'Yes' : 'No'}
                </label>
              ))}
            </fieldset>
          );
        }
        return (
          <div key={field.name}>
            <label htmlFor={fieldId}>{field.label}</label>
            {field.name === 'reason' ? (
              <select id={fieldId} value={values.reason ?? ''} onChange={(e) => set('reason', e.target.value)} required>
                <option value="">Choose a reason…</option>
                {REASONS_UNFILLED.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label} ({r.value})
                  </option>
                ))}
              </select>
            ) : field.name === 'note' ? (
              <textarea id={fieldId} rows={3} value={values.note ?? ''} onChange={(e) => set('note', e.target.value)} required={field.required} />
            ) : (
              <input
                id={fieldId}
                type={field.name === 'dueDate' || field.name === 'replyBy' ? 'date' : field.name === 'url' ? 'url' : 'text'}
                value={values[field.name] ?? ''}
                onChange={(e) => set(field.name, e.target.value)}
                aria-describedby={hintId}
                required={field.required}
              />
            )}
            {field.hint && (
              <p className="hint" id={hintId}>
                {field.hint}
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <div role="alert" className="error">
          <p>{error}</p>
          {gateway && (
            <button type="button" disabled={busy} onClick={() => void send({ ...gateway, override: true })}>
              Go ahead anyway
            </button>
          )}
        </div>
      )}
      <div className="form-buttons">
        <button type="submit" disabled={busy}>
          {busy ? 'Working…' : `Confirm: ${label}`}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Close form
        </button>
      </div>
    </form>
  );
}
