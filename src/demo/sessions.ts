// Demo theme sessions, written in the import format so the demo also shows what a moderator's file
// looks like. Three published sessions and one planned, in one series; one idea taken up later.
import type { Database } from '../db/database.js'
import { importSessionDocument } from '../sessions/import.js'
import { parseSessionDocument } from '../sessions/markdown-format.js'

const now = new Date()
const inDays = (days: number, time: string) => {
  const d = new Date(now.getTime() + days * 86_400_000)
  return `${d.toISOString().slice(0, 10)} ${time}`
}

export const demoSessionFiles: string[] = [
  `---
title: "Partners in beweging houden"
series: "themasessie CoP"
number: 1
start: ${inDays(-120, '15:30')}
end: ${inDays(-120, '17:00')}
format: online
location: "https://vergader.example/cop-1"
moderators: [Bas Moderator]
speakers: [Ruben Hoekstra]
participants: [Sanne de Wit, Joris Bakker, Fatima El Idrissi, Karim Amrani, Eva Bos, Thomas de Groot]
themes: [Partners in beweging houden]
status: published
summary: "Hoe houd je tientallen partners betrokken als de eerste energie weg is?"
---

[[Ruben Hoekstra]] vertelde hoe de [[City Deal Slimme Binnenstad]] werkt met een klein kernteam en een vast ritme van bijeenkomsten. Herkenbaar voor de [[Regio Deal Groene Delta]], met 31 partners.

## Break-out: Grote deals

Participants: Karim Amrani, Fatima El Idrissi, Sanne de Wit

Met meer dan twintig partners werkt een stuurgroep met een ambtelijk voorportaal het best. Zie [[Partners in beweging houden]].

## Break-out: Kleine deals

Participants: Eva Bos, Thomas de Groot, Joris Bakker

Bij kleine deals is het risico dat alles op één trekker leunt. Spreek een vervanger af.

## Ideeën voor vervolgsessies

- **Bestuurders betrekken**: hoe houd je wethouders en gedeputeerden aan tafel?
- **Data delen tussen deals**: een gedeelde aanpak voor eigendom en privacy.
- **Lessen uit afgeronde deals**: wat blijft er over als een deal afloopt?
`,
  `---
title: "Data en digitalisering"
series: "themasessie CoP"
number: 2
start: ${inDays(-75, '15:30')}
end: ${inDays(-75, '17:00')}
format: hybrid
location: "Stadskantoor Waterstad, zaal 3"
moderators: [Bas Moderator]
speakers: [Bram Jansen]
participants: [Sanne de Wit, Joris Bakker, Eva Bos, Noor Visser]
themes: [Data en digitalisering]
status: published
summary: "Wie is eigenaar van data in een deal, en hoe voorkom je dat elke deal een eigen dashboard bouwt?"
---

Deze sessie kwam voort uit een idee uit de eerste sessie. [[Bram Jansen]] liet het datamodel van de [[City Deal Slimme Binnenstad]] zien; de [[City Deal Lopen in de Wijk]] deelde haar ervaringen met telgegevens.

## Break-out: Eigendom en privacy

Participants: Joris Bakker, Eva Bos

Leg het eigendom van data vast vóór het contract. Tellen in de camera zelf voorkomt privacyvragen.

## Break-out: Eén dashboard?

Participants: Sanne de Wit, Noor Visser

Een gedeeld dashboard kan, als deals dezelfde indicatoren kiezen. Het [[Kennisnetwerk Regio’s]] helpt daarbij.

## Ideeën voor vervolgsessies

- **Gedeelde indicatoren voor brede welvaart**: samen met het Kennisnetwerk Regio’s.
`,
  `---
title: "Experimenteerruimte in regels"
series: "themasessie CoP"
number: 3
start: ${inDays(-30, '15:30')}
end: ${inDays(-30, '17:00')}
format: online
location: "https://vergader.example/cop-3"
moderators: [Bas Moderator]
speakers: [Lotte Smit, Ilse Kramer]
participants: [Sanne de Wit, Fatima El Idrissi, Jeroen van Dam]
themes: [Experimenteerruimte]
status: published
summary: "Afwijken van regels om iets nieuws te proberen: hoe vraag je het aan, en wat als het lukt?"
---

[[Lotte Smit]] blikte terug op de [[City Deal Eenvoudig Regelen]]; [[Ilse Kramer]] legde uit hoe een verzoek om [[Experimenteerruimte]] bij het ministerie loopt. De [[Regio Deal Grensland]] wil dit voor grensarbeiders.

## Break-out: Het verzoek

Participants: Fatima El Idrissi, Sanne de Wit

Begin klein en concreet, met één regel en één groep inwoners.

## Ideeën voor vervolgsessies

- **Van experiment naar beleid**: wat gebeurt er als een experiment slaagt?
`,
  `---
title: "Bestuurders betrekken"
series: "themasessie CoP"
number: 4
start: ${inDays(21, '15:30')}
end: ${inDays(21, '17:00')}
format: online
location: "https://vergader.example/cop-4"
moderators: [Bas Moderator]
speakers: [Daan Vermeulen]
themes: [Partners in beweging houden]
status: planned
summary: "Wethouder Daan Vermeulen vertelt hoe de Woondeal Rivierenland bestuurders aan tafel houdt."
---
`,
]

export async function createDemoSessions(db: Database, authorId: number): Promise<number> {
  const slugs: string[] = []
  for (const file of demoSessionFiles) {
    const { document, errors } = parseSessionDocument(file)
    if (!document) throw new Error(`demo session: ${errors.map((e) => `${e.line} ${e.key}`).join(', ')}`)
    const result = await importSessionDocument(db, document, { update: false, authorId })
    if (!result.ok) throw new Error('demo session exists')
    slugs.push(result.slug)
  }
  // Ideas from the first session that later sessions took up.
  const sessions = await db.selectFrom('theme_session').select(['id', 'number']).execute()
  const idOf = (n: number) => sessions.find((s) => s.number === n)?.id ?? null
  await db
    .updateTable('idea')
    .set({ status: 'done', taken_up_by: idOf(2) })
    .where('title', '=', 'Data delen tussen deals')
    .execute()
  await db
    .updateTable('idea')
    .set({ status: 'planned', taken_up_by: idOf(4) })
    .where('title', '=', 'Bestuurders betrekken')
    .execute()
  return slugs.length
}
