// Files to and from the API outside the typed client: downloads as blobs and uploads with progress.
import { api } from '@/api/client'
import { isProblem, type Problem } from '@/api/problem'
import { tokens } from '@/auth/tokens'

const authorization = (): Record<string, string> => (tokens.access ? { Authorization: `Bearer ${tokens.access}` } : {})

/** Lets the typed client renew an expired session (its middleware refreshes on a 401). */
async function renewSession(): Promise<boolean> {
  const { response } = await api.GET('/api/v1/me')
  return response.ok
}

/** The file name from a Content-Disposition header (RFC 5987 `filename*` first), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain?.[1]?.trim() || fallback
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

async function problemOf(response: Response): Promise<Problem | null> {
  const body: unknown = await response.json().catch(() => null)
  return isProblem(body) ? body : null
}

/** fetch with the Bearer token, renewing the session once on a 401 (for endpoints outside the typed client). */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const send = () =>
    fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...authorization() } })
  const response = await send()
  return response.status === 401 && (await renewSession()) ? send() : response
}

/** GETs `url` with the Bearer token and saves the answer as a file; else resolves to the API's problem, if any. */
export async function download(
  url: string,
  fallbackName: string,
): Promise<{ ok: true } | { ok: false; problem: Problem | null }> {
  const response = await authorizedFetch(url)
  if (!response.ok) return { ok: false, problem: await problemOf(response) }
  saveBlob(await response.blob(), fileNameOf(response.headers.get('Content-Disposition'), fallbackName))
  return { ok: true }
}

export interface UploadResult {
  status: number
  body: unknown
}

function xhrUpload(
  url: string,
  body: Blob | FormData,
  contentType: string | null,
  onProgress: (percent: number) => void,
) {
  return new Promise<UploadResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    for (const [name, value] of Object.entries(authorization())) xhr.setRequestHeader(name, value)
    // A FormData body gets its multipart boundary from the browser.
    if (contentType) xhr.setRequestHeader('Content-Type', contentType)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100))
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      resolve({ status: xhr.status, body })
    }
    xhr.onerror = () => reject(new Error('network'))
    xhr.send(body)
  })
}

async function sendWithRenewal(
  url: string,
  body: Blob | FormData,
  contentType: string | null,
  onProgress: (percent: number) => void,
): Promise<UploadResult> {
  const first = await xhrUpload(url, body, contentType, onProgress)
  if (first.status !== 401 || !(await renewSession())) return first
  onProgress(0)
  return xhrUpload(url, body, contentType, onProgress)
}

/** POSTs a file as the raw request body with upload progress (0–100); renews the session once on a 401. */
export function upload(
  url: string,
  file: Blob,
  contentType: string,
  onProgress: (percent: number) => void,
): Promise<UploadResult> {
  return sendWithRenewal(url, file, contentType, onProgress)
}

/** POSTs a multipart form (e.g. an image and its label) with upload progress; renews the session once on a 401. */
export function uploadForm(url: string, form: FormData, onProgress: (percent: number) => void): Promise<UploadResult> {
  return sendWithRenewal(url, form, null, onProgress)
}
