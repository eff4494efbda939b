import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { problemMessage } from '@/api/problem'
import { DEFAULT_PAGE_SIZE, readListQuery, writeListQuery, type StringFilters } from '@/utils/listQuery'
import { OFFLINE } from './serverErrors'

interface Page {
  items: unknown[]
  total: number
}

/**
 * A paged list whose filters and page live in the URL of the route named `routeName`: the route's
 * query fills the filters and loads; `go` writes them back (or reloads when nothing changed).
 * Several lists may share one component (switching between them keeps the instance).
 */
export function useRouteList<F extends StringFilters<F>, P extends Page>(options: {
  routeName: () => string
  empty: () => F
  fetch: (filters: F, page: number, pageSize: number) => Promise<{ data?: P; error?: unknown }>
}) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(options.empty()) as F
  const page = ref(1)
  const pageSize = ref(DEFAULT_PAGE_SIZE)
  const data = shallowRef<P | null>(null) as Ref<P | null>
  const loading = ref(false)
  const loaded = ref(false)

  let request = 0
  async function load() {
    const mine = ++request
    loading.value = true
    try {
      const { data: answer, error } = await options.fetch(filters, page.value, pageSize.value)
      if (mine !== request) return
      if (!answer) {
        ElMessage.error(problemMessage(error))
        return
      }
      data.value = answer
      loaded.value = true
    } catch {
      if (mine === request) ElMessage.error(OFFLINE)
    } finally {
      if (mine === request) loading.value = false
    }
  }

  watch(
    () => [route.name, route.query] as const,
    ([name, query]) => {
      if (name !== options.routeName()) return
      const state = readListQuery(options.empty(), query)
      Object.assign(filters, state.filters)
      page.value = state.page
      pageSize.value = state.pageSize
      void load()
    },
    { immediate: true },
  )

  function go(nextPage = 1, nextSize = pageSize.value) {
    const query = writeListQuery(filters, nextPage, nextSize)
    if (JSON.stringify(query) === JSON.stringify(route.query)) void load()
    else void router.replace({ query })
  }

  function reset() {
    Object.assign(filters, options.empty())
    go(1)
  }

  const rows = computed(() => (data.value?.items ?? []) as P['items'])
  const total = computed(() => data.value?.total ?? 0)
  return { filters, page, pageSize, data, rows, total, loading, loaded, load, go, reset }
}
