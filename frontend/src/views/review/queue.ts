// The review queue as last shown, so that a claim page can open the next claim waiting for the reviewer.
import { api } from '@/api/client'
import type { ClaimQuery } from '@/views/claims/query'

/** The queue's filters when the reviewer last opened a claim from it. */
export const lastQueue: { query: ClaimQuery } = { query: {} }

/**
 * The claim after `id` in the caller's queue (same filters, longest waiting first), or the first other
 * one when `id` has left the queue or was the last; null when nothing else waits.
 */
export async function nextInQueue(id: string): Promise<string | null> {
  const { data, error } = await api.GET('/api/v1/claims', {
    params: { query: { ...lastQueue.query, awaiting: true, page: 1, page_size: 100 } },
  })
  if (!data) throw error
  const items = data.items
  const at = items.findIndex((c) => c.id === id)
  const next = (at >= 0 ? items[at + 1] : undefined) ?? items.find((c) => c.id !== id)
  return next?.id ?? null
}
