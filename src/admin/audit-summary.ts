// Turns an audit entry's stored facts into a sentence in the reader's language.
import type { MessageKey, Translate } from '../i18n/translate.js'

const roleKey = (role: unknown) => `role.${String(role)}` as MessageKey

export function describeAuditDetail(t: Translate, action: string, detail: Record<string, unknown>): string {
  switch (action) {
    case 'member.role':
      return t('audit.detail.role', { from: t(roleKey(detail.from)), to: t(roleKey(detail.to)) })
    case 'invitation.create':
      return t('audit.detail.invitation', { role: t(roleKey(detail.role)), days: String(detail.days) })
    case 'settings.update':
      return t('audit.detail.settings', {
        name: String(detail.siteName),
        visibility: t(`visibility.short.${String(detail.visibility)}` as MessageKey),
        registration: t(`registration.short.${String(detail.registration)}` as MessageKey),
        locale: detail.defaultLocale ? t(`language.${String(detail.defaultLocale)}` as MessageKey) : '—',
      })
    case 'page.delete':
      return String(detail.title ?? '')
    case 'page.revert':
      return t('audit.detail.revert', { number: String(detail.revision) })
    default:
      return ''
  }
}
