// Entry point of the zhifa web app.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n } from './i18n.js';
import { router } from './router.js';
import './styles.css';
import { registerServiceWorker } from './offline/register.js';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(ElementPlus);
app.use(router);
app.mount('#app');

// the service worker keeps the app shell for the offline field pages
if (import.meta.env.PROD) registerServiceWorker();
