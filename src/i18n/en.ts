import type { MessageKey } from './nl.js'

export const en: Record<MessageKey, string> = {
  'site.tagline': 'Learning together across City Deals, Regio Deals, Woondeals and Green Deals',
  'layout.skipToContent': 'Skip to content',
  'layout.mainNav': 'Main menu',
  'nav.home': 'Home',
  'nav.threads': 'Questions',
  'nav.sessions': 'Sessions',
  'nav.wiki': 'Wiki',
  'nav.search': 'Search',
  'nav.login': 'Log in',
  'nav.account': 'My account',
  'nav.admin': 'Administration',
  'nav.logout': 'Log out',
  'footer.about': 'Leerplein: forum, session reports and wiki of the Community of Practice.',
  'footer.accessibility': 'Accessibility',
  'footer.privacy': 'Privacy',
  'footer.language': 'Language',
  'footer.switchLanguage': 'Choose language',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'flash.label': 'Notice',
  'flash.languageChanged': 'The language has been changed.',
  'home.title': 'Home',
  'home.welcome': 'Welcome to {site}',
  'home.intro':
    'Here dealmakers ask each other questions, moderators keep the reports of theme sessions, and a wiki of deals, people, organisations and themes grows. That way the next deal finds what an earlier deal learned.',
  'home.nextSession': 'Next session',
  'home.noNextSession': 'No session has been planned yet.',
  'home.openQuestions': 'Open questions',
  'home.noOpenQuestions': 'There are no open questions.',
  'home.recentPages': 'Recently changed pages',
  'home.noRecentPages': 'There are no wiki pages yet.',
  'error.notFound.title': 'Page not found',
  'error.notFound.text':
    'The page you are looking for does not exist (any more). Check the address or go to the home page.',
  'error.forbidden.title': 'No access',
  'error.forbidden.text': 'You do not have access to this page or action.',
  'error.csrf.text':
    'The form has expired or did not come from this site. Nothing was changed. Go back, reload the page and try again.',
  'error.tooLarge.title': 'Too much text',
  'error.tooLarge.text':
    'What you sent is larger than {limit} and was not saved. Shorten the text and try again.',
  'error.tooMany.title': 'Too many attempts',
  'error.tooMany.text': 'You have tried this too often. Try again in {minutes} minutes.',
  'error.badRequest.title': 'Invalid request',
  'error.badRequest.text': 'This request could not be processed. Go back and try again.',
  'error.server.title': 'Something went wrong',
  'error.server.text':
    'An error on our side kept this page from being shown. Please try again later. If it keeps happening, give this reference to the administrator:',
  'error.backHome': 'Go to the home page',
  'accessibility.title': 'Accessibility statement',
  'accessibility.intro':
    '{site} aims to be usable by everyone. The platform is built to the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, the standard for government websites in the Netherlands.',
  'accessibility.measuresTitle': 'What we do',
  'accessibility.measures':
    'Every page works without JavaScript and with a keyboard alone. Form fields have labels, focus is always visible, colour is never the only carrier of information, and every main page is checked automatically with axe-core in a real browser on every change.',
  'accessibility.contactTitle': 'Something does not work?',
  'accessibility.contact':
    'If you run into a problem, tell the moderators or the administrator of this community. We respond within five working days.',
  'privacy.title': 'Privacy statement',
  'privacy.intro':
    '{site} keeps only what the community needs to work: your email address, display name, role, language preference, a hashed version of your password and the contributions you post.',
  'privacy.cookiesTitle': 'Cookies',
  'privacy.cookies':
    'We use functional cookies only: a session cookie to keep you logged in, a cookie against forged forms and, if you choose one, a cookie with your language. There are no tracking or analytics cookies.',
  'privacy.rightsTitle': 'Your rights',
  'privacy.rights':
    'On your account page you can download all your data and delete your account (GDPR articles 15, 17 and 20). Your contributions then remain under the name "former member".',
}
