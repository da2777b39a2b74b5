import { useState, type FormEvent } from 'react';
import { STAFF_ROLES, configApi, type Account } from '../../api/config.js';
import { useMe } from '../../app/session.js';
import { CheckboxField, CheckboxGroup, FormStatus, SelectField, TextField } from '../../components/forms/fields.js';
import { errorsAt, NO_ERRORS, optionalText, splitList, type FormErrors } from '../../components/forms/problems.js';
import { ConfigPage, errorsOf, LoadError, useLoad } from './shared.js';

const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ value: r, label: r }));
const ACCOUNT_PATHS = ['username', 'name', 'roles', 'libraries', 'patronId', 'active', 'password'];
const known = (path: string) => ACCOUNT_PATHS.includes(path.split('.')[0] as string);

/** /staff/config/users: accounts, their roles and libraries; deactivate; reset a password. */
export function Users() {
  const me = useMe();
  const accounts = useLoad(() => configApi.accounts(me.institution), [me.institution]);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [createKey, setCreateKey] = useState(0);
  const changed = (message: string) => {
    setNotice(message);
    accounts.reload();
  };
  const current = accounts.data?.find((a) => a.username === editing);
  return (
    <ConfigPage id="users">
      <p role="status" className="success">
        {notice}
      </p>
      <LoadError error={accounts.error} />
      {accounts.data && (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Roles or patron</th>
              <th scope="col">Libraries</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((a) => (
              <tr key={a.username}>
                <td data-label="Username">{a.username}</td>
                <td data-label="Name">{a.name}</td>
                <td data-label="Kind">{a.kind}</td>
                <td data-label="Roles or patron">{a.kind === 'staff' ? a.roles.join(', ') : `patron ${a.patronId ?? ''}`}</td>
                <td data-label="Libraries">{a.libraries ? a.libraries.join(', ') : 'all'}</td>
                <td data-label="Status">{a.active ? 'Active' : 'Deactivated'}</td>
                <td data-label="Actions">
                  <button type="button" className="secondary small" onClick={() => setEditing(a.username)} aria-label={`Edit ${a.username}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && <AccountEditor key={`${current.username}-${current.passwordChangedAt}-${String(current.active)}`} account={current} onChanged={changed} />}
      <NewAccount
        key={createKey}
        onCreated={(message) => {
          setCreateKey((k) => k + 1);
          changed(message);
        }}
      />
    </ConfigPage>
  );
}

function AccountEditor({ account, onChanged }: { account: Account; onChanged: (message: string) => void }) {
  const me = useMe();
  const [name, setName] = useState(account.name);
  const [roles, setRoles] = useState<string[]>(account.roles);
  const [libraries, setLibraries] = useState((account.libraries ?? []).join(', '));
  const [active, setActive] = useState(account.active);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const change = async (body: Parameters<typeof configApi.changeAccount>[2], message: string) => {
    setErrors(NO_ERRORS);
    try {
      await configApi.changeAccount(me.institution, account.username, body);
      onChanged(message);
    } catch (caught) {
      setErrors(errorsOf(caught, known));
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const scope = splitList(libraries);
    void change({ name: name.trim(), ...(account.kind === 'staff' ? { roles, libraries: scope.length > 0 ? scope : null } : {}), active }, `Account ${account.username} saved.`);
  };

  return (
    <section className="card" aria-labelledby="edit-account-heading">
      <h2 id="edit-account-heading">Account {account.username}</h2>
      <FormStatus errors={errors} />
      <form onSubmit={save} noValidate>
        <TextField id="edit-name" label="Full name" value={name} onChange={setName} errors={errorsAt(errors, 'name')} />
        {account.kind === 'staff' && (
          <>
            <CheckboxGroup id="edit-roles" legend="Roles" options={ROLE_OPTIONS} value={roles} onChange={setRoles} errors={errorsAt(errors, 'roles')} />
            <TextField id="edit-libraries" label="Libraries" hint="Library codes, comma-separated; only for a services-operator; empty: every library" value={libraries} onChange={setLibraries} errors={errorsAt(errors, 'libraries')} />
          </>
        )}
        <CheckboxField id="edit-active" label="Active (may sign in)" hint="Deactivating ends the account's sessions" checked={active} onChange={setActive} errors={errorsAt(errors, 'active')} />
        <button type="submit">Save account</button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void change({ password }, `Password of ${account.username} reset.`).then(() => setPassword(''));
        }}
        noValidate
      >
        <TextField id="reset-password" label="New password" hint="At least 10 characters; ends the account's sessions" type="password" autoComplete="new-password" value={password} onChange={setPassword} errors={errorsAt(errors, 'password')} />
        <button type="submit" className="secondary">
          Reset password
        </button>
      </form>
    </section>
  );
}

function NewAccount({ onCreated }: { onCreated: (message: string) => void }) {
  const me = useMe();
  const [kind, setKind] = useState<'staff' | 'patron'>('staff');
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [libraries, setLibraries] = useState('');
  const [patronId, setPatronId] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    const scope = splitList(libraries);
    const body =
      kind === 'staff'
        ? { username: username.trim(), name: name.trim(), roles, ...(scope.length > 0 ? { libraries: scope } : {}), active: true, password }
        : { username: username.trim(), name: name.trim(), ...(optionalText(patronId) ? { patronId: patronId.trim() } : {}), active: true, password };
    try {
      await configApi.createAccount(me.institution, body);
      onCreated(`Account ${body.username} created.`);
    } catch (caught) {
      setErrors(errorsOf(caught, known));
    }
  };

  return (
    <section className="card" aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">New account</h2>
      <FormStatus errors={errors} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-columns">
          <SelectField
            id="new-kind"
            label="Kind"
            value={kind}
            onChange={(v) => setKind(v as 'staff' | 'patron')}
            options={[
              { value: 'staff', label: 'Staff' },
              { value: 'patron', label: 'Patron' },
            ]}
          />
          <TextField id="new-username" label="Username" autoComplete="off" value={username} onChange={setUsername} errors={errorsAt(errors, 'username')} />
          <TextField id="new-name" label="Full name" value={name} onChange={setName} errors={errorsAt(errors, 'name')} />
          <TextField id="new-password" label="Password" hint="At least 10 characters" type="password" autoComplete="new-password" value={password} onChange={setPassword} errors={errorsAt(errors, 'password')} />
        </div>
        {kind === 'staff' ? (
          <>
            <CheckboxGroup id="new-roles" legend="Roles" options={ROLE_OPTIONS} value={roles} onChange={setRoles} errors={errorsAt(errors, 'roles')} />
            <TextField id="new-libraries" label="Libraries" hint="Library codes, comma-separated; only for a services-operator" value={libraries} onChange={setLibraries} errors={errorsAt(errors, 'libraries')} />
          </>
        ) : (
          <TextField id="new-patronId" label="Patron id" value={patronId} onChange={setPatronId} errors={errorsAt(errors, 'patronId')} />
        )}
        <button type="submit">Create account</button>
      </form>
    </section>
  );
}
