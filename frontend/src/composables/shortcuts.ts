import { onBeforeUnmount, onMounted } from 'vue'

/** Whether a key press belongs to something else: typing in a field, or a dialog, drawer or viewer on top. */
function busyElsewhere(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true
  const target = event.target
  if (
    target instanceof Element &&
    target.closest('input, textarea, select, [contenteditable=true], .el-select, .el-dropdown-menu')
  )
    return true
  const overlays = document.querySelectorAll('.el-overlay, .el-image-viewer__wrapper')
  return [...overlays].some((el) => el.getClientRects().length > 0)
}

/**
 * Single-key shortcuts while the component lives (e.g. `j`, `ArrowDown`, `Enter`), by `KeyboardEvent.key`;
 * ignored while the user types in a field or a dialog is open.
 */
export function useShortcuts(keys: Record<string, (event: KeyboardEvent) => void>): void {
  const onKey = (event: KeyboardEvent) => {
    const run = keys[event.key]
    if (!run || busyElsewhere(event)) return
    event.preventDefault()
    run(event)
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
