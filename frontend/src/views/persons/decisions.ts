// 确认 / 不予确认 a self-registered person's unit: shared by the person page and the 待办 list.
import { api } from '@/api/client'
import { fieldErrors, problemMessage } from '@/api/problem'
import { OFFLINE } from '@/composables/serverErrors'
import type { PersonDetail } from './labels'

interface Pending {
  id: string
  name: string
  unit_name?: string | null
}

const cancelled = (e: unknown) => e === 'cancel' || e === 'close'

/** Asks, then confirms; resolves to the updated person, or null when cancelled or refused. */
export async function confirmAffiliation(person: Pending): Promise<PersonDetail | null> {
  try {
    await ElMessageBox.confirm(
      `确认 ${person.name} 是「${person.unit_name ?? '本单位'}」的人员吗？确认后其身份证号和姓名将不能再修改。`,
      '确认单位关系',
      { confirmButtonText: '确认', cancelButtonText: '取消', type: 'info' },
    )
  } catch (e) {
    if (cancelled(e)) return null
    throw e
  }
  try {
    const { data, error } = await api.POST('/api/v1/persons/{id}/confirm', { params: { path: { id: person.id } } })
    if (!data) {
      ElMessage.error(problemMessage(error))
      return null
    }
    ElMessage.success(`已确认 ${person.name} 的单位关系`)
    return data
  } catch {
    ElMessage.error(OFFLINE)
    return null
  }
}

/** Asks for the reason, then refuses; resolves to the updated person, or null. */
export async function rejectAffiliation(person: Pending): Promise<PersonDetail | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(`请填写不予确认 ${person.name} 的原因。`, '不予确认', {
      confirmButtonText: '不予确认',
      cancelButtonText: '取消',
      inputType: 'textarea',
      inputPlaceholder: '如：非本单位职工',
      inputValidator: (value: string) =>
        value?.trim() ? value.trim().length <= 200 || '原因不超过 200 字' : '请填写原因',
      type: 'warning',
    })
    reason = answer.value.trim()
  } catch (e) {
    if (cancelled(e)) return null
    throw e
  }
  try {
    const { data, error } = await api.POST('/api/v1/persons/{id}/reject', {
      params: { path: { id: person.id } },
      body: { reason },
    })
    if (!data) {
      ElMessage.error(fieldErrors(error).reason ?? problemMessage(error))
      return null
    }
    ElMessage.success(`已对 ${person.name} 不予确认`)
    return data
  } catch {
    ElMessage.error(OFFLINE)
    return null
  }
}
