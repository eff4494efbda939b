import { reactive } from 'vue'
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
