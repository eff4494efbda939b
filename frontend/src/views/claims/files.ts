// Evidence images: the limits the server enforces (D16), checked in the browser before anything is sent.

export const MAX_IMAGES = 5
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** For `<input type="file" accept>`. */
export const IMAGE_ACCEPT = IMAGE_TYPES.join(',')
export const LIMIT_TEXT = `最多 ${MAX_IMAGES} 张，每张不超过 10 MB，支持 JPG、PNG、WebP`

const EXTENSIONS = /\.(jpe?g|png|webp)$/i

type Picked = Pick<File, 'name' | 'size' | 'type'>

/** Whether a picked file looks like a supported image (some phones leave the type empty: then the name decides). */
export function isSupportedImage(file: Picked): boolean {
  if (file.type) return (IMAGE_TYPES as readonly string[]).includes(file.type.toLowerCase())
  return EXTENSIONS.test(file.name)
}

/** e.g. "850 KB", "2.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * Splits picked files into those to upload and messages for the rest: wrong type, over 10 MB, or
 * beyond the 5 images a claim may hold (counting those already uploaded or on their way).
 */
export function checkImages<F extends Picked>(files: readonly F[], held: number): { accepted: F[]; refused: string[] } {
  const accepted: F[] = []
  const refused: string[] = []
  let overLimit = 0
  for (const file of files) {
    if (!isSupportedImage(file)) refused.push(`「${file.name}」不是 JPG、PNG 或 WebP 图片`)
    else if (file.size > MAX_IMAGE_BYTES) refused.push(`「${file.name}」超过 10 MB（${formatSize(file.size)}）`)
    else if (held + accepted.length >= MAX_IMAGES) overLimit++
    else accepted.push(file)
  }
  if (overLimit > 0) refused.push(`每项申报最多上传 ${MAX_IMAGES} 张图片，已忽略 ${overLimit} 张`)
  return { accepted, refused }
}
