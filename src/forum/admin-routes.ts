// Forum administration: the flag queue for moderators, categories for admins.
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { recordAudit } from '../audit/queries.js'
import { currentMember } from '../auth/auth-plugin.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, idParam } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { slugify } from '../text/slug.js'
import {
  createCategory,
  findCategoryById,
  findCategoryBySlug,
  findFlag,
  findPost,
  listCategories,
  listOpenFlags,
  resolveFlags,
  setPostHidden,
  updateCategory,
} from './queries.js'

export const forumAdminRoutes: FastifyPluginAsync = async (app) => {
  const moderator = { config: { access: 'moderator' } } as const
  const admin = { config: { access: 'admin' } } as const

  app.get('/admin/flags', moderator, async (_request, reply) =>
    reply.page('admin/flags.eta', { title: 'admin.flags.title', flags: await listOpenFlags(app.db) }),
  )

  app.post<{ Params: { id: string } }>('/admin/flags/:id/resolve', moderator, async (request, reply) => {
    const id = idParam(request.params.id)
    const flag = id === null ? undefined : await findFlag(app.db, id)
    const post = flag ? await findPost(app.db, flag.post_id) : undefined
    if (!flag || !post) throw notFound()
    const resolution = field(request.body, 'resolution') === 'hide' ? 'hidden' : 'dismissed'
    const me = currentMember(request)
    await app.db.transaction().execute(async (trx) => {
      if (resolution === 'hidden') await setPostHidden(trx, post, true)
      await resolveFlags(trx, post.id, resolution, me.id)
      await recordAudit(trx, {
        actorId: me.id,
        action: resolution === 'hidden' ? 'flag.hide' : 'flag.dismiss',
        targetType: 'post',
        targetId: post.id,
      })
    })
    setFlash(reply, resolution === 'hidden' ? 'flash.postHidden' : 'flash.flagDismissed')
    return reply.redirect('/admin/flags', 303)
  })

  const categoriesPage = async (reply: FastifyReply, values: Record<string, string>, errors: FieldErrors) =>
    reply.page('admin/categories.eta', {
      title: 'admin.categories.title',
      categories: await listCategories(app.db),
      values,
      errors,
    })

  function readCategory(body: unknown) {
    const values = {
      name: field(body, 'name').trim(),
      description: field(body, 'description').trim(),
      position: field(body, 'position').trim() || '0',
    }
    const errors: FieldErrors = {}
    if (values.name.length < 2 || values.name.length > 80 || !slugify(values.name))
      errors.name = 'admin.categories.nameInvalid'
    if (values.description.length > 300) errors.description = 'wiki.summaryTooLong'
    if (!/^-?\d{1,4}$/.test(values.position)) errors.position = 'wiki.partnersInvalid'
    return { values, errors }
  }

  app.get('/admin/categories', admin, async (_request, reply) => categoriesPage(reply, {}, {}))

  app.post('/admin/categories', admin, async (request, reply) => {
    const { values, errors } = readCategory(request.body)
    const slug = slugify(values.name)
    if (!errors.name && (await findCategoryBySlug(app.db, slug))) errors.name = 'admin.categories.nameTaken'
    if (hasErrors(errors)) return categoriesPage(reply.code(422), values, errors)
    await app.db.transaction().execute(async (trx) => {
      await createCategory(trx, {
        slug,
        name: values.name,
        description: values.description,
        position: Number(values.position),
      })
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'category.create',
        targetType: 'category',
        detail: { name: values.name },
      })
    })
    setFlash(reply, 'flash.categorySaved')
    return reply.redirect('/admin/categories', 303)
  })

  app.post<{ Params: { id: string } }>('/admin/categories/:id', admin, async (request, reply) => {
    const id = idParam(request.params.id)
    const category = id === null ? undefined : await findCategoryById(app.db, id)
    if (!category) throw notFound()
    const { values, errors } = readCategory(request.body)
    if (hasErrors(errors)) {
      setFlash(reply, 'flash.categoryInvalid', 'error')
      return reply.redirect('/admin/categories', 303)
    }
    await app.db.transaction().execute(async (trx) => {
      await updateCategory(trx, category.id, {
        name: values.name,
        description: values.description,
        position: Number(values.position),
      })
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'category.update',
        targetType: 'category',
        targetId: category.id,
        detail: { name: values.name },
      })
    })
    setFlash(reply, 'flash.categorySaved')
    return reply.redirect('/admin/categories', 303)
  })
}
