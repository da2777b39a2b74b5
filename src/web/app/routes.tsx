import type { ComponentType } from 'react';
import { StaffHome } from '../pages/StaffHome.js';
import { PatronHome } from '../pages/PatronHome.js';

/**
 * Every page of the UI: its path pattern (`:name` parts become props), who may see it, and the
 * navigation entry it has. One table, so what exists and who reaches it reads in one place.
 */
export interface PageRoute {
  path: string;
  audience: 'staff' | 'patron' | 'public';
  page: ComponentType<{ params: Record<string, string> }>;
  /** Shown in the audience's navigation, in this order. */
  nav?: string;
}

export const ROUTES: readonly PageRoute[] = [
  { path: '/staff', audience: 'staff', page: StaffHome, nav: 'Home' },
  { path: '/patron', audience: 'patron', page: PatronHome, nav: 'My requests' },
];
