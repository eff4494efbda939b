/** Wraps an async function so that overlapping calls share one pending run. */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null
  return () =>
    (pending ??= run().finally(() => {
      pending = null
    }))
}
