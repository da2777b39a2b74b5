import { Dashboard } from './dashboard/Dashboard.js';

/** Where staff land after sign-in (`/staff`): the dashboard. */
export function StaffHome() {
  return <Dashboard />;
}
