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
import { House, User, Tickets, Collection, List, Notebook, Calendar, Coin, OfficeBuilding, Avatar, Bell, PieChart, Medal, Warning, Star, DataLine, Finished, Checked, Files, Promotion, Message, Camera } from '@element-plus/icons-vue';

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
    path: '/catalog',
    name: 'catalog',
    title: 'menu.catalog',
    icon: Collection,
    permission: null,
    component: () => import('./views/CatalogView.vue'),
  },
  {
    path: '/checklists',
    name: 'checklists',
    title: 'menu.checklists',
    icon: List,
    permission: null,
    component: () => import('./views/ChecklistView.vue'),
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
  // risk grading and key enterprises (src/risk.c)
  {
    path: '/risk',
    name: 'risk',
    title: 'menu.risk',
    icon: Warning,
    permission: 'risk.read',
    component: () => import('./views/risk/RiskListView.vue'),
  },
  {
    path: '/risk/:id(\\d+)',
    name: 'risk-detail',
    title: 'risk.detailTitle',
    icon: Warning,
    permission: 'risk.read',
    menu: false,
    component: () => import('./views/risk/RiskDetailView.vue'),
  },
  {
    path: '/key-enterprises',
    name: 'key-enterprises',
    title: 'menu.keyEnterprises',
    icon: Star,
    permission: 'risk.read',
    component: () => import('./views/risk/KeyEnterprisesView.vue'),
  },
  // annual enforcement plans (src/plan*.c)
  {
    path: '/plans',
    name: 'plans',
    title: 'menu.plans',
    icon: DataLine,
    permission: 'plan.read',
    component: () => import('./views/plan/PlansView.vue'),
  },
  {
    path: '/plans/:id(\\d+)',
    name: 'plan',
    title: 'plan.title',
    icon: DataLine,
    permission: 'plan.read',
    menu: false,
    component: () => import('./views/plan/PlanView.vue'),
  },
  // inspections: scheduling, fewer visits, joint inspections (src/inspection*.c)
  {
    path: '/inspections',
    name: 'inspections',
    title: 'menu.inspections',
    icon: Finished,
    permission: 'inspection.read',
    component: () => import('./views/inspection/InspectionsView.vue'),
  },
  {
    path: '/inspections/:id(\\d+)',
    name: 'inspection',
    title: 'inspection.detail',
    icon: Finished,
    permission: 'inspection.read',
    menu: false,
    component: () => import('./views/inspection/InspectionDetailView.vue'),
  },
  {
    path: '/my-inspections',
    name: 'my-inspections',
    title: 'menu.myInspections',
    icon: Checked,
    permission: 'inspection.read',
    component: () => import('./views/inspection/InspectionsView.vue'),
  },
  // hazards, transfers and notifications (src/hazard*.c, src/transfer.c)
  {
    path: '/hazards',
    name: 'hazards',
    title: 'menu.hazards',
    icon: Warning,
    permission: 'hazard.read',
    component: () => import('./views/hazard/HazardsView.vue'),
  },
  {
    path: '/hazards/:id(\\d+)',
    name: 'hazard',
    title: 'hazard.detail',
    icon: Warning,
    permission: 'hazard.read',
    menu: false,
    component: () => import('./views/hazard/HazardDetailView.vue'),
  },
  {
    path: '/transfers',
    name: 'transfers',
    title: 'menu.transfers',
    icon: Promotion,
    permission: 'hazard.read',
    component: () => import('./views/hazard/TransfersView.vue'),
  },
  {
    path: '/department/transfers',
    name: 'dept-transfers',
    title: 'menu.deptTransfers',
    icon: Promotion,
    permission: 'transfer.answer',
    component: () => import('./views/hazard/TransfersView.vue'),
  },
  {
    path: '/notifications',
    name: 'notifications',
    title: 'menu.notifications',
    icon: Message,
    permission: null,
    component: () => import('./views/hazard/NotificationsView.vue'),
  },
  // field enforcement: today's inspections and the walk-through (src/fieldwork*.c)
  {
    path: '/field',
    name: 'field-today',
    title: 'menu.fieldToday',
    icon: Checked,
    permission: 'inspection.read',
    component: () => import('./views/field/FieldTodayView.vue'),
  },
  {
    path: '/field/:id(\\d+)',
    name: 'field-walk',
    title: 'field.walkTitle',
    icon: Checked,
    permission: 'inspection.read',
    menu: false,
    component: () => import('./views/field/FieldWalkView.vue'),
  },
  {
    path: '/admin/users',
    name: 'users',
    title: 'menu.users',
    icon: User,
    permission: 'user.admin',
    component: () => import('./views/UsersView.vue'),
  },
  // org and staff (src/org.c, src/staff.c)
  {
    path: '/org',
    name: 'org',
    title: 'menu.org',
    icon: OfficeBuilding,
    permission: 'org.read',
    component: () => import('./views/OrgView.vue'),
  },
  {
    path: '/staff',
    name: 'staff',
    title: 'menu.staff',
    icon: Avatar,
    permission: 'staff.read',
    component: () => import('./views/StaffView.vue'),
  },
  {
    path: '/staff/:id(\\d+)',
    name: 'staff-detail',
    title: 'staff.detail',
    icon: Avatar,
    permission: 'staff.read',
    menu: false,
    component: () => import('./views/StaffDetailView.vue'),
  },
  {
    path: '/staff-warnings',
    name: 'cert-warnings',
    title: 'menu.certWarnings',
    icon: Bell,
    permission: 'staff.read',
    component: () => import('./views/CertWarningsView.vue'),
  },
  {
    path: '/professional-ratio',
    name: 'ratio',
    title: 'menu.ratio',
    icon: PieChart,
    permission: 'staff.read',
    component: () => import('./views/RatioView.vue'),
  },
  {
    path: '/experts',
    name: 'experts',
    title: 'menu.experts',
    icon: Medal,
    permission: 'staff.read',
    component: () => import('./views/ExpertsView.vue'),
  },
  // double-random draws (src/draw*.c): list, wizard, detail
  {
    path: '/draws',
    name: 'draws',
    title: 'menu.draws',
    icon: Files,
    permission: 'draw.read',
    component: () => import('./views/draw/DrawListView.vue'),
  },
  {
    path: '/draws/new',
    name: 'draw-new',
    title: 'draw.new',
    icon: Files,
    permission: 'draw.run',
    menu: false,
    component: () => import('./views/draw/DrawWizardView.vue'),
  },
  {
    path: '/draws/:id(\\d+)',
    name: 'draw',
    title: 'menu.draws',
    icon: Files,
    permission: 'draw.read',
    menu: false,
    component: () => import('./views/draw/DrawDetailView.vue'),
  },
  // evidence files and audio-video records (src/evidence*.c)
  {
    path: '/evidence',
    name: 'evidence',
    title: 'menu.evidence',
    icon: Camera,
    permission: 'inspection.read',
    component: () => import('./views/evidence/EvidenceView.vue'),
  },
  {
    path: '/audit',
    name: 'audit',
    title: 'menu.audit',
    icon: Tickets,
    permission: 'audit.read',
    component: () => import('./views/AuditView.vue'),
  },
  // rules module: legal parameters, working-day calendar, discretion
  // benchmarks — read by every signed-in account, changed with rules.admin
  {
    path: '/rules',
    name: 'rules',
    title: 'menu.rules',
    icon: Notebook,
    permission: null,
    component: () => import('./views/RulesView.vue'),
  },
  {
    path: '/rules/:id',
    name: 'rule-set',
    title: 'menu.rules',
    icon: Notebook,
    permission: null,
    menu: false,
    component: () => import('./views/RuleSetView.vue'),
  },
  {
    path: '/calendar',
    name: 'calendar',
    title: 'menu.calendar',
    icon: Calendar,
    permission: null,
    component: () => import('./views/CalendarView.vue'),
  },
  {
    path: '/benchmarks',
    name: 'benchmarks',
    title: 'menu.benchmarks',
    icon: Coin,
    permission: null,
    component: () => import('./views/BenchmarksView.vue'),
  },
  {
    path: '/benchmarks/:id',
    name: 'benchmark',
    title: 'menu.benchmarks',
    icon: Coin,
    permission: null,
    menu: false,
    component: () => import('./views/BenchmarkView.vue'),
  },
];

// Public pages: outside the signed-in layout, open to anonymous visitors
// (the router marks them meta.public, which its guard lets through). They
// must call only PERM_PUBLIC endpoints. Same fields as above minus icon,
// permission and menu; nav is the short label of the portal's header link.
export const publicPages = [
  {
    path: '/public/catalog',
    name: 'public-catalog',
    nav: 'publicNav.catalog',
    title: 'publicCatalog.title',
    component: () => import('./views/PublicCatalogView.vue'),
  },
  {
    path: '/public/plans',
    name: 'public-plans',
    nav: 'publicNav.plans',
    title: 'publicPlans.title',
    component: () => import('./views/plan/PublicPlansView.vue'),
  },
  {
    path: '/public/draws',
    name: 'public-draws',
    nav: 'publicNav.draws',
    title: 'publicDraw.title',
    component: () => import('./views/public/PublicDrawsView.vue'),
  },
];

/** The menu entries an account with these permissions may see. */
export function menuFor(permissions) {
  const have = new Set(permissions || []);
  return modules.filter((m) => m.menu !== false && (!m.permission || have.has(m.permission)));
}
