// The table of pages inside the signed-in layout. The router builds its
// routes from it and the sidebar its menu, so a later module adds one entry
// here (and its i18n key under "menu." in locales/*.js):
//
//   path        URL of the page
//   name        route name
//   title       i18n key of the menu text and page title
//   icon        an @element-plus/icons-vue component
//   permission  permission from /api/v1/me `permissions` needed to see and
//               open it; null means every signed-in account
//   menu        false to keep a page out of the sidebar (default true)
//   component   lazy import of the page
import { House, User, Tickets, OfficeBuilding } from '@element-plus/icons-vue';

export const modules = [
  {
    path: '/',
    name: 'workbench',
    title: 'menu.workbench',
    icon: House,
    permission: null,
    component: () => import('./views/WorkbenchView.vue'),
  },
  {
    path: '/enterprises',
    name: 'enterprises',
    title: 'menu.enterprises',
    icon: OfficeBuilding,
    permission: 'enterprise.read',
    component: () => import('./views/EnterprisesView.vue'),
  },
  {
    path: '/enterprises/:id',
    name: 'enterprise',
    title: 'enterprise.detailTitle',
    icon: OfficeBuilding,
    permission: 'enterprise.read',
    menu: false,
    component: () => import('./views/EnterpriseView.vue'),
  },
  {
    path: '/admin/users',
    name: 'users',
    title: 'menu.users',
    icon: User,
    permission: 'user.admin',
    component: () => import('./views/UsersView.vue'),
  },
  {
    path: '/audit',
    name: 'audit',
    title: 'menu.audit',
    icon: Tickets,
    permission: 'audit.read',
    component: () => import('./views/AuditView.vue'),
  },
];

/** The menu entries an account with these permissions may see. */
export function menuFor(permissions) {
  const have = new Set(permissions || []);
  return modules.filter((m) => m.menu !== false && (!m.permission || have.has(m.permission)));
}
