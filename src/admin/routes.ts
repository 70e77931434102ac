// Administration: members and roles, invitations, registrations awaiting approval, site settings and
// the audit log. Moderators reach invitations (for members only) and approvals; the rest is for admins.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { listAuditEntries, recordAudit } from '../audit/queries.js'
import { currentMember } from '../auth/auth-plugin.js'
import {
  countActiveAdmins,
  createInvitation,
  createOneTimeToken,
  expireResetLinks,
  findInvitationById,
  findMemberById,
  invitationLifetimeDays,
  listOpenInvitations,
  type MemberStatus,
  revokeInvitation,
  updateMember,
  withdrawGrantsMadeBy,
} from '../auth/queries.js'
import { invalidateMemberSessions } from '../auth/sessions.js'
import type { Database } from '../db/database.js'
import { hasRole, type Role } from '../http/access-plugin.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, idParam, isEmail } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { isLocale, locales } from '../i18n/locales.js'
import { registrationModes, updateSiteSettings, visibilities } from '../settings/queries.js'
import { describeAuditDetail } from './audit-summary.js'
import { searchMembers } from './queries.js'

const roles: Role[] = ['member', 'moderator', 'admin']
const statuses: MemberStatus[] = ['active', 'pending', 'disabled']
const resetLinkLifetimeMs = 48 * 60 * 60 * 1000

/** Moderators invite (and see invitations for) members only. */
function invitableRoles(request: FastifyRequest): Role[] {
  return hasRole(request.member?.role, 'admin') ? roles : ['member']
}

function absoluteUrl(request: FastifyRequest, path: string): string {
  const base = request.server.config.publicUrl?.origin ?? `${request.protocol}://${request.host}`
  return `${base}${path}`
}

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const moderator = { config: { access: 'moderator' } } as const
  const admin = { config: { access: 'admin' } } as const

  app.get('/admin', moderator, async (request, reply) =>
    reply.page('admin/index.eta', { title: 'admin.title', isAdmin: hasRole(request.member?.role, 'admin') }),
  )

  // ---- members

  app.get<{ Querystring: { q?: string; status?: string } }>(
    '/admin/members',
    admin,
    async (request, reply) => {
      const status = statuses.find((s) => s === request.query.status) ?? null
      const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : ''
      return reply.page('admin/members.eta', {
        title: 'admin.members.title',
        members: await searchMembers(app.db, { q, status }),
        q,
        status,
        statuses,
        roles,
        me: currentMember(request).id,
      })
    },
  )

  async function targetMember(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = idParam(request.params.id)
    const member = id === null ? undefined : await findMemberById(app.db, id)
    if (!member || member.status === 'deleted') throw notFound()
    return member
  }

  /** An admin cannot demote or disable the last active admin, so the site is never left without one. */
  async function wouldRemoveLastAdmin(db: Database, member: { role: Role; status: MemberStatus }) {
    return member.role === 'admin' && member.status === 'active' && (await countActiveAdmins(db)) <= 1
  }

  app.post<{ Params: { id: string } }>('/admin/members/:id/role', admin, async (request, reply) => {
    const member = await targetMember(request)
    const role = roles.find((r) => r === field(request.body, 'role'))
    if (!role) return membersRedirect(reply, 'flash.invalidChoice', 'error')
    if (role === member.role) return membersRedirect(reply, 'flash.nothingChanged')
    const changed = await app.db.transaction().execute(async (trx) => {
      if (role !== 'admin' && (await wouldRemoveLastAdmin(trx, member))) return false
      await updateMember(trx, member.id, { role })
      if (roles.indexOf(role) < roles.indexOf(member.role)) await withdrawGrantsMadeBy(trx, member.id)
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'member.role',
        targetType: 'member',
        targetId: member.id,
        detail: { from: member.role, to: role },
      })
      return true
    })
    if (!changed) return membersRedirect(reply, 'flash.lastAdmin', 'error')
    return membersRedirect(reply, 'flash.roleChanged')
  })

  app.post<{ Params: { id: string } }>('/admin/members/:id/disable', admin, async (request, reply) => {
    const member = await targetMember(request)
    const me = currentMember(request)
    if (member.id === me.id) return membersRedirect(reply, 'flash.notYourself', 'error')
    const disabled = await app.db.transaction().execute(async (trx) => {
      if (await wouldRemoveLastAdmin(trx, member)) return false
      await updateMember(trx, member.id, { status: 'disabled' })
      await invalidateMemberSessions(trx, member.id)
      await withdrawGrantsMadeBy(trx, member.id)
      await recordAudit(trx, {
        actorId: me.id,
        action: 'member.disable',
        targetType: 'member',
        targetId: member.id,
      })
      return true
    })
    if (!disabled) return membersRedirect(reply, 'flash.lastAdmin', 'error')
    return membersRedirect(reply, 'flash.memberDisabled')
  })

  app.post<{ Params: { id: string } }>('/admin/members/:id/enable', admin, async (request, reply) => {
    const member = await targetMember(request)
    if (member.status !== 'disabled') return membersRedirect(reply, 'flash.nothingChanged')
    await app.db.transaction().execute(async (trx) => {
      await updateMember(trx, member.id, { status: 'active' })
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'member.enable',
        targetType: 'member',
        targetId: member.id,
      })
    })
    return membersRedirect(reply, 'flash.memberEnabled')
  })

  app.post<{ Params: { id: string } }>('/admin/members/:id/reset-link', admin, async (request, reply) => {
    const member = await targetMember(request)
    const me = currentMember(request)
    const token = await app.db.transaction().execute(async (trx) => {
      // Only the newest link works.
      await expireResetLinks(trx, member.id)
      const created = await createOneTimeToken(trx, {
        purpose: 'password_reset',
        memberId: member.id,
        createdBy: me.id,
        lifetimeMs: resetLinkLifetimeMs,
      })
      await recordAudit(trx, {
        actorId: me.id,
        action: 'member.password-reset-link',
        targetType: 'member',
        targetId: member.id,
      })
      return created
    })
    // Shown once, on this response: the link is a secret and is not stored anywhere in clear.
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .page('admin/link-created.eta', {
        title: 'admin.resetLink.title',
        intro: 'admin.resetLink.intro',
        name: member.display_name ?? '',
        link: absoluteUrl(request, `/reset/${token}`),
        hours: resetLinkLifetimeMs / 3_600_000,
        back: '/admin/members',
      })
  })

  function membersRedirect(reply: FastifyReply, key: Parameters<typeof setFlash>[1], kind?: 'error') {
    setFlash(reply, key, kind)
    return reply.redirect('/admin/members', 303)
  }

  // ---- invitations

  const invitationsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) =>
    reply.page('admin/invitations.eta', {
      title: 'admin.invitations.title',
      invitations: await listOpenInvitations(app.db, invitableRoles(request)),
      roles: invitableRoles(request),
      values: { role: 'member', email: '', days: String(invitationLifetimeDays), ...values },
      errors,
    })

  app.get('/admin/invitations', moderator, async (request, reply) => invitationsPage(request, reply))

  app.post('/admin/invitations', moderator, async (request, reply) => {
    const me = currentMember(request)
    const values = {
      role: field(request.body, 'role'),
      email: field(request.body, 'email').trim(),
      days: field(request.body, 'days').trim(),
    }
    const errors: FieldErrors = {}
    const role = roles.find((r) => r === values.role)
    // Moderators may invite members only; the check is here, not just in the form.
    if (!role || (role !== 'member' && !hasRole(me.role, 'admin'))) errors.role = 'form.invalidChoice'
    if (values.email && !isEmail(values.email)) errors.email = 'form.emailInvalid'
    const days = /^\d{1,3}$/.test(values.days) ? Number(values.days) : Number.NaN
    if (!(days >= 1 && days <= 90)) errors.days = 'admin.invitations.daysInvalid'
    if (hasErrors(errors) || !role) return invitationsPage(request, reply.code(422), values, errors)
    const { token } = await app.db.transaction().execute(async (trx) => {
      const created = await createInvitation(trx, {
        role,
        email: values.email || null,
        createdBy: me.id,
        expiresInDays: days,
      })
      await recordAudit(trx, {
        actorId: me.id,
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: created.id,
        detail: { role, days },
      })
      return created
    })
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .page('admin/link-created.eta', {
        title: 'admin.invitations.createdTitle',
        intro: 'admin.invitations.createdIntro',
        name: values.email,
        link: absoluteUrl(request, `/invite/${token}`),
        hours: days * 24,
        back: '/admin/invitations',
      })
  })

  app.post<{ Params: { id: string } }>('/admin/invitations/:id/revoke', moderator, async (request, reply) => {
    const id = idParam(request.params.id)
    const invitation = id === null ? undefined : await findInvitationById(app.db, id)
    const me = currentMember(request)
    if (!invitation) throw notFound()
    if (invitation.role !== 'member' && !hasRole(me.role, 'admin')) throw notFound()
    await app.db.transaction().execute(async (trx) => {
      await revokeInvitation(trx, invitation.id)
      await recordAudit(trx, {
        actorId: me.id,
        action: 'invitation.revoke',
        targetType: 'invitation',
        targetId: invitation.id,
      })
    })
    setFlash(reply, 'flash.invitationRevoked')
    return reply.redirect('/admin/invitations', 303)
  })

  // ---- registrations awaiting approval

  app.get('/admin/registrations', moderator, async (_request, reply) =>
    reply.page('admin/registrations.eta', {
      title: 'admin.registrations.title',
      pending: await searchMembers(app.db, { status: 'pending' }),
    }),
  )

  app.post<{ Params: { id: string; decision: string } }>(
    '/admin/registrations/:id/:decision',
    moderator,
    async (request, reply) => {
      const member = await targetMember(request)
      const decision = request.params.decision
      if (member.status !== 'pending' || (decision !== 'approve' && decision !== 'reject')) throw notFound()
      await app.db.transaction().execute(async (trx) => {
        if (decision === 'approve') await updateMember(trx, member.id, { status: 'active' })
        // A rejected applicant never became a member: nothing of them is kept.
        else await trx.deleteFrom('member').where('id', '=', member.id).execute()
        await recordAudit(trx, {
          actorId: currentMember(request).id,
          action: decision === 'approve' ? 'member.approve' : 'member.reject',
          targetType: 'member',
          targetId: decision === 'approve' ? member.id : null,
        })
      })
      setFlash(reply, decision === 'approve' ? 'flash.registrationApproved' : 'flash.registrationRejected')
      return reply.redirect('/admin/registrations', 303)
    },
  )

  // ---- site settings

  const settingsPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string>,
    errors: FieldErrors = {},
  ) =>
    reply.page('admin/settings.eta', {
      title: 'admin.settings.title',
      values: values ?? {
        site_name: request.site.siteName,
        visibility: request.site.visibility,
        default_locale: request.site.defaultLocale ?? '',
        registration: request.site.registration,
      },
      errors,
      visibilities,
      registrationModes,
      locales,
    })

  app.get('/admin/settings', admin, async (request, reply) => settingsPage(request, reply))

  app.post('/admin/settings', admin, async (request, reply) => {
    const values = {
      site_name: field(request.body, 'site_name').trim(),
      visibility: field(request.body, 'visibility'),
      default_locale: field(request.body, 'default_locale'),
      registration: field(request.body, 'registration'),
    }
    const errors: FieldErrors = {}
    if (values.site_name.length < 2 || values.site_name.length > 80)
      errors.site_name = 'admin.settings.nameInvalid'
    const visibility = visibilities.find((v) => v === values.visibility)
    if (!visibility) errors.visibility = 'form.invalidChoice'
    const registration = registrationModes.find((m) => m === values.registration)
    if (!registration) errors.registration = 'form.invalidChoice'
    if (values.default_locale !== '' && !isLocale(values.default_locale))
      errors.default_locale = 'form.invalidChoice'
    if (hasErrors(errors) || !visibility || !registration) {
      return settingsPage(request, reply.code(422), values, errors)
    }
    await app.db.transaction().execute(async (trx) => {
      await updateSiteSettings(trx, {
        siteName: values.site_name,
        visibility,
        registration,
        defaultLocale: isLocale(values.default_locale) ? values.default_locale : null,
      })
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'settings.update',
        targetType: 'settings',
        detail: {
          siteName: values.site_name,
          visibility,
          registration,
          defaultLocale: values.default_locale || null,
        },
      })
    })
    setFlash(reply, 'flash.settingsSaved')
    return reply.redirect('/admin/settings', 303)
  })

  // ---- audit log

  app.get<{ Querystring: { before?: string } }>('/admin/audit', admin, async (request, reply) => {
    const before = idParam(request.query.before) ?? undefined
    const { entries, hasMore } = await listAuditEntries(app.db, before)
    return reply.page('admin/audit.eta', {
      title: 'admin.audit.title',
      entries: entries.map((entry) => ({
        ...entry,
        summary: describeAuditDetail(
          request.t,
          entry.action,
          JSON.parse(entry.detail) as Record<string, unknown>,
        ),
      })),
      nextBefore: hasMore ? entries.at(-1)?.id : null,
    })
  })
}
