/**
 * The configuration sections, who may open each (the server's ACCESS table, as the API enforces
 * it), and where they live. Pure: the index page and the page guard read it; unit-tested.
 */

export type SectionId = 'partners' | 'rota-templates' | 'rota-rules' | 'sending-rules' | 'workflow-profiles' | 'settings' | 'users' | 'directory';

export interface Section {
  id: SectionId;
  title: string;
  path: string;
  description: string;
  roles: readonly string[];
}

const ADMIN = ['fulfillment-admin'];
const PARTNERS = ['fulfillment-admin', 'partners-manager'];
const ALL_STAFF = ['fulfillment-admin', 'partners-manager', 'services-operator', 'circulation-desk'];

export const SECTIONS: readonly Section[] = [
  { id: 'partners', title: 'Partners', path: '/staff/config/partners', description: 'The libraries we share with: endpoint, profile, workflow, contacts.', roles: PARTNERS },
  { id: 'rota-templates', title: 'Rota templates', path: '/staff/config/rota-templates', description: 'Ordered groups of partners a rota is built from.', roles: PARTNERS },
  { id: 'rota-rules', title: 'Rota assignment rules', path: '/staff/config/rota-rules', description: 'Which template a request gets, with a dry run.', roles: PARTNERS },
  { id: 'sending-rules', title: 'Sending rules', path: '/staff/config/sending-rules', description: 'Send automatically or wait for staff approval.', roles: ADMIN },
  { id: 'workflow-profiles', title: 'Workflow profiles', path: '/staff/config/workflow-profiles', description: 'Optional steps switched on or off, attached to partners.', roles: ADMIN },
  { id: 'settings', title: 'Library settings and terms of use', path: '/staff/config/settings', description: 'Borrowing and lending settings, lending terms of use.', roles: ADMIN },
  { id: 'users', title: 'Users and roles', path: '/staff/config/users', description: 'Staff and patron accounts, roles, libraries, passwords.', roles: ADMIN },
  { id: 'directory', title: 'Directory', path: '/staff/config/directory', description: 'Search the resource-sharing directory and add partners from it.', roles: ALL_STAFF },
];

export function sectionsFor(roles: readonly string[]): Section[] {
  return SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
}

export function mayOpen(id: SectionId, roles: readonly string[]): boolean {
  return sectionsFor(roles).some((section) => section.id === id);
}

export function section(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id) as Section;
}
