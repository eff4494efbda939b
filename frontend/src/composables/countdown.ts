import { onScopeDispose, ref } from 'vue'

/** A seconds counter that ticks down to zero, e.g. for "try again in N seconds". */
export function useCountdown() {
  const remaining = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  function start(seconds: number) {
    stop()
    remaining.value = Math.max(Math.ceil(seconds), 0)
    if (remaining.value === 0) return
    timer = setInterval(() => {
      remaining.value -= 1
      if (remaining.value <= 0) stop()
    }, 1000)
  }

  onScopeDispose(stop)
  return { remaining, start }
}

/** "45 秒", "2 分钟" or "9 分 54 秒": waits after a lockout run to minutes. */
export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  if (minutes === 0) return `${seconds} 秒`
  return seconds === 0 ? `${minutes} 分钟` : `${minutes} 分 ${seconds} 秒`
}
