import { ref, watch, type Ref } from 'vue'
import { api } from '@/api/client'
import type { PathwayRule } from './labels'

/** Every pathway (claimable or not) for list filters, loaded once `wanted` turns true. */
export function usePathways(wanted: Ref<boolean> = ref(true)): Ref<PathwayRule[]> {
  const pathways = ref<PathwayRule[]>([])
  watch(
    wanted,
    async (value) => {
      if (!value || pathways.value.length > 0) return
      const { data } = await api.GET('/api/v1/pathways').catch(() => ({ data: undefined }))
      if (data) pathways.value = data
    },
    { immediate: true },
  )
  return pathways
}
