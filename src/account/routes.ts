// The member's own account: profile, language, password, sessions, data download and deletion.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { currentMember, sessionCookie } from '../auth/auth-plugin.js'
import { hashPassword, verifyPassword } from '../auth/passwords.js'
import {
  countActiveAdmins,
  expireResetLinks,
  findMemberById,
  updateMember,
  withdrawGrantsMadeBy,
} from '../auth/queries.js'
import { validateNewPassword } from '../auth/routes.js'
import { invalidateMemberSessions, listMemberSessions } from '../auth/sessions.js'
import { describeUserAgent } from '../auth/user-agent.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors } from '../http/forms.js'
import { failureLimits } from '../http/rate-limits.js'
import { isLocale, locales } from '../i18n/locales.js'
import { memberDataMarkdown } from './export-markdown.js'
import { collectMemberData, eraseMember, findPersonPage } from './queries.js'

type Section = 'profile' | 'password' | 'delete'

export const accountRoutes: FastifyPluginAsync = async (app) => {
  const member = { config: { access: 'member' } } as const
  // Someone holding a stolen session must not be able to guess the password it protects.
  const passwordFailures = failureLimits(app, {
    max: 5,
    timeWindow: 15 * 60 * 1000,
    keyGenerator: (request: FastifyRequest) => `password:${request.member?.id}`,
  })
  const checksPassword = { ...member, preHandler: passwordFailures.refuse }

  /** A session's device as the list names it: browser and system, else what the browser sent. */
  function deviceName(request: FastifyRequest, userAgent: string | null): string {
    if (!userAgent) return request.t('account.sessionUnknownDevice')
    const { browser, system } = describeUserAgent(userAgent)
    if (browser && system) return request.t('account.sessionBrowserOn', { browser, system })
    return browser ?? system ?? userAgent
  }

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { section?: Section; values?: Record<string, string>; errors?: FieldErrors } = {},
  ) {
    const me = currentMember(request)
    const [sessions, personPage] = await Promise.all([
      listMemberSessions(app.db, me.id),
      findPersonPage(app.db, me.id),
    ])
    const newPersonPage = new URLSearchParams({ kind: 'person', title: me.display_name ?? '' })
    return reply.page('account/index.eta', {
      title: 'account.title',
      profile:
        form.section === 'profile' ? form.values : { display_name: me.display_name, locale: me.locale ?? '' },
      errors: form.errors ?? {},
      section: form.section ?? null,
      sessions: sessions.map((s) => ({
        ...s,
        device: deviceName(request, s.user_agent),
        current: s.id === request.sessionId,
      })),
      personPage,
      newPersonPageHref: `/wiki/new?${newPersonPage}`,
      locales,
    })
  }

  app.get('/account', member, async (request, reply) => accountPage(request, reply))

  app.post('/account/profile', member, async (request, reply) => {
    const me = currentMember(request)
    const values = {
      display_name: field(request.body, 'display_name').trim(),
      locale: field(request.body, 'locale'),
    }
    const errors: FieldErrors = {}
    if (values.display_name.length < 2) errors.display_name = 'form.nameRequired'
    else if (values.display_name.length > 80) errors.display_name = 'form.nameTooLong'
    if (values.locale !== '' && !isLocale(values.locale)) errors.locale = 'form.invalidChoice'
    if (hasErrors(errors))
      return accountPage(request, reply.code(422), { section: 'profile', values, errors })
    await updateMember(app.db, me.id, { display_name: values.display_name, locale: values.locale || null })
    setFlash(reply, 'flash.profileSaved')
    return reply.redirect('/account', 303)
  })

  app.post('/account/password', checksPassword, async (request, reply) => {
    const me = currentMember(request)
    const row = await findMemberById(app.db, me.id)
    const password = field(request.body, 'password')
    let errors: FieldErrors = {}
    if (!(await verifyPassword(row?.password_hash ?? null, field(request.body, 'current_password')))) {
      errors.current_password = 'account.currentPasswordWrong'
    } else {
      errors = validateNewPassword(password, field(request.body, 'password_confirm'), [
        me.display_name ?? '',
        me.email?.split('@')[0] ?? '',
      ])
    }
    if (hasErrors(errors)) {
      if (errors.current_password) await passwordFailures.record(request)
      return accountPage(request, reply.code(422), { section: 'password', errors })
    }
    const passwordHash = await hashPassword(password)
    await app.db.transaction().execute(async (trx) => {
      await updateMember(trx, me.id, { password_hash: passwordHash })
      await expireResetLinks(trx, me.id)
      // Someone who learned the old password is logged out everywhere but here.
      await invalidateMemberSessions(trx, me.id, request.sessionId ?? undefined)
    })
    setFlash(reply, 'flash.passwordChanged')
    return reply.redirect('/account', 303)
  })

  app.post<{ Params: { id: string } }>('/account/sessions/:id/revoke', member, async (request, reply) => {
    await app.db
      .deleteFrom('login_session')
      .where('id', '=', request.params.id)
      .where('member_id', '=', currentMember(request).id)
      .execute()
    setFlash(reply, 'flash.sessionEnded')
    return reply.redirect(request.params.id === request.sessionId ? '/login' : '/account', 303)
  })

  app.post('/account/sessions/revoke-all', member, async (request, reply) => {
    await invalidateMemberSessions(app.db, currentMember(request).id)
    reply.clearCookie(sessionCookie, { path: '/' })
    setFlash(reply, 'flash.loggedOutEverywhere')
    return reply.redirect('/login', 303)
  })

  // One route with a format choice rather than two, so the authorization matrix covers both.
  app.get<{ Querystring: { format?: string } }>('/account/export', member, async (request, reply) => {
    const data = await collectMemberData(app.db, currentMember(request).id)
    const date = data.exportedAt.slice(0, 10)
    reply.header('cache-control', 'no-store')
    if (request.query.format === 'md') {
      const markdown = memberDataMarkdown(data, {
        t: request.t,
        locale: request.locale,
        origin: app.config.publicUrl?.origin ?? `${request.protocol}://${request.host}`,
        siteName: request.site.siteName,
      })
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${request.t('account.exportFileTexts', { date })}"`,
        )
        .type('text/markdown; charset=utf-8')
        .send(markdown)
    }
    return reply
      .header(
        'content-disposition',
        `attachment; filename="${request.t('account.exportFileData', { date })}"`,
      )
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2))
  })

  app.post('/account/delete', checksPassword, async (request, reply) => {
    const me = currentMember(request)
    const row = await findMemberById(app.db, me.id)
    const errors: FieldErrors = {}
    if (!(await verifyPassword(row?.password_hash ?? null, field(request.body, 'delete_password')))) {
      errors.delete_password = 'account.currentPasswordWrong'
    }
    if (field(request.body, 'confirm') !== 'yes') errors.confirm = 'account.deleteConfirmRequired'
    if (hasErrors(errors)) {
      if (errors.delete_password) await passwordFailures.record(request)
      return accountPage(request, reply.code(422), { section: 'delete', errors })
    }
    const erased = await app.db.transaction().execute(async (trx) => {
      if (me.role === 'admin' && (await countActiveAdmins(trx)) <= 1) return false
      await withdrawGrantsMadeBy(trx, me.id)
      await eraseMember(trx, me.id)
      return true
    })
    if (!erased) {
      return accountPage(request, reply.code(422), {
        section: 'delete',
        errors: { confirm: 'account.lastAdmin' },
      })
    }
    reply.clearCookie(sessionCookie, { path: '/' })
    setFlash(reply, 'flash.accountDeleted')
    return reply.redirect('/', 303)
  })
}
