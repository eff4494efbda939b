import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from '@/App.vue'
import { session } from '@/auth/session'
import { tokens } from '@/auth/tokens'
import { installAuthGuard } from '@/router/guard'
import { routes } from '@/router/routes'
import { calls, json, mockFetch, problem, tokenResponse, unitAdmin } from '@/test/fetch'

/**
 * A fake API for an account whose password is still an activation code: everything but /me and
 * /me/password answers 403 password_change_required until the password is set.
 */
function activationApi() {
  const state = { mustChange: true, passwordBody: null as unknown }
  const fetch = mockFetch(async (request) => {
    const path = new URL(request.url).pathname
    if (path === '/api/v1/auth/login') return tokenResponse('access-1', 'refresh-1', true)
    if (path === '/api/v1/me') return json({ ...unitAdmin, must_change_password: state.mustChange })
    if (path === '/api/v1/me/password') {
      state.passwordBody = await request.json()
      state.mustChange = false
      return new Response(null, { status: 204 })
    }
    if (state.mustChange) return problem(403, 'password_change_required', '首次登录请先设置新密码')
    return json([])
  })
  return { fetch, state }
}

async function openApp(path: string) {
  const router = createRouter({ history: createMemoryHistory(), routes })
  installAuthGuard(router)
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

afterEach(() => {
  session.me = null
  document.body.innerHTML = ''
})

describe('first login', () => {
  it('goes from the login form to /first-login when the password is an activation code', async () => {
    activationApi()
    const { wrapper, router } = await openApp('/login')

    await wrapper.find('input[data-test=username]').setValue('jt_admin')
    await wrapper.find('input[data-test=password]').setValue('ACT-1234')
    await wrapper.find('form').trigger('submit')

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('first-login'))
    await vi.waitFor(() => expect(wrapper.find('[data-test=first-login]').exists()).toBe(true))
    expect(wrapper.text()).toContain('首次登录请设置新密码')
    expect(wrapper.text()).toContain('激活码')
    // A clean page: no side menu to wander off through.
    expect(wrapper.find('[data-test=side-menu]').exists()).toBe(false)
  })

  it('keeps the user on /first-login whatever page they ask for', async () => {
    activationApi()
    tokens.save({ access_token: 'access-1', refresh_token: 'refresh-1' })
    const { router } = await openApp('/units')
    expect(router.currentRoute.value.name).toBe('first-login')

    await router.push('/account')
    expect(router.currentRoute.value.name).toBe('first-login')
  })

  it('sets the new password with the activation code and continues to the home page', async () => {
    const { fetch, state } = activationApi()
    tokens.save({ access_token: 'access-1', refresh_token: 'refresh-1' })
    const { wrapper, router } = await openApp('/first-login')

    const form = wrapper.find('[data-test=password-form]')
    const inputs = form.findAll('input')
    await inputs[0]?.setValue('ACT-1234')
    await inputs[1]?.setValue('Newpass2026')
    await inputs[2]?.setValue('Newpass2026')
    await form.trigger('submit')

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'))
    expect(state.passwordBody).toEqual({ current_password: 'ACT-1234', new_password: 'Newpass2026' })
    expect(calls(fetch)).toContain('POST /api/v1/me/password')
    expect(session.me?.must_change_password).toBe(false)

    // Once the password is set, the page is no longer reachable.
    await router.push('/first-login')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it("names the activation code in the server's error about it", async () => {
    mockFetch((request) =>
      new URL(request.url).pathname === '/api/v1/me/password'
        ? problem(422, 'validation_failed', '提交的内容有误', {
            fields: [{ field: 'current_password', code: 'wrong_password', message: '当前密码不正确' }],
          })
        : json({ ...unitAdmin, must_change_password: true }),
    )
    tokens.save({ access_token: 'access-1', refresh_token: 'refresh-1' })
    const { wrapper, router } = await openApp('/first-login')

    const form = wrapper.find('[data-test=password-form]')
    const inputs = form.findAll('input')
    await inputs[0]?.setValue('ACT-0000')
    await inputs[1]?.setValue('Newpass2026')
    await inputs[2]?.setValue('Newpass2026')
    await form.trigger('submit')

    await vi.waitFor(() => expect(form.find('.el-form-item__error').text()).toBe('激活码不正确'))
    expect(router.currentRoute.value.name).toBe('first-login')
  })

  it('follows the API to /first-login when a request is refused for that reason', async () => {
    activationApi()
    tokens.save({ access_token: 'access-1', refresh_token: 'refresh-1' })
    // A stale session that still believes the password is fine (e.g. an admin has just reset it).
    session.me = { ...unitAdmin, must_change_password: false }
    const { router } = await openApp('/units')

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('first-login'))
    expect(session.me?.must_change_password).toBe(true)
  })
})
