// Getting in: login and logout, the first-run setup link, invitations, open registration (when an
// admin allows it) and password-reset links.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { recordAudit } from '../audit/queries.js'
import { safeRedirectTarget } from '../core/safe-redirect.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, isEmail } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { failureLimits, rateLimits } from '../http/rate-limits.js'
import type { MessageKey } from '../i18n/translate.js'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js'
import {
  countActiveAdmins,
  createMember,
  expireResetLinks,
  findInvitationByToken,
  findMemberByEmail,
  findUsableToken,
  type InvitationState,
  invitationState,
  normalizeEmail,
  redeemInvitation,
  updateMember,
  useToken,
} from './queries.js'
import { invalidateMemberSessions } from './sessions.js'

const loginWindow = 15 * 60 * 1000

interface NewAccountForm {
  display_name: string
  email: string
  password: string
  password_confirm: string
}

function readNewAccount(body: unknown): NewAccountForm {
  return {
    display_name: field(body, 'display_name').trim(),
    email: field(body, 'email').trim(),
    password: field(body, 'password'),
    password_confirm: field(body, 'password_confirm'),
  }
}

/** Checks name, email and the new password twice; `fixedEmail` is an invitation's own address. */
export async function validateNewAccount(
  app: FastifyInstance,
  form: NewAccountForm,
  fixedEmail: string | null = null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  if (form.display_name.length < 2) errors.display_name = 'form.nameRequired'
  else if (form.display_name.length > 80) errors.display_name = 'form.nameTooLong'
  if (!isEmail(form.email)) errors.email = 'form.emailInvalid'
  else if (fixedEmail && normalizeEmail(form.email) !== fixedEmail) errors.email = 'invite.emailMismatch'
  else if (await findMemberByEmail(app.db, form.email)) errors.email = 'form.emailTaken'
  const problem = validateNewPassword(form.password, form.password_confirm, [
    form.display_name,
    form.email.split('@')[0] ?? '',
  ])
  Object.assign(errors, problem)
  return errors
}

export function validateNewPassword(password: string, confirm: string, personal: string[]): FieldErrors {
  const problem = passwordProblem(password, personal)
  if (problem) return { password: problem }
  if (password !== confirm) return { password_confirm: 'password.mismatch' }
  return {}
}

function tokenGone(reply: FastifyReply, status: number, message: MessageKey) {
  return reply.code(status).page('auth/link-unusable.eta', { title: 'link.unusableTitle', message })
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  // Per address generously (a whole ministry may share one), per account strictly.
  const ipLimit = {
    max: 30,
    timeWindow: loginWindow,
    keyGenerator: (request: FastifyRequest) => `ip:${request.ip}`,
  }
  const perIp = rateLimits(app, ipLimit)
  const loginFailures = failureLimits(
    app,
    { max: 30, timeWindow: loginWindow, keyGenerator: (request: FastifyRequest) => `login-ip:${request.ip}` },
    {
      max: 5,
      timeWindow: loginWindow,
      keyGenerator: (request: FastifyRequest) => `login:${normalizeEmail(field(request.body, 'email'))}`,
    },
  )

  app.get<{ Querystring: { next?: string } }>(
    '/login',
    { config: { access: 'always' } },
    async (request, reply) => {
      if (request.member) return reply.redirect(safeRedirectTarget(request.query.next), 303)
      return reply.page('auth/login.eta', {
        title: 'login.title',
        values: { email: '' },
        next: safeRedirectTarget(request.query.next),
        noAdminYet: (await countActiveAdmins(app.db)) === 0,
        registrationOpen: request.site.registration === 'approval',
        error: null,
      })
    },
  )

  app.post(
    '/login',
    { config: { access: 'always' }, preHandler: loginFailures.refuse },
    async (request, reply) => {
      const email = field(request.body, 'email').trim()
      const password = field(request.body, 'password')
      const next = safeRedirectTarget(field(request.body, 'next'))
      const member = email ? await findMemberByEmail(app.db, email) : undefined
      const passwordOk = await verifyPassword(member?.password_hash ?? null, password)
      let error: MessageKey | null = null
      if (!member || !passwordOk) error = 'login.failed'
      else if (member.status === 'pending') error = 'login.pending'
      else if (member.status !== 'active') error = 'login.disabled'
      if (error || !member) {
        await loginFailures.record(request)
        return reply.code(401).page('auth/login.eta', {
          title: 'login.title',
          values: { email },
          next,
          noAdminYet: false,
          registrationOpen: request.site.registration === 'approval',
          error,
        })
      }
      // A new login replaces any session this browser had, rather than leaving it behind.
      if (request.sessionId) await reply.endSession()
      await reply.startSession(member.id)
      return reply.redirect(next, 303)
    },
  )

  app.post('/logout', { config: { access: 'always' } }, async (_request, reply) => {
    await reply.endSession()
    setFlash(reply, 'flash.loggedOut')
    return reply.redirect('/', 303)
  })

  // ---- first run

  const setupPage = (reply: FastifyReply, values: Partial<NewAccountForm>, errors: FieldErrors) =>
    reply.page('auth/setup.eta', { title: 'setup.title', values, errors })

  async function usableSetupToken(token: string) {
    if ((await countActiveAdmins(app.db)) > 0) return null
    return findUsableToken(app.db, 'setup', token)
  }

  app.get<{ Params: { token: string } }>(
    '/setup/:token',
    { config: { access: 'always' } },
    async (request, reply) => {
      if (!(await usableSetupToken(request.params.token))) return tokenGone(reply, 410, 'setup.unusable')
      return setupPage(reply, {}, {})
    },
  )

  app.post<{ Params: { token: string } }>(
    '/setup/:token',
    { config: { access: 'always' }, preHandler: perIp },
    async (request, reply) => {
      const token = await usableSetupToken(request.params.token)
      if (!token) return tokenGone(reply, 410, 'setup.unusable')
      const form = readNewAccount(request.body)
      const errors = await validateNewAccount(app, form)
      if (hasErrors(errors)) return setupPage(reply.code(422), form, errors)
      const passwordHash = await hashPassword(form.password)
      const memberId = await app.db.transaction().execute(async (trx) => {
        if (!(await useToken(trx, token.id))) return null
        const id = await createMember(trx, {
          email: form.email,
          display_name: form.display_name,
          password_hash: passwordHash,
          role: 'admin',
          status: 'active',
          locale: request.locale,
        })
        await recordAudit(trx, { actorId: id, action: 'admin.setup', targetType: 'member', targetId: id })
        return id
      })
      if (memberId === null) return tokenGone(reply, 410, 'setup.unusable')
      await reply.startSession(memberId)
      setFlash(reply, 'flash.setupDone')
      return reply.redirect('/admin', 303)
    },
  )

  // ---- invitations

  async function openInvitation(token: string) {
    const invitation = await findInvitationByToken(app.db, token)
    if (!invitation) return { invitation: null, state: 'missing' as const }
    return { invitation, state: invitationState(invitation) }
  }

  const invitationGone = (reply: FastifyReply, state: 'missing' | InvitationState) =>
    tokenGone(reply, state === 'missing' ? 404 : 410, state === 'open' ? 'invite.used' : `invite.${state}`)

  const invitePage = (
    reply: FastifyReply,
    invitation: { role: string; email: string | null },
    values: Partial<NewAccountForm>,
    errors: FieldErrors,
  ) =>
    reply.page('auth/invite.eta', {
      title: 'invite.title',
      role: invitation.role,
      fixedEmail: invitation.email,
      values: { ...values, email: values.email ?? invitation.email ?? '' },
      errors,
    })

  app.get<{ Params: { token: string } }>(
    '/invite/:token',
    { config: { access: 'always' } },
    async (request, reply) => {
      const { invitation, state } = await openInvitation(request.params.token)
      if (!invitation || state !== 'open') return invitationGone(reply, state)
      return invitePage(reply, invitation, {}, {})
    },
  )

  app.post<{ Params: { token: string } }>(
    '/invite/:token',
    { config: { access: 'always' }, preHandler: perIp },
    async (request, reply) => {
      const { invitation, state } = await openInvitation(request.params.token)
      if (!invitation || state !== 'open') return invitationGone(reply, state)
      const form = readNewAccount(request.body)
      const errors = await validateNewAccount(app, form, invitation.email)
      if (hasErrors(errors)) return invitePage(reply.code(422), invitation, form, errors)
      const passwordHash = await hashPassword(form.password)
      const memberId = await app.db
        .transaction()
        .execute(async (trx) => {
          const id = await createMember(trx, {
            email: form.email,
            display_name: form.display_name,
            password_hash: passwordHash,
            role: invitation.role,
            status: 'active',
            locale: request.locale,
          })
          // Rolls the new account back if another tab redeemed the invitation first.
          if (!(await redeemInvitation(trx, invitation.id, id))) throw new InvitationTaken()
          return id
        })
        .catch((error: unknown) => {
          if (error instanceof InvitationTaken) return null
          throw error
        })
      if (memberId === null) return invitationGone(reply, 'used')
      await reply.startSession(memberId)
      setFlash(reply, 'flash.welcome')
      return reply.redirect('/', 303)
    },
  )

  // ---- open registration with approval

  const registerPage = (reply: FastifyReply, values: Partial<NewAccountForm>, errors: FieldErrors) =>
    reply.page('auth/register.eta', { title: 'register.title', values, errors })

  app.get('/register', { config: { access: 'always' } }, async (request, reply) => {
    if (request.site.registration !== 'approval') throw notFound()
    return registerPage(reply, {}, {})
  })

  app.post('/register', { config: { access: 'always' }, preHandler: perIp }, async (request, reply) => {
    if (request.site.registration !== 'approval') throw notFound()
    const form = readNewAccount(request.body)
    const errors = await validateNewAccount(app, form)
    // An address that already has an account gets the same answer as a new one, so the form does not
    // tell strangers who is a member.
    const known = errors.email === 'form.emailTaken'
    if (known) delete errors.email
    if (hasErrors(errors)) return registerPage(reply.code(422), form, errors)
    if (known) {
      setFlash(reply, 'flash.registrationReceived')
      return reply.redirect('/login', 303)
    }
    await createMember(app.db, {
      email: form.email,
      display_name: form.display_name,
      password_hash: await hashPassword(form.password),
      role: 'member',
      status: 'pending',
      locale: request.locale,
    })
    setFlash(reply, 'flash.registrationReceived')
    return reply.redirect('/login', 303)
  })

  // ---- password reset links made by an admin

  const resetPage = (reply: FastifyReply, errors: FieldErrors) =>
    reply.page('auth/reset.eta', { title: 'reset.title', errors })

  app.get<{ Params: { token: string } }>(
    '/reset/:token',
    { config: { access: 'always' } },
    async (request, reply) => {
      const token = await findUsableToken(app.db, 'password_reset', request.params.token)
      if (!token) return tokenGone(reply, 410, 'reset.unusable')
      return resetPage(reply, {})
    },
  )

  app.post<{ Params: { token: string } }>(
    '/reset/:token',
    { config: { access: 'always' }, preHandler: perIp },
    async (request, reply) => {
      const token = await findUsableToken(app.db, 'password_reset', request.params.token)
      if (!token?.member_id) return tokenGone(reply, 410, 'reset.unusable')
      const memberId = token.member_id
      const errors = validateNewPassword(
        field(request.body, 'password'),
        field(request.body, 'password_confirm'),
        [],
      )
      if (hasErrors(errors)) return resetPage(reply.code(422), errors)
      const passwordHash = await hashPassword(field(request.body, 'password'))
      const done = await app.db.transaction().execute(async (trx) => {
        if (!(await useToken(trx, token.id))) return false
        await expireResetLinks(trx, memberId)
        await updateMember(trx, memberId, { password_hash: passwordHash })
        await invalidateMemberSessions(trx, memberId)
        return true
      })
      if (!done) return tokenGone(reply, 410, 'reset.unusable')
      await reply.startSession(memberId)
      setFlash(reply, 'flash.passwordReset')
      return reply.redirect('/', 303)
    },
  )
}

class InvitationTaken extends Error {}
