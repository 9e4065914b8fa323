// Vite build of the zhifa web app. `npm run build` (from the repo root)
// writes web/dist/: index.html plus hashed files under web/dist/assets/, which
// the C server embeds at build time and serves with CSP `script-src 'self'`
// (so: no inline scripts, no CDN, no external fonts).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [vue()],
  define: {
    // vue-i18n esm-bundler flags: Composition API only, no devtools hooks.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    // Element Plus (full import) is one large, rarely changing chunk.
    chunkSizeWarningLimit: 1200,
    // Vite's modulepreload polyfill is bundled into the entry chunk, never
    // inlined, but modern browsers need none of it.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('element-plus') || id.includes('@element-plus')) return 'element-plus';
          // ECharts is loaded only by the pages that draw charts.
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts';
          return 'vendor';
        },
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a locally running `zhifa serve`.
    proxy: { '/api': process.env.ZHIFA_URL || 'http://127.0.0.1:8080' },
  },
});
