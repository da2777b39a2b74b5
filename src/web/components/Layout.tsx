import type { ReactNode } from 'react';
import { Link, useRouter } from '../app/router.js';
import { ROUTES } from '../app/routes.js';
import { useMe, useSession } from '../app/session.js';

/** The frame of every signed-in page: a skip link, the navigation of the user's audience, who is signed in. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const { path, navigate } = useRouter();
  const entries = ROUTES.filter((route) => route.audience === me.kind && route.nav);
  // The current entry: the longest path that is the page's or one of its ancestors (`/patron` is not current on `/patron/request`).
  const current = entries
    .map((route) => route.path)
    .filter((candidate) => path === candidate || path.startsWith(`${candidate}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Interlend</span>
        <nav aria-label={me.kind === 'staff' ? 'Staff workspace' : 'My library'}>
          <ul>
            {entries.map((route) => (
              <li key={route.path}>
                <Link to={route.path} aria-current={route.path === current ? 'page' : undefined}>
                  {route.nav}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {me.username} · {me.institutionName}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in'));
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
