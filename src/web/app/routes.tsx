import type { ComponentType } from 'react';
import { StaffHome } from '../pages/StaffHome.js';
import { PatronHome } from '../pages/PatronHome.js';
import { ScanDesk } from '../pages/desk/ScanDesk.js';
import { HoldShelf } from '../pages/desk/HoldShelf.js';
import { NewRequestPage, OpenUrlPage } from '../pages/patron/RequestPages.js';
import { BorrowingTaskList, LendingTaskList } from '../pages/requests/TaskListPage.js';
import { BorrowingRequestPage, LendingRequestPage } from '../pages/requests/RequestPage.js';
import { ConfigIndex } from '../pages/config/ConfigIndex.js';
import { PartnerEdit, PartnerList } from '../pages/config/Partners.js';
import { RotaTemplates } from '../pages/config/RotaTemplates.js';
import { RotaRules, SendingRules } from '../pages/config/Rules.js';
import { WorkflowProfiles } from '../pages/config/WorkflowProfiles.js';
import { LibrarySettings } from '../pages/config/Settings.js';
import { Users } from '../pages/config/Users.js';
import { DirectoryEntryPage, DirectorySearch } from '../pages/config/Directory.js';

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
  { path: '/staff', audience: 'staff', page: StaffHome, nav: 'Dashboard' },
  { path: '/staff/borrowing', audience: 'staff', page: BorrowingTaskList, nav: 'Borrowing' },
  { path: '/staff/borrowing/:id', audience: 'staff', page: BorrowingRequestPage },
  { path: '/staff/lending', audience: 'staff', page: LendingTaskList, nav: 'Lending' },
  { path: '/staff/lending/:id', audience: 'staff', page: LendingRequestPage },
  { path: '/staff/scan', audience: 'staff', page: ScanDesk, nav: 'Scan' },
  { path: '/staff/hold-shelf', audience: 'staff', page: HoldShelf, nav: 'Hold shelf' },
  { path: '/staff/config', audience: 'staff', page: ConfigIndex, nav: 'Configuration' },
  { path: '/staff/config/partners', audience: 'staff', page: PartnerList },
  { path: '/staff/config/partners/new', audience: 'staff', page: PartnerEdit },
  { path: '/staff/config/partners/:code', audience: 'staff', page: PartnerEdit },
  { path: '/staff/config/rota-templates', audience: 'staff', page: RotaTemplates },
  { path: '/staff/config/rota-rules', audience: 'staff', page: RotaRules },
  { path: '/staff/config/sending-rules', audience: 'staff', page: SendingRules },
  { path: '/staff/config/workflow-profiles', audience: 'staff', page: WorkflowProfiles },
  { path: '/staff/config/settings', audience: 'staff', page: LibrarySettings },
  { path: '/staff/config/users', audience: 'staff', page: Users },
  { path: '/staff/config/directory', audience: 'staff', page: DirectorySearch },
  { path: '/staff/config/directory/:id', audience: 'staff', page: DirectoryEntryPage },
  { path: '/patron', audience: 'patron', page: PatronHome, nav: 'My requests' },
  { path: '/patron/request', audience: 'patron', page: NewRequestPage, nav: 'New request' },
  { path: '/openurl', audience: 'patron', page: OpenUrlPage },
];
