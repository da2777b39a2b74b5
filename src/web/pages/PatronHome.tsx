import { useMe } from '../app/session.js';

export function PatronHome() {
  const me = useMe();
  return (
    <>
      <h1>My requests</h1>
      <p>Signed in at {me.institutionName} as {me.username}.</p>
    </>
  );
}
