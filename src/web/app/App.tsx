import { useEffect } from 'react';
import { Layout } from '../components/Layout.js';
import { NotFound } from '../pages/NotFound.js';
import { SignIn } from '../pages/SignIn.js';
import { matchPath, Router, useRouter } from './router.js';
import { ROUTES } from './routes.js';
import { SessionProvider, useSession } from './session.js';

export function App() {
  return (
    <Router>
      <SessionProvider>
        <Pages />
      </SessionProvider>
    </Router>
  );
}

function Pages() {
  const { path, navigate } = useRouter();
  const { me } = useSession();
  const found = ROUTES.map((route) => ({ route, params: matchPath(route.path, path) })).find((m) => m.params !== null);
  const home = me?.kind === 'patron' ? '/patron' : '/staff';

  useEffect(() => {
    if (me && (path === '/' || path === '/sign-in')) navigate(home, { replace: true });
  }, [me, path, home, navigate]);

  if (me === undefined) return <p className="loading" role="status">Loading…</p>;
  if (found?.route.audience === 'public') {
    const Page = found.route.page;
    return <Page params={found.params ?? {}} />;
  }
  if (me === null) return <SignIn />;
  if (path === '/' || path === '/sign-in') return null;
  if (!found || found.route.audience !== me.kind) {
    return (
      <Layout>
        <NotFound />
      </Layout>
    );
  }
  const Page = found.route.page;
  return (
    <Layout>
      <Page params={found.params ?? {}} />
    </Layout>
  );
}
