// Demo forum: two dozen questions and discussions between the demo accounts, linking the demo wiki.
import type { Database } from '../db/database.js'
import { createReply, createThread, findCategoryBySlug, setAcceptedAnswer } from '../forum/queries.js'

type Who = 'sanne' | 'joris' | 'moderator' | 'beheer'

interface DemoThread {
  category: 'vragen-uit-de-praktijk' | 'samenwerken-en-partners' | 'resultaten-borgen' | 'mededelingen'
  kind: 'question' | 'discussion'
  by: Who
  title: string
  body: string
  replies: [Who, string][]
  /** Index in replies of the accepted answer. */
  accepted?: number
}

export const demoThreads: DemoThread[] = [
  {
    category: 'samenwerken-en-partners',
    kind: 'question',
    by: 'sanne',
    title: 'Hoe houden jullie dertig partners in beweging na de ondertekening?',
    body: 'Bij de [[Regio Deal Groene Delta]] merken we dat de energie na de ondertekening wegzakt. Wie heeft een aanpak die werkt?',
    replies: [
      [
        'joris',
        'Bij de [[City Deal Slimme Binnenstad]] werken we met een kernteam van zes trekkers dat elke twee weken kort afstemt. De rest van de partners zien we elk kwartaal.',
      ],
      [
        'moderator',
        'Zie ook de themapagina [[Partners in beweging houden]]; daar staan de lessen uit de vorige sessie.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'joris',
    title: 'Wie heeft ervaring met een modelverordening voor datadeling?',
    body: 'Voor [[Data en digitalisering]] zoeken we een voorbeeld van afspraken tussen gemeenten over het delen van sensordata.',
    replies: [
      [
        'sanne',
        'Navraag bij [[Bram Jansen]] van Gemeente Waterstad: zij hebben zoiets opgesteld voor de binnenstad.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'resultaten-borgen',
    kind: 'discussion',
    by: 'moderator',
    title: 'Wat gebeurt er met de kennis als een deal afloopt?',
    body: 'De [[City Deal Eenvoudig Regelen]] is afgerond. Hoe zorgen we dat wat daar geleerd is niet verdwijnt? Zie [[Resultaten borgen]].',
    replies: [
      [
        'sanne',
        'Een overdrachtsdocument helpt, maar mensen helpen meer: laat de projectleider een jaar lang aanspreekpunt blijven.',
      ],
      [
        'joris',
        'En leg de werkwijze vast in de begroting van de deelnemende gemeenten, anders is het na één bezuinigingsronde weg.',
      ],
    ],
  },
  {
    category: 'mededelingen',
    kind: 'discussion',
    by: 'beheer',
    title: 'Welkom op Leerplein',
    body: 'Dit is de plek voor vragen tussen deals. Koppel je vraag aan een deal of thema met [[…]], dan vinden anderen hem later terug.',
    replies: [['sanne', 'Mooi! Ik heb meteen de pagina van de [[Regio Deal Groene Delta]] aangevuld.']],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'sanne',
    title: 'Hoe vraag je experimenteerruimte aan bij een ministerie?',
    body: 'Voor de [[Regio Deal Grensland]] willen we afwijken van een regel voor grensarbeiders. Bij wie begin je?',
    replies: [
      [
        'joris',
        'Begin bij de dealmaker van het ministerie, in ons geval [[Ilse Kramer]]. Zij weet welke directie erover gaat.',
      ],
      [
        'moderator',
        'Lees ook [[Experimenteerruimte]]: de [[City Deal Eenvoudig Regelen]] heeft hier veel ervaring mee.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'question',
    by: 'joris',
    title: 'Hoe betrek je bedrijven die geen subsidie zoeken?',
    body: 'In de [[Green Deal Circulaire Bouw]] willen bouwbedrijven meedoen, maar zonder projectgeld. Wat bied je ze?',
    replies: [
      [
        'sanne',
        'Toegang tot opdrachtgevers en een plek aan tafel bij de normen. Dat was bij ons doorslaggevend.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'resultaten-borgen',
    kind: 'question',
    by: 'sanne',
    title: 'Welke indicatoren gebruiken jullie voor brede welvaart?',
    body: 'We willen voor de [[Regio Deal Groene Delta]] sturen op [[Brede welvaart]], maar meten vooral banen.',
    replies: [
      [
        'moderator',
        '[[Noor Visser]] van het [[Kennisnetwerk Regio’s]] werkt aan een gedeelde set; zij deelt die graag.',
      ],
    ],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'joris',
    title: 'Telgegevens van voetgangers: wie is eigenaar?',
    body: 'Bij de [[City Deal Lopen in de Wijk]] verzamelt een bedrijf de tellingen. Mogen we die data zelf publiceren?',
    replies: [['sanne', 'Leg het eigendom vast vóór het contract. Achteraf onderhandelen lukt bijna nooit.']],
    accepted: 0,
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'discussion',
    by: 'moderator',
    title: 'Enthousiasme vasthouden in de voorbereidingsfase',
    body: 'De [[City Deal Energieke Buurten]] is nog niet getekend, maar partners willen al aan de slag. Wat doe je in de tussentijd?',
    replies: [
      [
        'sanne',
        'Geef ze een klein, concreet klusje: een buurtverkenning bijvoorbeeld. Dan blijft het levend.',
      ],
      ['joris', 'En communiceer eerlijk over de planning; teleurstelling komt vooral door verrassingen.'],
    ],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'sanne',
    title: 'Monitoring van een woondeal: hoe vaak rapporteren?',
    body: 'De [[Woondeal Kustregio]] zoekt een ritme voor voortgangsrapportages. Hoe doet de [[Woondeal Rivierenland]] het?',
    replies: [
      [
        'joris',
        'Twee keer per jaar aan de stuurgroep, één keer per jaar openbaar. [[Thomas de Groot]] kan het format delen.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'mededelingen',
    kind: 'discussion',
    by: 'moderator',
    title: 'Nieuwe categorie: Resultaten borgen',
    body: 'Vragen over wat na een deal overblijft, horen vanaf nu in deze categorie. Zie ook het thema [[Resultaten borgen]].',
    replies: [],
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'question',
    by: 'joris',
    title: 'Wie zit bij jullie in de stuurgroep?',
    body: 'Bestuurders, ambtenaren of allebei? Bij de [[Woondeal Rivierenland]] zit [[Daan Vermeulen]] als wethouder aan tafel.',
    replies: [
      ['sanne', 'Bij ons alleen bestuurders, met een ambtelijk voorportaal. Dat houdt de stuurgroep kort.'],
    ],
    accepted: 0,
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'sanne',
    title: 'Hoe schrijf je een goede dealtekst?',
    body: 'We beginnen aan de tekst van de [[City Deal Energieke Buurten]]. Tips om te voorkomen dat hij te vaag wordt?',
    replies: [
      [
        'moderator',
        'Per afspraak: wie, wat, wanneer. En een aparte paragraaf over wat er na afloop gebeurt.',
      ],
      ['joris', 'Laat elke partner één eigen toezegging formuleren. Dan voelt iedereen zich eigenaar.'],
    ],
    accepted: 1,
  },
  {
    category: 'resultaten-borgen',
    kind: 'discussion',
    by: 'joris',
    title: 'Overdrachtsplannen: wie heeft een voorbeeld?',
    body: 'Ik hoorde dat de [[Green Deal Circulaire Bouw]] vanaf jaar één een overdrachtsplan had. Is dat ergens te zien?',
    replies: [['sanne', '[[Jeroen van Dam]] heeft het gepresenteerd; misschien kan hij het hier delen.']],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'joris',
    title: 'Privacy bij camerabeelden in de binnenstad',
    body: 'Voor [[Data en digitalisering]] in de [[City Deal Slimme Binnenstad]]: hoe gaan jullie om met beelden van voorbijgangers?',
    replies: [
      [
        'sanne',
        'Wij tellen in de camera zelf en bewaren geen beelden. De gemeentejurist was daar direct gerust over.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'question',
    by: 'sanne',
    title: 'Hoe ga je om met een partner die niets doet?',
    body: 'Eén partner in de [[Regio Deal Grensland]] komt nooit naar bijeenkomsten. Aanspreken of laten gaan?',
    replies: [
      ['joris', 'Eerst een één-op-één gesprek: vaak is er een reden. Pas daarna de stuurgroep erbij halen.'],
    ],
  },
  {
    category: 'mededelingen',
    kind: 'discussion',
    by: 'beheer',
    title: 'Volgende themasessie: resultaten borgen',
    body: 'De volgende bijeenkomst gaat over [[Resultaten borgen]]. Ideeën voor sprekers zijn welkom.',
    replies: [
      ['sanne', '[[Lotte Smit]] van de [[City Deal Eenvoudig Regelen]] zou een mooie inspirator zijn.'],
    ],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'sanne',
    title: 'Welke rol heeft de provincie in een regio deal?',
    body: 'Bij de [[Regio Deal Groene Delta]] is de rol van de [[Provincie Oostmark]] nog onduidelijk. Trekker of partner?',
    replies: [
      [
        'joris',
        'In de [[Regio Deal Grensland]] is de provincie trekker. Dat werkt omdat zij de regionale partijen al kent.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'resultaten-borgen',
    kind: 'question',
    by: 'joris',
    title: 'Hoe meet je of een deal iets heeft opgeleverd?',
    body: 'De evaluatie van de [[Green Deal Stille Logistiek]] komt eraan. Wie heeft ervaring met een goede evaluatieopzet?',
    replies: [
      [
        'sanne',
        'Kijk niet alleen naar resultaten, maar ook naar wat er geleerd is en door wie. [[Noor Visser]] heeft daar een mooie vragenlijst voor.',
      ],
    ],
    accepted: 0,
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'discussion',
    by: 'sanne',
    title: 'Kennisinstellingen aan tafel: wat levert het op?',
    body: 'Het [[Kennisnetwerk Regio’s]] zit in meerdere deals. Ervaringen met onderzoekers als partner?',
    replies: [
      [
        'joris',
        'Ze brengen rust en onderbouwing, maar plan hun tijd vroeg in: hun jaar loopt anders dan het onze.',
      ],
    ],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'joris',
    title: 'Een dashboard per deal, of één voor allemaal?',
    body: 'Meerdere deals bouwen een eigen dashboard. Is er animo om samen één opzet te gebruiken? Zie [[Data en digitalisering]].',
    replies: [],
  },
  {
    category: 'vragen-uit-de-praktijk',
    kind: 'question',
    by: 'sanne',
    title: 'Hoe werf je een projectleider voor een nieuwe deal?',
    body: 'De [[Woondeal Kustregio]] heeft nog geen projectleider. Intern of extern werven?',
    replies: [['moderator', 'Intern, als het kan: iemand die de organisaties al kent, wint maanden.']],
  },
  {
    category: 'resultaten-borgen',
    kind: 'discussion',
    by: 'moderator',
    title: 'Lessen uit afgeronde deals verzamelen',
    body: 'Zullen we per afgeronde deal een korte lessenpagina maken? Te beginnen met [[City Deal Eenvoudig Regelen]] en [[Green Deal Stille Logistiek]].',
    replies: [
      ['joris', 'Goed idee. Ik schrijf die van de Stille Logistiek.'],
      ['sanne', 'Ik help met de indeling.'],
    ],
  },
  {
    category: 'samenwerken-en-partners',
    kind: 'question',
    by: 'joris',
    title: 'Hoe betrek je inwoners in een city deal?',
    body: 'De [[City Deal Lopen in de Wijk]] wil bewoners laten meetellen en meedenken. Wie heeft goede ervaringen?',
    replies: [
      [
        'sanne',
        'Wandelingen met bewoners door de wijk: laagdrempelig, en je hoort dingen die nooit in een enquête komen.',
      ],
    ],
    accepted: 0,
  },
]

export async function createDemoForum(db: Database, members: Record<Who, number>): Promise<number> {
  // Spread the threads over the last months so lists, feeds and dates look like a living community.
  const start = Date.now() - demoThreads.length * 3 * 86_400_000
  for (const [index, thread] of demoThreads.entries()) {
    const category = await findCategoryBySlug(db, thread.category)
    if (!category) throw new Error(`demo category ${thread.category}`)
    const at = new Date(start + index * 3 * 86_400_000)
    const created = await createThread(
      db,
      {
        categoryId: category.id,
        kind: thread.kind,
        title: thread.title,
        body: thread.body,
        authorId: members[thread.by],
        submissionKey: null,
      },
      at,
    )
    const row = await db
      .selectFrom('thread')
      .selectAll()
      .where('id', '=', created.threadId)
      .executeTakeFirstOrThrow()
    const replyIds: number[] = []
    for (const [offset, [who, body]] of thread.replies.entries()) {
      const reply = await createReply(
        db,
        row,
        { body, authorId: members[who], submissionKey: null },
        new Date(at.getTime() + (offset + 1) * 3_600_000),
      )
      replyIds.push(reply.postId)
    }
    if (thread.accepted !== undefined) {
      const post = await db
        .selectFrom('post')
        .selectAll()
        .where('id', '=', replyIds[thread.accepted] ?? -1)
        .executeTakeFirst()
      if (post) await setAcceptedAnswer(db, row, post, members[thread.by])
    }
  }
  return demoThreads.length
}
