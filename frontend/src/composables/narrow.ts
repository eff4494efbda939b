import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Phones and narrow windows: the shell hides the side menu and forms put their labels on top. */
export const NARROW_QUERY = '(max-width: 768px)'

/** Whether the window is phone-sized, following resizes while the component lives. */
export function useNarrow(): Ref<boolean> {
  const narrow = ref(false)
  // jsdom (the unit tests) has no matchMedia: treat it as a wide screen.
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return narrow
  const query = window.matchMedia(NARROW_QUERY)
  narrow.value = query.matches
  const onChange = (event: MediaQueryListEvent) => {
    narrow.value = event.matches
  }
  query.addEventListener('change', onChange)
  onBeforeUnmount(() => query.removeEventListener('change', onChange))
  return narrow
}
