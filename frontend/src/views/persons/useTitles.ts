import { ref } from 'vue'
import { api } from '@/api/client'
import type { TitleEntry } from './titles'

// The dictionary changes rarely: loaded once per page load and shared by every form.
const entries = ref<TitleEntry[]>([])
let loading: Promise<void> | null = null

export function useTitles() {
  if (!loading) {
    loading = api
      .GET('/api/v1/titles')
      .then(({ data }) => {
        if (data) entries.value = data
        else loading = null
      })
      .catch(() => {
        loading = null
      })
  }
  return entries
}
