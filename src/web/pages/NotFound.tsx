import { Link } from '../app/router.js';
import { useMe } from '../app/session.js';

export function NotFound() {
  const me = useMe();
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no such page here. <Link to={me.kind === 'patron' ? '/patron' : '/staff'}>Back to the start</Link>
      </p>
    </>
  );
}
