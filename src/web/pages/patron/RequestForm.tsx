import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/client.js';
import { createMyRequest, pickupLocations, type PatronRequestDetail, type PickupLocations } from '../../api/patron.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import type { RequestDraft, RequestType } from '../../openurl/mapOpenUrl.js';
import { emptyDraft, FIELD_LIMITS } from '../../openurl/mapOpenUrl.js';
import { patronStatus } from './patronStatus.js';
import { isCopy, problemsByField, toRequestBody, type FieldId } from './requestBody.js';
import './patron.css';

type CitationField = Exclude<keyof RequestDraft, 'type' | 'referrer' | 'oclcNumber' | 'lccn'>;

interface FieldSpec {
  id: CitationField;
  label: string;
  required?: boolean;
  hint?: string;
  inputMode?: 'numeric' | 'text';
}

const TYPES: { value: RequestType; label: string; hint: string }[] = [
  { value: 'book', label: 'A book', hint: 'lent to you, to pick up at the library' },
  { value: 'article', label: 'A journal article', hint: 'a copy for you' },
  { value: 'chapter', label: 'A book chapter', hint: 'a copy for you' },
];

const FIELDS: Record<RequestType, FieldSpec[]> = {
  book: [
    { id: 'title', label: 'Title', required: true },
    { id: 'author', label: 'Author(s)' },
    { id: 'publisher', label: 'Publisher' },
    { id: 'placeOfPublication', label: 'Place of publication' },
    { id: 'edition', label: 'Edition' },
    { id: 'publicationDate', label: 'Year' },
    { id: 'isbn', label: 'ISBN' },
    { id: 'doi', label: 'DOI' },
  ],
  article: [
    { id: 'partTitle', label: 'Article title', required: true },
    { id: 'title', label: 'Journal title', required: true },
    { id: 'author', label: 'Author(s)' },
    { id: 'volume', label: 'Volume' },
    { id: 'issue', label: 'Issue' },
    { id: 'pages', label: 'Pages', hint: 'e.g. 737-738' },
    { id: 'publicationDate', label: 'Year' },
    { id: 'issn', label: 'ISSN' },
    { id: 'doi', label: 'DOI', hint: 'e.g. 10.1038/171737a0' },
    { id: 'pmid', label: 'PubMed ID (PMID)', inputMode: 'numeric' },
  ],
  chapter: [
    { id: 'partTitle', label: 'Chapter title', required: true },
    { id: 'title', label: 'Book title', required: true },
    { id: 'author', label: 'Author(s) of the chapter' },
    { id: 'pages', label: 'Pages', hint: 'e.g. 10-30' },
    { id: 'publisher', label: 'Publisher' },
    { id: 'publicationDate', label: 'Year' },
    { id: 'isbn', label: 'ISBN' },
    { id: 'doi', label: 'DOI' },
  ],
};

/** The patron's request form: empty at "New request", prefilled from an OpenURL link at /openurl. */
export function RequestForm({ initial, fromLink }: { initial: RequestDraft; fromLink: boolean }) {
  const me = useMe();
  const [draft, setDraft] = useState<RequestDraft>(initial);
  const [pickup, setPickup] = useState<PickupLocations | null>(null);
  const [pickupLocation, setPickupLocation] = useState('');
  const [neededBefore, setNeededBefore] = useState('');
  const [notes, setNotes] = useState('');
  const [copyrightDeclaration, setCopyrightDeclaration] = useState(false);
  const [problems, setProblems] = useState<{ fields: Partial<Record<FieldId, string>>; other: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<PatronRequestDetail | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    pickupLocations(me.institution)
      .then((answer) => {
        if (!live) return;
        setPickup(answer);
        setPickupLocation((current) => current || answer.defaultLocation || '');
      })
      .catch(() => live && setPickup({ locations: [], defaultLocation: null }));
    return () => {
      live = false;
    };
  }, [me.institution]);

  useEffect(() => {
    if (problems) summaryRef.current?.focus();
  }, [problems]);
  useEffect(() => {
    if (created) doneRef.current?.focus();
  }, [created]);

  const set = (field: CitationField, value: string) => setDraft((d) => ({ ...d, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = toRequestBody({ draft, pickupLocation, neededBefore, notes, copyrightDeclaration });
      setCreated(await createMyRequest(me.institution, body));
      setProblems(null);
    } catch (caught) {
      if (caught instanceof ApiProblem) {
        const errors = Array.isArray(caught.problem.errors) ? (caught.problem.errors as { path: string; message: string }[]) : [];
        const found = problemsByField(errors);
        setProblems(errors.length > 0 ? found : { fields: {}, other: [caught.problem.detail ?? caught.problem.title] });
      } else {
        setProblems({ fields: {}, other: ['The library could not be reached. Please try again.'] });
      }
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const words = patronStatus({ status: created.status, pickupLocation: created.pickupLocation, dueDate: created.dueDate });
    return (
      <section className="patron-page" aria-labelledby="done-heading">
        <h1 id="done-heading" ref={doneRef} tabIndex={-1}>
          Request received
        </h1>
        <p role="status" className="patron-confirmation">
          Your request number is <strong>{created.number}</strong>.
        </p>
        <p>
          <span className="patron-cite">{created.title}</span> — {words.text}.
        </p>
        <p className="patron-actions">
          <Link to="/patron" className="patron-button">
            See my requests
          </Link>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setCreated(null);
              setDraft(emptyDraft());
              setNotes('');
              setNeededBefore('');
              setCopyrightDeclaration(false);
            }}
          >
            Ask for something else
          </button>
        </p>
      </section>
    );
  }

  const fieldError = (id: FieldId) => problems?.fields[id];
  const described = (id: FieldId, hint?: string) => [hint ? `${id}-hint` : '', fieldError(id) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const copy = isCopy(draft.type);

  return (
    <section className="patron-page">
      <h1>{fromLink ? 'Request this item' : 'New request'}</h1>
      {fromLink ? (
        <p>We filled in the form from the link you followed{draft.referrer ? ` (${draft.referrer})` : ''}. Please check it and send it.</p>
      ) : (
        <p>Tell us what you need: we will get it from another library.</p>
      )}
      {problems && (
        <div className="patron-problems" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>Your request was not sent. Please check the form.</p>
          {problems.other.length > 0 && (
            <ul>
              {problems.other.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form className="patron-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>What do you need?</legend>
          <div className="patron-radios">
            {TYPES.map((type) => (
              <div key={type.value} className="patron-radio">
                <input
                  type="radio"
                  id={`type-${type.value}`}
                  name="type"
                  value={type.value}
                  checked={draft.type === type.value}
                  onChange={() => setDraft((d) => ({ ...d, type: type.value }))}
                />
                <label htmlFor={`type-${type.value}`}>
                  {type.label} <span className="patron-hint">({type.hint})</span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>About it</legend>
          {FIELDS[draft.type].map((field) => (
            <div className="patron-field" key={field.id}>
              <label htmlFor={field.id}>
                {field.label}
                {field.required && <span className="patron-required"> (required)</span>}
              </label>
              {field.hint && (
                <p id={`${field.id}-hint`} className="patron-hint">
                  {field.hint}
                </p>
              )}
              <input
                id={field.id}
                name={field.id}
                value={draft[field.id]}
                maxLength={FIELD_LIMITS[field.id]}
                inputMode={field.inputMode}
                aria-required={field.required || undefined}
                aria-invalid={fieldError(field.id) ? true : undefined}
                aria-describedby={described(field.id, field.hint)}
                onChange={(e) => set(field.id, e.target.value)}
              />
              {fieldError(field.id) && (
                <p id={`${field.id}-error`} className="patron-error">
                  {fieldError(field.id)}
                </p>
              )}
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>Pickup and timing</legend>
          <div className="patron-field">
            <label htmlFor="pickupLocation">Pick up at</label>
            <select
              id="pickupLocation"
              name="pickupLocation"
              value={pickupLocation}
              aria-invalid={fieldError('pickupLocation') ? true : undefined}
              aria-describedby={described('pickupLocation')}
              onChange={(e) => setPickupLocation(e.target.value)}
            >
              {!pickup && <option value="">Loading…</option>}
              {pickup?.locations.length === 0 && <option value="">The library’s usual desk</option>}
              {pickup?.locations.map((location) => (
                <option key={location.code} value={location.code}>
                  {location.name}
                </option>
              ))}
            </select>
            {fieldError('pickupLocation') && (
              <p id="pickupLocation-error" className="patron-error">
                {fieldError('pickupLocation')}
              </p>
            )}
          </div>
          <div className="patron-field">
            <label htmlFor="neededBefore">Needed before (optional)</label>
            <input
              id="neededBefore"
              name="neededBefore"
              type="date"
              value={neededBefore}
              aria-invalid={fieldError('neededBefore') ? true : undefined}
              aria-describedby={described('neededBefore')}
              onChange={(e) => setNeededBefore(e.target.value)}
            />
            {fieldError('neededBefore') && (
              <p id="neededBefore-error" className="patron-error">
                {fieldError('neededBefore')}
              </p>
            )}
          </div>
          <div className="patron-field">
            <label htmlFor="notes">Notes for the library (optional)</label>
            <textarea id="notes" name="notes" rows={3} maxLength={2000} value={notes} aria-invalid={fieldError('notes') ? true : undefined} aria-describedby={described('notes')} onChange={(e) => setNotes(e.target.value)} />
            {fieldError('notes') && (
              <p id="notes-error" className="patron-error">
                {fieldError('notes')}
              </p>
            )}
          </div>
        </fieldset>

        {copy && (
          <div className="patron-field patron-declaration">
            <div className="patron-check">
              <input
                type="checkbox"
                id="copyrightDeclaration"
                name="copyrightDeclaration"
                checked={copyrightDeclaration}
                aria-required
                aria-invalid={fieldError('copyrightDeclaration') ? true : undefined}
                aria-describedby={described('copyrightDeclaration')}
                onChange={(e) => setCopyrightDeclaration(e.target.checked)}
              />
              <label htmlFor="copyrightDeclaration">
                I declare that this copy is for my private study or research only, and that I have not asked for a copy of the same item before. <span className="patron-required">(required)</span>
              </label>
            </div>
            {fieldError('copyrightDeclaration') && (
              <p id="copyrightDeclaration-error" className="patron-error">
                {fieldError('copyrightDeclaration')}
              </p>
            )}
          </div>
        )}

        <button type="submit" className="patron-button" disabled={busy}>
          {busy ? 'Sending…' : 'Send request'}
        </button>
      </form>
    </section>
  );
}
