// Dutch interface text: the default language. Every key here must also exist in en.ts.
export const nl = {
  'site.tagline': 'Samen leren van City Deals, Regio Deals, Woondeals en Green Deals',
  'layout.skipToContent': 'Naar de inhoud',
  'layout.mainNav': 'Hoofdmenu',
  'nav.home': 'Home',
  'nav.threads': 'Vragen',
  'nav.sessions': 'Sessies',
  'nav.wiki': 'Wiki',
  'nav.search': 'Zoeken',
  'nav.login': 'Inloggen',
  'nav.account': 'Mijn account',
  'nav.admin': 'Beheer',
  'nav.logout': 'Uitloggen',
  'footer.about': 'Leerplein: forum, sessieverslagen en wiki van de Community of Practice.',
  'footer.accessibility': 'Toegankelijkheid',
  'footer.privacy': 'Privacy',
  'footer.language': 'Taal',
  'footer.switchLanguage': 'Kies taal',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'flash.label': 'Melding',
  'flash.languageChanged': 'De taal is gewijzigd.',
  'home.title': 'Home',
  'home.welcome': 'Welkom bij {site}',
  'home.intro':
    'Hier stellen dealmakers elkaar vragen, leggen moderatoren de verslagen van themasessies vast en groeit een wiki van deals, mensen, organisaties en thema’s. Zo vindt de volgende deal terug wat een eerdere deal heeft geleerd.',
  'home.nextSession': 'Volgende sessie',
  'home.noNextSession': 'Er is nog geen sessie gepland.',
  'home.openQuestions': 'Open vragen',
  'home.noOpenQuestions': 'Er staan geen vragen open.',
  'home.recentPages': 'Recent gewijzigde pagina’s',
  'home.noRecentPages': 'Er zijn nog geen wikipagina’s.',
  'error.notFound.title': 'Pagina niet gevonden',
  'error.notFound.text':
    'De pagina die u zoekt bestaat niet (meer). Controleer het adres of ga naar de homepage.',
  'error.forbidden.title': 'Geen toegang',
  'error.forbidden.text': 'U hebt geen toegang tot deze pagina of handeling.',
  'error.csrf.text':
    'Het formulier is verlopen of kwam niet van deze site. Er is niets gewijzigd. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  'error.tooLarge.title': 'Te veel tekst',
  'error.tooLarge.text':
    'Wat u verstuurde is groter dan {limit} en is niet opgeslagen. Maak de tekst korter en probeer het opnieuw.',
  'error.tooMany.title': 'Te veel pogingen',
  'error.tooMany.text': 'U hebt dit te vaak geprobeerd. Probeer het over {minutes} minuten opnieuw.',
  'error.badRequest.title': 'Ongeldig verzoek',
  'error.badRequest.text': 'Dit verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.',
  'error.server.title': 'Er ging iets mis',
  'error.server.text':
    'Door een fout aan onze kant kon deze pagina niet worden getoond. Probeer het later opnieuw. Blijft het misgaan, geef dan deze referentie door aan de beheerder:',
  'error.backHome': 'Naar de homepage',
  'accessibility.title': 'Toegankelijkheidsverklaring',
  'accessibility.intro':
    '{site} wil voor iedereen bruikbaar zijn. Het platform is gebouwd volgens de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, de norm voor overheidswebsites in Nederland.',
  'accessibility.measuresTitle': 'Wat we doen',
  'accessibility.measures':
    'Alle pagina’s werken zonder JavaScript en met alleen een toetsenbord. Formuliervelden hebben labels, de focus is altijd zichtbaar, kleur is nooit de enige drager van informatie en elke hoofdpagina wordt bij iedere wijziging automatisch getoetst met axe-core in een echte browser.',
  'accessibility.contactTitle': 'Iets werkt niet?',
  'accessibility.contact':
    'Loopt u tegen een probleem aan, meld het dan bij de moderatoren of de beheerder van deze community. We reageren binnen vijf werkdagen.',
  'privacy.title': 'Privacyverklaring',
  'privacy.intro':
    '{site} bewaart alleen wat nodig is om de community te laten werken: uw e-mailadres, weergavenaam, rol, taalvoorkeur, een gehashte versie van uw wachtwoord en de bijdragen die u plaatst.',
  'privacy.cookiesTitle': 'Cookies',
  'privacy.cookies':
    'We gebruiken alleen functionele cookies: een sessiecookie om u ingelogd te houden, een cookie tegen vervalste formulieren en, als u die kiest, een cookie met uw taal. Er zijn geen tracking- of analysecookies.',
  'privacy.rightsTitle': 'Uw rechten',
  'privacy.rights':
    'Op uw accountpagina kunt u al uw gegevens downloaden en uw account verwijderen (AVG artikel 15, 17 en 20). Uw bijdragen blijven dan staan onder de naam "oud-lid".',
} as const

export type MessageKey = keyof typeof nl
