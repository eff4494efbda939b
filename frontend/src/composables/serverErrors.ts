import { reactive, ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { fieldErrors, problemMessage } from '@/api/problem'

export const OFFLINE = '无法连接服务器，请检查网络后重试'

/**
 * Field messages from a problem+json answer, for el-form-item's `error` prop. `report` puts the
 * messages of known fields under them and shows everything else (no field, unknown field) as a toast.
 */
export function useServerErrors<F extends string>(fields: readonly F[]) {
  const errors = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>

  function clear() {
    for (const key of Object.keys(errors) as F[]) delete errors[key]
  }

  function report(error: unknown) {
    clear()
    const byField = fieldErrors(error)
    const known = fields.filter((field) => byField[field])
    for (const field of known) errors[field] = byField[field]
    const unplaced = Object.entries(byField).filter(([field]) => !known.includes(field as F))
    if (known.length === 0)
      ElMessage.error(unplaced.length > 0 ? unplaced.map(([, m]) => m).join('；') : problemMessage(error))
    else if (unplaced.length > 0) ElMessage.error(unplaced.map(([, m]) => m).join('；'))
  }

  return { errors, clear, report }
}

/** What openapi-fetch resolves to: the data, or the problem. */
interface Answer<T> {
  data?: T
  error?: unknown
}

/**
 * A dialog's confirm button: checks the form's rules, sends, shows the server's field messages under their
 * fields (anything else as a toast) and reports a lost connection. `busy` while it runs; a second click
 * meanwhile is ignored. Resolves to the answer, or null when nothing was sent or nothing came back.
 */
export function useSubmit<F extends string>(fields: readonly F[]) {
  const { errors, clear, report } = useServerErrors(fields)
  const busy = ref(false)

  async function submit<T>(form: FormInstance | undefined, send: () => Promise<Answer<T>>): Promise<Answer<T> | null> {
    if (busy.value) return null
    clear()
    if (form && !(await form.validate().catch(() => false))) return null
    busy.value = true
    try {
      const answer = await send()
      if (!answer.data) report(answer.error)
      return answer
    } catch {
      ElMessage.error(OFFLINE)
      return null
    } finally {
      busy.value = false
    }
  }

  return { errors, busy, submit }
}
