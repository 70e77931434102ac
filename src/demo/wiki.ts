// Demo wiki: invented deals, people, organisations and themes that link to each other the way a real
// community's pages would. Written for Leerplein; any likeness to real deals is in the genre only.
import type { Database } from '../db/database.js'
import { emptyFields, type PageFields, type PageKind } from '../wiki/fields.js'
import { createPage } from '../wiki/queries.js'

interface DemoPage {
  title: string
  kind: PageKind
  fields?: Partial<PageFields>
  body: string
}

const themes: DemoPage[] = [
  {
    title: 'Partners in beweging houden',
    kind: 'theme',
    fields: { summary: 'Hoe je tientallen partners betrokken houdt als de eerste energie is uitgewerkt' },
    body: 'Bijna elke deal kent het moment waarop de handtekeningen staan en het werk moet beginnen. Wat helpt: kleine, zichtbare resultaten in het eerste halfjaar, een vaste ritmiek van bijeenkomsten en een kernteam dat de trekkers kent.\n\nZie ook [[Resultaten borgen]] en de ervaringen van [[City Deal Slimme Binnenstad]] en [[Regio Deal Groene Delta]].',
  },
  {
    title: 'Resultaten borgen',
    kind: 'theme',
    fields: { summary: 'Wat blijft er over als de deal afloopt, en wie neemt het over?' },
    body: 'Deals hebben een einddatum, de opgaven niet. Borgen begint bij de start: wie is eigenaar van de aanpak na afloop, welke afspraken landen in beleid en begroting?\n\nDe [[Green Deal Circulaire Bouw]] maakte vanaf jaar één een overdrachtsplan. [[Woondeal Rivierenland]] koppelt resultaten aan de regionale woonagenda.',
  },
  {
    title: 'Data en digitalisering',
    kind: 'theme',
    fields: { summary: 'Data delen tussen gemeenten, rijk en bedrijven, en de vragen die dat oproept' },
    body: 'Veel deals verzamelen data, weinig deals hebben er de expertise voor in huis. Terugkerende vragen: wie is eigenaar, hoe ga je om met privacy, en hoe voorkom je dat elke deal zijn eigen dashboard bouwt?\n\nActief bij: [[City Deal Slimme Binnenstad]], [[City Deal Lopen in de Wijk]].',
  },
  {
    title: 'Experimenteerruimte',
    kind: 'theme',
    fields: { summary: 'Ruimte in regels om iets nieuws te proberen, en hoe je die krijgt' },
    body: 'Een deal is vaak de plek waar regels tijdelijk anders mogen. Dat vraagt om heldere afspraken met het ministerie over wat er gebeurt als het experiment slaagt — of mislukt.\n\nVoorbeelden: [[City Deal Eenvoudig Regelen]], [[Regio Deal Grensland]].',
  },
  {
    title: 'Brede welvaart',
    kind: 'theme',
    fields: { summary: 'Meer dan economische groei: gezondheid, natuur, bestaanszekerheid' },
    body: 'Regio Deals sturen steeds vaker op brede welvaart. Het meten ervan blijft lastig; de [[Kennisnetwerk Regio’s]] werkt aan een gedeelde set indicatoren.\n\nZie [[Regio Deal Groene Delta]] en [[Regio Deal Grensland]].',
  },
]

const organisations: DemoPage[] = [
  {
    title: 'Ministerie van Binnenlandse Zaken',
    kind: 'organisation',
    body: 'Coördineert de City Deals binnen de Agenda Stad en is partner in de meeste deals. Contactpersoon voor de community: [[Ilse Kramer]].',
  },
  {
    title: 'Gemeente Waterstad',
    kind: 'organisation',
    body: 'Middelgrote gemeente met deelname in [[City Deal Slimme Binnenstad]] en [[Woondeal Rivierenland]].',
  },
  {
    title: 'Kennisnetwerk Regio’s',
    kind: 'organisation',
    body: 'Netwerk van onderzoekers en beleidsmakers dat deals helpt met monitoring en evaluatie, onder meer rond [[Brede welvaart]].',
  },
  {
    title: 'Provincie Oostmark',
    kind: 'organisation',
    body: 'Trekker van de [[Regio Deal Grensland]] en partner in de [[Green Deal Circulaire Bouw]].',
  },
]

const people: DemoPage[] = [
  [
    'Ilse Kramer',
    'beleidsmedewerker City Deals',
    'Ministerie van Binnenlandse Zaken',
    'Aanspreekpunt voor vragen over de spelregels van City Deals. Denkt graag mee over [[Experimenteerruimte]].',
  ],
  [
    'Ruben Hoekstra',
    'projectleider',
    'Gemeente Waterstad',
    'Trekt de [[City Deal Slimme Binnenstad]]. Deelt zijn ervaringen met [[Partners in beweging houden]].',
  ],
  [
    'Fatima El Idrissi',
    'programmamanager',
    'Provincie Oostmark',
    'Programmamanager van de [[Regio Deal Grensland]].',
  ],
  [
    'Jeroen van Dam',
    'adviseur circulair bouwen',
    'Provincie Oostmark',
    'Kartrekker van de [[Green Deal Circulaire Bouw]] en spreker over [[Resultaten borgen]].',
  ],
  [
    'Noor Visser',
    'onderzoeker',
    'Kennisnetwerk Regio’s',
    'Onderzoekt hoe deals leren, en waarom dat tussen deals lastiger gaat dan binnen een deal.',
  ],
  [
    'Thomas de Groot',
    'projectleider',
    'Gemeente Waterstad',
    'Projectleider van de [[Woondeal Rivierenland]].',
  ],
  [
    'Sanne Mulder',
    'dealmaker',
    'Ministerie van Binnenlandse Zaken',
    'Begeleidt nieuwe deals tot de ondertekening, onder meer [[City Deal Energieke Buurten]].',
  ],
  [
    'Bram Jansen',
    'data-analist',
    'Gemeente Waterstad',
    'Werkt aan een gedeeld datamodel; zie [[Data en digitalisering]].',
  ],
  [
    'Eva Bos',
    'projectleider',
    'Kennisnetwerk Regio’s',
    'Projectleider van de [[City Deal Lopen in de Wijk]].',
  ],
  [
    'Karim Amrani',
    'programmasecretaris',
    'Provincie Oostmark',
    'Secretaris van de stuurgroep van de [[Regio Deal Groene Delta]].',
  ],
  [
    'Lotte Smit',
    'projectleider',
    'Ministerie van Binnenlandse Zaken',
    'Projectleider van de [[City Deal Eenvoudig Regelen]].',
  ],
  [
    'Daan Vermeulen',
    'wethouder',
    'Gemeente Waterstad',
    'Bestuurlijk trekker van de [[Woondeal Rivierenland]].',
  ],
].map(([title, role, organisation, body]) => ({
  title: title as string,
  kind: 'person' as const,
  fields: { person_role: role as string, organisation: organisation as string },
  body: body as string,
}))

const deals: DemoPage[] = [
  {
    title: 'City Deal Slimme Binnenstad',
    kind: 'deal',
    fields: {
      deal_type: 'city-deal',
      deal_status: 'running',
      signed_on: '2020-05-14',
      ends_on: '2024-12-31',
      partner_count: 23,
      project_lead: 'Ruben Hoekstra',
    },
    body: '## Doel\n\nBinnensteden leefbaar houden met slim gebruik van [[Data en digitalisering|data]], zonder dat elke gemeente het wiel opnieuw uitvindt.\n\n## Geleerd\n\n- Begin met één vraag die alle partners delen.\n- Houd de groep klein genoeg om te beslissen; zie [[Partners in beweging houden]].',
  },
  {
    title: 'City Deal Lopen in de Wijk',
    kind: 'deal',
    fields: {
      deal_type: 'city-deal',
      deal_status: 'running',
      signed_on: '2021-02-02',
      partner_count: 17,
      project_lead: 'Eva Bos',
    },
    body: 'Meer ruimte voor voetgangers in de wijk. De deal verzamelt telgegevens en zoekt expertise over [[Data en digitalisering|het delen van die data]].\n\nWerkt samen met de [[City Deal Slimme Binnenstad]].',
  },
  {
    title: 'City Deal Energieke Buurten',
    kind: 'deal',
    fields: {
      deal_type: 'city-deal',
      deal_status: 'in-preparation',
      partner_count: 9,
      project_lead: 'Sanne Mulder',
    },
    body: 'In voorbereiding: buurten zelf laten kiezen hoe ze van het gas af gaan. De partners willen snel aan de slag; de uitdaging is [[Partners in beweging houden|het enthousiasme vasthouden]] tot na de ondertekening.',
  },
  {
    title: 'City Deal Eenvoudig Regelen',
    kind: 'deal',
    fields: {
      deal_type: 'city-deal',
      deal_status: 'completed',
      signed_on: '2018-09-20',
      ends_on: '2022-09-20',
      partner_count: 12,
      project_lead: 'Lotte Smit',
    },
    body: 'Maatwerk voor inwoners die vastlopen tussen regelingen. De deal is afgerond; de werkwijze is overgedragen aan de deelnemende gemeenten. Lessen over [[Experimenteerruimte]] en [[Resultaten borgen]].',
  },
  {
    title: 'Regio Deal Groene Delta',
    kind: 'deal',
    fields: {
      deal_type: 'regio-deal',
      deal_status: 'running',
      signed_on: '2022-03-10',
      ends_on: '2026-03-10',
      partner_count: 31,
      project_lead: 'Karim Amrani',
    },
    body: 'Landbouw, natuur en water in één gebiedsaanpak, gericht op [[Brede welvaart]]. Met 31 partners is [[Partners in beweging houden]] hier een dagelijkse opgave.',
  },
  {
    title: 'Regio Deal Grensland',
    kind: 'deal',
    fields: {
      deal_type: 'regio-deal',
      deal_status: 'running',
      signed_on: '2021-11-01',
      ends_on: '2025-11-01',
      partner_count: 19,
      project_lead: 'Fatima El Idrissi',
    },
    body: 'Wonen, werken en leren over de grens. Vraagt om [[Experimenteerruimte]] in regels voor grensarbeiders en stuurt op [[Brede welvaart]]. Trekker: [[Provincie Oostmark]].',
  },
  {
    title: 'Woondeal Rivierenland',
    kind: 'deal',
    fields: {
      deal_type: 'woondeal',
      deal_status: 'running',
      signed_on: '2022-10-05',
      partner_count: 8,
      project_lead: 'Thomas de Groot',
    },
    body: 'Afspraken tussen rijk, provincie en gemeenten over 12.000 woningen tot 2030. Koppelt de voortgang aan de regionale woonagenda om [[Resultaten borgen|resultaten te borgen]].',
  },
  {
    title: 'Woondeal Kustregio',
    kind: 'deal',
    fields: { deal_type: 'woondeal', deal_status: 'in-preparation', partner_count: 6 },
    body: 'In voorbereiding. Leert van de [[Woondeal Rivierenland]] hoe je monitoring inricht.',
  },
  {
    title: 'Green Deal Circulaire Bouw',
    kind: 'deal',
    fields: {
      deal_type: 'green-deal',
      deal_status: 'running',
      signed_on: '2020-01-15',
      ends_on: '2025-01-15',
      partner_count: 42,
      project_lead: 'Jeroen van Dam',
    },
    body: 'Bouwers, overheden en kennisinstellingen werken aan hergebruik van materialen. Het overdrachtsplan is een voorbeeld voor [[Resultaten borgen]].',
  },
  {
    title: 'Green Deal Stille Logistiek',
    kind: 'deal',
    fields: {
      deal_type: 'green-deal',
      deal_status: 'completed',
      signed_on: '2017-06-01',
      ends_on: '2021-06-01',
      partner_count: 15,
    },
    body: 'Emissievrije bevoorrading van binnensteden. Afgerond; de afspraken leven voort in de [[City Deal Slimme Binnenstad]].',
  },
]

export const demoWikiPages: DemoPage[] = [...themes, ...organisations, ...people, ...deals]

export async function createDemoWiki(db: Database, authorId: number | null): Promise<number> {
  for (const page of demoWikiPages) {
    const result = await createPage(db, {
      title: page.title,
      kind: page.kind,
      body: page.body,
      fields: { ...emptyFields, ...page.fields },
      summary: null,
      authorId,
    })
    if (!result.ok) throw new Error(`demo page ${page.title}: ${result.reason}`)
  }
  return demoWikiPages.length
}
