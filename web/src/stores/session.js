// The signed-in account (GET /api/v1/me) and the role names
// (GET /api/v1/roles), shared by the layout, the router guard and the pages.
// The last ME is kept in localStorage ("zhifa.me") so that the offline field
// pages open when the server cannot be reached (network error, not a 401);
// signing out or a 401 removes it.
import { defineStore } from 'pinia';
import { api } from '../api.js';
import { i18n } from '../i18n.js';

const ME_KEY = 'zhifa.me';
function keepMe(me) {
  try {
    if (me) window.localStorage.setItem(ME_KEY, JSON.stringify(me));
    else window.localStorage.removeItem(ME_KEY);
  } catch {
    // storage unavailable: offline sign-in is simply not possible
  }
}
function keptMe() {
  try {
    return JSON.parse(window.localStorage.getItem(ME_KEY) || 'null');
  } catch {
    return null;
  }
}

export const useSession = defineStore('session', {
  state: () => ({
    me: null, // ME object, null when signed out
    checked: false, // GET /me answered at least once since page load
    roles: [], // [{role, name, name_en}]
  }),
  getters: {
    signedIn: (s) => !!s.me,
    permissions: (s) => (s.me && s.me.permissions) || [],
    mustChangePassword: (s) => !!(s.me && s.me.must_change_password),
  },
  actions: {
    can(permission) {
      return !permission || this.permissions.includes(permission);
    },
    /** Loads ME once per page load (or again with force); null when signed out. */
    async load(force = false) {
      if (this.checked && !force) return this.me;
      try {
        this.me = await api.me({ redirectOn401: false });
        keepMe(this.me);
      } catch (e) {
        if (e.status === 0 && keptMe()) {
          // offline: the account last seen on this device
          this.me = keptMe();
          this.checked = true;
          return this.me;
        }
        if (e.status !== 401) throw e;
        this.me = null;
        keepMe(null);
      }
      this.checked = true;
      return this.me;
    },
    async login(username, password) {
      const r = await api.login(username, password);
      this.me = r.user;
      keepMe(this.me);
      this.checked = true;
      this.roles = [];
      return this.me;
    },
    async logout() {
      try {
        await api.logout();
      } finally {
        this.clear();
      }
    },
    clear() {
      this.me = null;
      keepMe(null);
      this.checked = true;
      this.roles = [];
    },
    async loadRoles() {
      if (!this.roles.length) {
        const r = await api.roles();
        this.roles = r.items || [];
      }
      return this.roles;
    },
    /** The role's name in the current language (the code when unknown). */
    roleName(role) {
      const r = this.roles.find((x) => x.role === role);
      if (!r) return role;
      return i18n.global.locale.value === 'en' ? r.name_en || r.name : r.name;
    },
  },
});
