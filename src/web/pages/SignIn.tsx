import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.js';
import { ApiProblem } from '../api/client.js';

/** Sign-in for staff and patrons alike: the institution (its symbol or code), username and password. */
export function SignIn() {
  const { signIn } = useSession();
  const [institution, setInstitution] = useState(() => localStorage.getItem('interlend.institution') ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(institution.trim(), username.trim(), password);
      localStorage.setItem('interlend.institution', institution.trim());
    } catch (caught) {
      setError(caught instanceof ApiProblem ? (caught.problem.detail ?? caught.problem.title) : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Interlend</h1>
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label htmlFor="institution">Library (symbol, e.g. US-NSU)</label>
        <input id="institution" name="institution" autoComplete="organization" required value={institution} onChange={(e) => setInstitution(e.target.value)} />
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
