import type { Router } from 'vue-router'
import { onPasswordChangeRequired, onSessionExpired } from '@/api/client'
import { hasAnyRole } from '@/auth/roles'
import { endSession, loadMe, session } from '@/auth/session'
import { tokens } from '@/auth/tokens'

const APP_TITLE = '学时登记管理系统'

export function installAuthGuard(router: Router): void {
  router.beforeEach(async (to) => {
    if (to.meta.public) return true
    const toLogin = { name: 'login', query: { redirect: to.fullPath } }
    if (!tokens.access) return toLogin

    const me = session.me ?? (await loadMe().catch(() => null))
    if (!me) return toLogin
    // An account still holding its one-time activation code may do nothing else until it sets a password.
    if (me.must_change_password) return to.name === 'first-login' ? true : { name: 'first-login' }
    if (to.name === 'first-login') return { name: 'home' }
    if (to.meta.roles && !hasAnyRole(me, to.meta.roles)) return { name: 'home' }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE
  })

  onSessionExpired(() => {
    endSession()
    const current = router.currentRoute.value
    // During the first navigation nothing is matched yet and the guard redirects by itself.
    if (current.matched.length > 0 && !current.meta.public) {
      void router.push({ name: 'login', query: { redirect: current.fullPath } })
    }
  })

  // The API's word wins over a stale /me, e.g. when an admin reset the password meanwhile.
  onPasswordChangeRequired(() => {
    if (session.me) session.me.must_change_password = true
    const current = router.currentRoute.value
    if (current.matched.length > 0 && !current.meta.public && current.name !== 'first-login') {
      void router.push({ name: 'first-login' })
    }
  })
}
