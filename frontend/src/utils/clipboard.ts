/**
 * Copies `text` through the Clipboard API where the page may use it (HTTPS or localhost), else through a
 * hidden text area; says 已复制, or asks the user to copy `what` by hand when the browser refuses.
 */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    const copied = document.execCommand('copy')
    area.remove()
    if (!copied) {
      ElMessage.warning(`浏览器不允许复制，请手动选择${what}复制`)
      return false
    }
  }
  ElMessage.success('已复制')
  return true
}
