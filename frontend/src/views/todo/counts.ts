// The 待办 counts shown as badges on the side menu, refreshed on every navigation and after
// each action on a 待办 page.
import { reactive } from 'vue'
import { api } from '@/api/client'
import type { Me } from '@/auth/roles'

export const todoCounts = reactive({ affiliations: 0, transfers: 0, review: 0 })
export type TodoKey = keyof typeof todoCounts

const holds = (me: Pick<Me, 'roles'> | null, roles: readonly string[]) =>
  (me?.roles ?? []).some((b) => roles.includes(b.role))
/** Only unit admins confirm affiliations and handle transfers. */
const handlesTodos = (me: Pick<Me, 'roles'> | null) => holds(me, ['unit_admin'])
/** Unit admins and 省学时办 review claims. */
const reviews = (me: Pick<Me, 'roles'> | null) => holds(me, ['unit_admin', 'province'])

let request = 0

export async function refreshTodoCounts(me: Pick<Me, 'roles'> | null): Promise<void> {
  const mine = ++request
  const [pending, transfers, review] = await Promise.all([
    handlesTodos(me)
      ? api
          .GET('/api/v1/persons', { params: { query: { affiliation: 'pending', page_size: 1 } } })
          .then(({ data }) => data?.total)
          .catch(() => undefined)
      : 0,
    handlesTodos(me)
      ? api
          .GET('/api/v1/transfers')
          .then(({ data }) => data?.length)
          .catch(() => undefined)
      : 0,
    reviews(me)
      ? api
          .GET('/api/v1/review/count')
          .then(({ data }) => data?.awaiting)
          .catch(() => undefined)
      : 0,
  ])
  if (mine !== request) return
  // A failed call keeps the last known count rather than pretending there is nothing to do.
  if (typeof pending === 'number') todoCounts.affiliations = pending
  if (typeof transfers === 'number') todoCounts.transfers = transfers
  if (typeof review === 'number') todoCounts.review = review
}
