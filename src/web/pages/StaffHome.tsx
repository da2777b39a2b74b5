import { useMe } from '../app/session.js';

/** Where staff land after sign-in: what they can reach from the navigation above. */
export function StaffHome() {
  const me = useMe();
  return (
    <>
      <h1>{me.institutionName}</h1>
      <p>Signed in as {me.username} ({me.roles.join(', ')}).</p>
    </>
  );
}
