import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from '@/App.vue'
import { session } from '@/auth/session'
import { tokens } from '@/auth/tokens'
import { installAuthGuard } from '@/router/guard'
import { routes } from '@/router/routes'
import { calls, json, mockFetch, problem, tokenResponse, unitAdmin } from '@/test/fetch'

async function openLogin(path = '/login') {
  const router = createRouter({ history: createMemoryHistory(), routes })
  installAuthGuard(router)
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function submit(wrapper: Awaited<ReturnType<typeof openLogin>>['wrapper'], username: string, password: string) {
  await wrapper.find('input[data-test=username]').setValue(username)
  await wrapper.find('input[data-test=password]').setValue(password)
  await wrapper.find('form').trigger('submit')
  await flushPromises()
  await flushPromises()
}

afterEach(() => {
  session.me = null
  document.body.innerHTML = ''
})

describe('LoginView', () => {
  it("shows the server's Chinese detail on wrong credentials and stays on the login page", async () => {
    const fetch = mockFetch(() => problem(401, 'invalid_credentials', '用户名或密码错误'))
    const { wrapper, router } = await openLogin()

    await submit(wrapper, 'jt_admin', 'wrong-password')

    expect(calls(fetch)).toEqual(['POST /api/v1/auth/login'])
    expect(wrapper.find('[data-test=login-error]').text()).toContain('用户名或密码错误')
    expect(router.currentRoute.value.name).toBe('login')
    expect(tokens.access).toBeNull()
  })

  it('shows the wait after too many attempts and blocks the button meanwhile', async () => {
    mockFetch(() => problem(429, 'too_many_attempts', '登录失败次数过多，请稍后再试', { retry_after_seconds: 120 }))
    const { wrapper } = await openLogin()

    await submit(wrapper, 'jt_admin', 'wrong-password')

    expect(wrapper.find('[data-test=login-error]').text()).toContain('登录失败次数过多，请稍后再试')
    const button = wrapper.find('[data-test=login-submit]')
    expect(button.text()).toBe('请 2 分钟后重试')
    expect(button.attributes('disabled')).toBeDefined()
  })

  it('validates the form before calling the API', async () => {
    const fetch = mockFetch(() => json({}))
    const { wrapper } = await openLogin()

    await submit(wrapper, '', '')

    await vi.waitFor(() => {
      expect(wrapper.text()).toContain('请输入身份证号、手机号或用户名')
      expect(wrapper.text()).toContain('请输入密码')
    })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('signs in and returns to the page that asked for login', async () => {
    const fetch = mockFetch((request) =>
      new URL(request.url).pathname === '/api/v1/auth/login' ? tokenResponse('access-1', 'refresh-1') : json(unitAdmin),
    )
    const { wrapper, router } = await openLogin('/account')
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/account')

    await submit(wrapper, 'jt_admin', 'Xueshi@2026')

    // The account page is a lazily loaded chunk.
    await vi.waitFor(() => expect(wrapper.text()).toContain('浙江省建设投资集团有限公司'))
    expect(router.currentRoute.value.path).toBe('/account')
    // Besides /me, the shell only counts the 待办 shown as badges in the side menu and the unread messages.
    await vi.waitFor(() =>
      expect(calls(fetch).sort()).toEqual([
        'GET /api/v1/me',
        'GET /api/v1/notifications',
        'GET /api/v1/persons',
        'GET /api/v1/review/count',
        'GET /api/v1/transfers',
        'POST /api/v1/auth/login',
      ]),
    )
    expect(tokens.access).toBe('access-1')
  })
})
