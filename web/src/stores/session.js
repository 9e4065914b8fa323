// The signed-in account (GET /api/v1/me) and the role names
// (GET /api/v1/roles), shared by the layout, the router guard and the pages.
import { defineStore } from 'pinia';
import { api } from '../api.js';
import { i18n } from '../i18n.js';

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
      } catch (e) {
        if (e.status !== 401) throw e;
        this.me = null;
      }
      this.checked = true;
      return this.me;
    },
    async login(username, password) {
      const r = await api.login(username, password);
      this.me = r.user;
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
