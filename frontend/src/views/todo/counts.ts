// The 待办 counts shown as badges on the side menu, refreshed on every navigation and after
// each action on a 待办 page.
import { reactive } from 'vue'
import { api } from '@/api/client'
import type { Me } from '@/auth/roles'

export const todoCounts = reactive({ affiliations: 0, transfers: 0 })
export type TodoKey = keyof typeof todoCounts

/** Only unit admins confirm affiliations and handle transfers. */
const handlesTodos = (me: Pick<Me, 'roles'> | null) => (me?.roles ?? []).some((b) => b.role === 'unit_admin')

let request = 0

export async function refreshTodoCounts(me: Pick<Me, 'roles'> | null): Promise<void> {
  const mine = ++request
  if (!handlesTodos(me)) {
    todoCounts.affiliations = 0
    todoCounts.transfers = 0
    return
  }
  const [pending, transfers] = await Promise.all([
    api
      .GET('/api/v1/persons', { params: { query: { affiliation: 'pending', page_size: 1 } } })
      .then(({ data }) => data?.total)
      .catch(() => undefined),
    api
      .GET('/api/v1/transfers')
      .then(({ data }) => data?.length)
      .catch(() => undefined),
  ])
  if (mine !== request) return
  // A failed call keeps the last known count rather than pretending there is nothing to do.
  if (typeof pending === 'number') todoCounts.affiliations = pending
  if (typeof transfers === 'number') todoCounts.transfers = transfers
}
