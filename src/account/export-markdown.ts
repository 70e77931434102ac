// The readable half of "download my data": everything the member wrote, as one Markdown file in their
// own language. The JSON download stays the complete, machine-readable record (AVG art. 20); this one
// is for a person to read (art. 15), so it shows texts rather than every stored field.
import { dateTimeFormatter } from '../i18n/dates.js'
import type { Locale } from '../i18n/locales.js'
import type { MessageKey, Translate } from '../i18n/translate.js'
import type { MemberData } from './queries.js'

interface Context {
  t: Translate
  locale: Locale
  /** Scheme and host the links in the file point to, as the file is read away from the site. */
  origin: string
  siteName: string
}

/** Escapes characters that Markdown would read as formatting in a one-line text such as a title. */
export function inlineText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|!~])/g, '\\$1')
}

/**
 * A member's own Markdown as a block quote, so that their headings and lists stay inside their text
 * instead of becoming sections of this file.
 */
export function quoted(markdown: string): string {
  const text = markdown.trim()
  if (text === '') return '>'
  return text
    .split(/\r?\n/)
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n')
}

export function memberDataMarkdown(data: MemberData, context: Context): string {
  const { t, origin } = context
  const when = dateTimeFormatter(context.locale)
  const link = (label: string, path: string | null) =>
    path ? `[${inlineText(label)}](${origin}${path})` : inlineText(label)
  const out: string[] = []
  /** A heading and its items: list items (starting with "- ") on consecutive lines, blocks apart. */
  const section = (title: MessageKey, items: string[]) => {
    out.push(`## ${t(title)}`, '')
    const list = items.every((item) => item.startsWith('- '))
    out.push(items.length > 0 ? items.join(list ? '\n' : '\n\n') : t('account.md.nothing'), '')
  }

  const name = data.member.display_name ?? t('member.former')
  out.push(`# ${inlineText(t('account.md.title', { name, site: context.siteName }))}`, '')
  out.push(t('account.md.intro', { date: when(data.exportedAt) }), '')

  const person = data.personPage
  section('account.md.account', [
    [
      `- ${t('form.displayName')}: ${inlineText(name)}`,
      `- ${t('form.email')}: ${inlineText(data.member.email ?? '')}`,
      `- ${t('account.md.role')}: ${t(`role.${data.member.role}` as MessageKey)}`,
      `- ${t('account.md.memberSince')}: ${when(data.member.created_at)}`,
      `- ${t('account.language')}: ${data.member.locale ? t(`language.${data.member.locale}` as MessageKey) : t('account.languageBrowser')}`,
      `- ${t('account.personPage')}: ${person ? link(person.title, `/wiki/${person.slug}`) : t('account.md.none')}`,
    ].join('\n'),
  ])

  section(
    'account.md.threads',
    data.threadsStarted.map(
      (thread) =>
        `- ${link(thread.title, thread.path)} (${t(`forum.kind.${thread.kind}` as MessageKey)}, ${when(thread.created_at)})`,
    ),
  )

  section(
    'account.md.posts',
    data.posts.map((post) => {
      const heading = `### ${link(post.thread_title, post.path)}`
      const meta = `_${when(post.created_at)}${post.edited_at ? ` · ${t('account.md.edited', { date: when(post.edited_at) })}` : ''}_`
      const body = post.deleted_at
        ? `_${t('account.md.removed', { date: when(post.deleted_at) })}_`
        : quoted(post.body)
      return [heading, '', meta, '', body].join('\n')
    }),
  )

  const revision = (r: MemberData['revisions'][number], kind: string) => {
    const where = r.sessionTitle
      ? ` (${inlineText(t('account.md.inSession', { session: r.sessionTitle }))})`
      : ''
    const heading = `### ${kind}${link(r.title, r.path)}${where}`
    const meta = [
      `_${t('account.md.version', { number: r.number })} · ${when(r.created_at)}_`,
      r.summary ? `${t('account.md.summary')}: ${inlineText(r.summary)}` : null,
    ]
      .filter(Boolean)
      .join('  \n')
    return [heading, '', meta, '', quoted(r.body)].join('\n')
  }
  const revisionsOf = (types: string[]) => data.revisions.filter((r) => types.includes(r.entity_type))

  section(
    'account.md.wiki',
    revisionsOf(['page']).map((r) => revision(r, '')),
  )
  const sessionKinds: Record<string, MessageKey> = {
    session: 'account.md.report',
    breakout: 'account.md.breakout',
    idea: 'account.md.idea',
  }
  section(
    'account.md.sessions',
    revisionsOf(['session', 'breakout', 'idea']).map((r) =>
      revision(r, `${t(sessionKinds[r.entity_type] as MessageKey)}: `),
    ),
  )
  section(
    'account.md.ideas',
    data.ideasProposed.map(
      (idea) =>
        `- ${link(idea.title, `/sessions/${idea.session_slug}#idea-${idea.id}`)} (${inlineText(
          t('account.md.inSession', { session: idea.session_title }),
        )}; ${t(`session.ideaStatus.${idea.status}` as MessageKey)}; ${
          idea.vote_count === 1 ? t('session.oneVote') : t('session.votes', { count: idea.vote_count })
        })`,
    ),
  )
  section(
    'account.md.votes',
    data.ideaVotes.map((vote) => `- ${inlineText(vote.title)} (${when(vote.created_at)})`),
  )

  // Moderators edit other people's posts; those words are theirs too. Their own posts are above.
  const otherEdits = data.revisions.filter((r) => r.entity_type === 'post' && r.onOwnPost === false)
  if (otherEdits.length > 0) {
    section(
      'account.md.otherEdits',
      otherEdits.map((r) => revision(r, '')),
    )
  }

  return `${out.join('\n').trimEnd()}\n`
}
