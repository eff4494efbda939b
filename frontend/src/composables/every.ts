import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue'

/**
 * Runs `run` every `ms` milliseconds while `active` is true and the component lives, e.g. to renew
 * short-lived signed links before they expire or to follow a background job.
 */
export function useEvery(
  ms: MaybeRefOrGetter<number>,
  run: () => void,
  active: MaybeRefOrGetter<boolean> = true,
): void {
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    clearInterval(timer)
    timer = undefined
  }
  watch(
    [() => toValue(ms), () => toValue(active)],
    ([every, on]) => {
      stop()
      if (on && every > 0) timer = setInterval(run, every)
    },
    { immediate: true },
  )
  onScopeDispose(stop)
}
