import { useState, type FormEvent } from 'react';
import { configApi, type DirectoryEntry } from '../../api/config.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { FormStatus, SelectField, TextField } from '../../components/forms/fields.js';
import { errorsAt, NO_ERRORS, optionalText, type FormErrors } from '../../components/forms/problems.js';
import { mayOpen } from './sections.js';
import { ConfigPage, errorsOf, LoadError, messageOf, useLoad } from './shared.js';

/** /staff/config/directory: search this deployment's published entries and the subscribed feeds. */
export function DirectorySearch() {
  const me = useMe();
  const [q, setQ] = useState('');
  const [symbol, setSymbol] = useState('');
  const [service, setService] = useState('');
  const [results, setResults] = useState<DirectoryEntry[] | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const search = async (event?: FormEvent) => {
    event?.preventDefault();
    setErrors(null);
    try {
      setResults(await configApi.directory(me.institution, { q: q.trim(), symbol: symbol.trim(), service }));
    } catch (caught) {
      setErrors(errorsOf(caught, (path) => ['q', 'symbol', 'service'].includes(path)));
    }
  };
  useLoad(() => search(), [me.institution]);
  return (
    <ConfigPage id="directory">
      <form className="toolbar" role="search" aria-label="Directory" onSubmit={(e) => void search(e)} noValidate>
        <TextField id="dir-q" label="Name or symbol contains" value={q} onChange={setQ} errors={errors ? errorsAt(errors, 'q') : []} />
        <TextField id="dir-symbol" label="Exact symbol" hint="TYPE:VALUE" value={symbol} onChange={setSymbol} errors={errors ? errorsAt(errors, 'symbol') : []} />
        <SelectField
          id="dir-service"
          label="Service"
          value={service}
          onChange={setService}
          options={[
            { value: '', label: 'Any' },
            { value: 'loan', label: 'Loans' },
            { value: 'copy', label: 'Copies' },
          ]}
        />
        <button type="submit">Search</button>
      </form>
      <FormStatus errors={errors} />
      <div role="status">{results && <p>{results.length === 1 ? 'One entry.' : `${results.length} entries.`}</p>}</div>
      {results && results.length > 0 && (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Symbols</th>
              <th scope="col">Source</th>
              <th scope="col">Services</th>
            </tr>
          </thead>
          <tbody>
            {results.map((entry) => (
              <tr key={entry.id}>
                <td data-label="Name">
                  <Link to={`/staff/config/directory/${entry.id}`}>{entry.name}</Link>
                </td>
                <td data-label="Symbols">{entry.symbols.join(', ')}</td>
                <td data-label="Source">{entry.source === 'local' ? 'This deployment' : 'Subscribed feed'}</td>
                <td data-label="Services">{entry.lendingPolicies?.services?.join(', ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ConfigPage>
  );
}

/** /staff/config/directory/:id: one entry, and "add partner" from it. */
export function DirectoryEntryPage({ params }: { params: Record<string, string> }) {
  const me = useMe();
  const id = params.id ?? '';
  const entry = useLoad(() => configApi.directoryEntry(me.institution, id), [me.institution, id]);
  const e = entry.data;
  return (
    <ConfigPage id="directory" title={e ? e.name : 'Directory entry'}>
      <LoadError error={entry.error} />
      {e && (
        <>
          <dl className="facts">
            <dt>Symbols</dt>
            <dd>{e.symbols.join(', ')}</dd>
            <dt>ISO 18626 endpoint</dt>
            <dd>{e.iso18626Endpoint ?? 'This deployment (in-process)'}</dd>
            <dt>System type</dt>
            <dd>{e.systemType ?? 'interlend'}</dd>
            <dt>Source</dt>
            <dd>{e.source === 'local' ? 'This deployment' : 'Subscribed feed'}</dd>
            <dt>Locate</dt>
            <dd>{e.locate ? `${e.locate.protocol.toUpperCase()} ${e.locate.url ?? `${e.locate.host ?? ''}:${e.locate.port ?? ''}/${e.locate.database ?? ''}`}` : 'Default (SRU of this deployment)'}</dd>
            <dt>Services</dt>
            <dd>{e.lendingPolicies?.services?.join(', ') ?? '—'}</dd>
            {e.lendingPolicies?.loanPeriodDays !== undefined && (
              <>
                <dt>Loan period</dt>
                <dd>{e.lendingPolicies.loanPeriodDays} days</dd>
              </>
            )}
            {e.lendingPolicies?.text && (
              <>
                <dt>Lending policy</dt>
                <dd>{e.lendingPolicies.text}</dd>
              </>
            )}
          </dl>
          {e.addresses.length > 0 && (
            <>
              <h2>Addresses</h2>
              <ul>
                {e.addresses.map((a, i) => (
                  <li key={i}>{[a.label, a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}</li>
                ))}
              </ul>
            </>
          )}
          {e.contacts.length > 0 && (
            <>
              <h2>Contacts</h2>
              <ul>
                {e.contacts.map((c, i) => (
                  <li key={i}>{[c.name, c.role, c.email, c.phone].filter(Boolean).join(' · ')}</li>
                ))}
              </ul>
            </>
          )}
          {mayOpen('partners', me.roles) && <AddPartner entry={e} />}
        </>
      )}
    </ConfigPage>
  );
}

function AddPartner({ entry }: { entry: DirectoryEntry }) {
  const me = useMe();
  const [code, setCode] = useState('');
  const [locateProfileCode, setLocateProfileCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [added, setAdded] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    try {
      const code_ = optionalText(code);
      const profile = optionalText(locateProfileCode);
      const result = await configApi.addPartnerFromDirectory(me.institution, { entryId: entry.id, ...(code_ ? { code: code_ } : {}), ...(profile ? { locateProfileCode: profile } : {}) });
      setAdded(result.partner.code);
    } catch (caught) {
      const found = errorsOf(caught, (path) => path === 'code' || path === 'locateProfileCode');
      setErrors(found.general.length > 0 || Object.keys(found.byPath).length > 0 ? found : { byPath: {}, general: [messageOf(caught)] });
    }
  };
  return (
    <section className="card" aria-labelledby="add-partner-heading">
      <h2 id="add-partner-heading">Add as partner</h2>
      <p>Creates the partner (name, symbol, endpoint, contacts) and a locate profile from this entry.</p>
      <FormStatus errors={errors} />
      <div role="status">
        {added && (
          <p className="success">
            Partner <Link to={`/staff/config/partners/${encodeURIComponent(added)}`}>{added}</Link> added.
          </p>
        )}
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-columns">
          <TextField id="add-code" label="Partner code" hint="Empty: from the entry's symbol" value={code} onChange={setCode} errors={errorsAt(errors, 'code')} />
          <TextField id="add-locateProfileCode" label="Locate profile code" hint="Empty: the partner code" value={locateProfileCode} onChange={setLocateProfileCode} errors={errorsAt(errors, 'locateProfileCode')} />
        </div>
        <button type="submit">Add partner</button>
      </form>
    </section>
  );
}
