// History-mode routing. The server answers every non-API GET with
// index.html, so deep links work. The guard loads the account once, sends
// anonymous visitors to /login (except public pages, meta.public: the portal, /public/… and /verify/…),
// accounts that must change their password to
// /me/password, and refuses pages whose permission the account lacks.
import { createRouter, createWebHistory } from 'vue-router';
import { modules, publicPages } from './modules.js';
import { useSession } from './stores/session.js';
import { onUnauthorized } from './api.js';
import { i18n } from './i18n.js';
import { safeRedirect } from './util.js';
import MainLayout from './layouts/MainLayout.vue';
import LoginView from './views/LoginView.vue';

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  // Public pages (no sign-in): meta.public makes the guard let anyone in.
  ...publicPages.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { title: p.title, public: true } })),
  // Links citizens follow that have no page of their own stay public too:
  // /public alone opens the catalog, a public draw's own address opens the
  // draws, document verification links and unknown /public/… addresses get
  // a public answer, never the login page.
  { path: '/public', redirect: '/public/catalog' },
  { path: '/public/draws/:id(\\d+)', redirect: '/public/draws' },
  {
    path: '/verify/:code(.*)?',
    name: 'public-verify',
    component: () => import('./views/public/PublicMissingView.vue'),
    meta: { title: 'publicMissing.verifyTitle', public: true },
  },
  {
    path: '/public/:rest(.*)*',
    name: 'public-missing',
    component: () => import('./views/public/PublicMissingView.vue'),
    meta: { title: 'notFound.title', public: true },
  },
  {
    path: '/',
    component: MainLayout,
    children: [
      ...modules.map((m) => ({
        path: m.path === '/' ? '' : m.path.replace(/^\//, ''),
        name: m.name,
        component: m.component,
        meta: { title: m.title, permission: m.permission },
      })),
      {
        path: 'me/password',
        name: 'password',
        component: () => import('./views/PasswordView.vue'),
        meta: { title: 'password.title' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('./views/ForbiddenView.vue'),
        meta: { title: 'forbidden.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./views/NotFoundView.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  const session = useSession();
  try {
    await session.load();
  } catch {
    // Server unreachable or failing: treat as signed out; the login page
    // reports the error when the user submits.
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.signedIn) return safeRedirect(to.query.redirect);
    return true;
  }
  if (!session.signedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password' };
  if (to.meta.permission && !session.can(to.meta.permission)) {
    return { name: 'forbidden' };
  }
  return true;
});

router.afterEach((to) => {
  const { t } = i18n.global;
  document.title = to.meta.title ? `${t(to.meta.title)} - ${t('app.title')}` : t('app.title');
});

// Any API call answered 401 (session expired, logged out elsewhere) ends the
// client-side session too and returns to the login page.
onUnauthorized(() => {
  const session = useSession();
  session.clear();
  const current = router.currentRoute.value;
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} });
  }
});
