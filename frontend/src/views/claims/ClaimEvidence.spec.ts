import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { attachment, rule } from '@/test/claims'
import { calls, mockFetch } from '@/test/fetch'
import ClaimEvidence from './ClaimEvidence.vue'
import type { Attachment } from './labels'

/** Records uploads and answers each with the next attachment. */
class FakeXhr {
  static sent: { url: string; body: FormData }[] = []
  static answers: { status: number; body: unknown }[] = []
  upload = { onprogress: null as ((event: ProgressEvent) => void) | null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  status = 0
  responseText = ''
  private url = ''
  open(_method: string, url: string) {
    this.url = url
  }
  setRequestHeader() {}
  send(body: FormData) {
    FakeXhr.sent.push({ url: this.url, body })
    const answer = FakeXhr.answers.shift() ?? { status: 500, body: null }
    this.status = answer.status
    this.responseText = JSON.stringify(answer.body)
    queueMicrotask(() => this.onload?.())
  }
}

function render(attachments: Attachment[], ensureClaim = vi.fn(() => Promise.resolve<string | null>('c1'))) {
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  // jsdom has no object URLs (the pending previews).
  if (!('createObjectURL' in URL))
    Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: () => {} })
  const wrapper = mount(ClaimEvidence, {
    props: {
      claimId: 'c1',
      evidence: rule().evidence,
      ensureClaim,
      editable: true,
      attachments,
      'onUpdate:attachments': (value: Attachment[]) => wrapper.setProps({ attachments: value }),
    },
    attachTo: document.body,
  })
  return { wrapper, ensureClaim }
}

async function pick(wrapper: ReturnType<typeof render>['wrapper'], files: File[]) {
  const input = wrapper.find('input[data-test=evidence-file]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await flushPromises()
  await flushPromises()
}

const png = (name: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type: 'image/png' })

afterEach(() => {
  FakeXhr.sent = []
  FakeXhr.answers = []
  document.body.innerHTML = ''
})

describe('ClaimEvidence', () => {
  it('shows the limits and what is missing before anything is uploaded', () => {
    const { wrapper } = render([])

    expect(wrapper.find('[data-test=evidence-counter]').text()).toBe('已上传 0 / 5 张')
    expect(wrapper.find('[data-test=evidence-limits]').text()).toBe('最多 5 张，每张不超过 10 MB，支持 JPG、PNG、WebP')
    expect(wrapper.find('[data-test=evidence-missing]').text()).toContain('会议通知或邀请函、参会证明')
    expect(wrapper.find('input[data-test=evidence-camera-input]').attributes('capture')).toBe('environment')
  })

  it('refuses a wrong type in the browser, without saving or uploading', async () => {
    const { wrapper, ensureClaim } = render([])

    await pick(wrapper, [new File(['%PDF'], 'notice.pdf', { type: 'application/pdf' })])

    expect(document.body.textContent).toContain('「notice.pdf」不是 JPG、PNG 或 WebP 图片')
    expect(ensureClaim).not.toHaveBeenCalled()
    expect(FakeXhr.sent).toEqual([])
  })

  it('refuses a sixth image', async () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((id) => attachment(id, '参会证明'))
    const { wrapper, ensureClaim } = render(five)

    await pick(wrapper, [png('six.png')])

    expect(document.body.textContent).toContain('每项申报最多上传 5 张图片')
    expect(ensureClaim).not.toHaveBeenCalled()
  })

  it('saves the claim first, uploads under the chosen item and offers the next missing one', async () => {
    FakeXhr.answers.push({ status: 201, body: attachment('a1', '会议通知或邀请函') })
    const { wrapper, ensureClaim } = render([])

    await pick(wrapper, [png('notice.png')])

    expect(ensureClaim).toHaveBeenCalledOnce()
    expect(FakeXhr.sent).toHaveLength(1)
    expect(FakeXhr.sent[0]!.url).toBe('/api/v1/claims/c1/attachments')
    expect(FakeXhr.sent[0]!.body.get('kind')).toBe('会议通知或邀请函')
    expect((FakeXhr.sent[0]!.body.get('file') as File).name).toBe('notice.png')
    expect(wrapper.findAll('[data-test=evidence-tile]')).toHaveLength(1)
    expect(wrapper.find('[data-test=evidence-counter]').text()).toBe('已上传 1 / 5 张')
    expect(wrapper.find('[data-test=evidence-missing]').text()).toContain('参会证明')
    expect(wrapper.find('[data-test=evidence-kind]').text()).toContain('参会证明')
  })

  it('uploads nothing when the claim cannot be saved', async () => {
    const { wrapper } = render(
      [],
      vi.fn(() => Promise.resolve(null)),
    )

    await pick(wrapper, [png('notice.png')])

    expect(FakeXhr.sent).toEqual([])
    expect(wrapper.findAll('[data-test=evidence-pending]')).toHaveLength(0)
  })

  it('reports the server’s refusal of an image and stops the batch', async () => {
    FakeXhr.answers.push({
      status: 422,
      body: {
        type: 'about:blank',
        title: '数据校验未通过',
        status: 422,
        code: 'validation_failed',
        detail: '文件内容不是有效的图片',
        fields: [{ field: 'file', code: 'corrupt_image', message: '文件内容不是有效的图片' }],
      },
    })
    FakeXhr.answers.push({ status: 201, body: attachment('a2', '会议通知或邀请函') })
    const { wrapper } = render([])

    await pick(wrapper, [png('broken.png'), png('fine.png')])

    expect(document.body.textContent).toContain('「broken.png」上传失败：文件内容不是有效的图片')
    // A refused image does not stop the others, unless the claim is full.
    expect(FakeXhr.sent).toHaveLength(2)
    expect(wrapper.findAll('[data-test=evidence-tile]')).toHaveLength(1)
  })

  it('deletes an image after confirmation', async () => {
    const fetch = mockFetch(() => new Response(null, { status: 204 }))
    const { wrapper } = render([attachment('a1', '会议通知或邀请函'), attachment('a2', '参会证明')])

    await wrapper.findAll('[data-test=evidence-delete]')[0]!.trigger('click')
    await flushPromises()
    const confirm = document.body.querySelector<HTMLButtonElement>('.el-message-box__btns .el-button--primary')
    expect(confirm?.textContent).toContain('删除')
    confirm!.click()
    await flushPromises()
    await flushPromises()

    expect(calls(fetch)).toEqual(['DELETE /api/v1/claims/c1/attachments/a1'])
    expect(wrapper.findAll('[data-test=evidence-tile]').map((t) => t.attributes('data-kind'))).toEqual(['参会证明'])
    expect(wrapper.find('[data-test=evidence-missing]').text()).toContain('会议通知或邀请函')
  })
})
