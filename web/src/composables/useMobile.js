// Reactive "narrow screen" flag (phones): the layout swaps the sidebar for a
// drawer and forms put labels on top.
import { ref, onMounted, onBeforeUnmount } from 'vue';

export const MOBILE_QUERY = '(max-width: 768px)';

export function useMobile() {
  const mq = window.matchMedia(MOBILE_QUERY);
  const mobile = ref(mq.matches);
  const update = () => {
    mobile.value = mq.matches;
  };
  onMounted(() => mq.addEventListener('change', update));
  onBeforeUnmount(() => mq.removeEventListener('change', update));
  return mobile;
}
