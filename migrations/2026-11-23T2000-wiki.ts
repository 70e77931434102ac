import { type Kysely, sql } from 'kysely'

// The wiki, and the text machinery every later feature shares: revisions of any text-bearing entity,
// links from any source text to a page slug (also to slugs that have no page yet), and redirects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('page')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('deal', 'person', 'organisation', 'theme', 'page')`),
    )
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    // Deal fields.
    .addColumn('deal_type', 'text', (col) =>
      col.check(sql`deal_type in ('city-deal', 'regio-deal', 'woondeal', 'green-deal', 'other')`),
    )
    .addColumn('deal_status', 'text', (col) =>
      col.check(sql`deal_status in ('in-preparation', 'running', 'completed')`),
    )
    .addColumn('signed_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('partner_count', 'integer')
    // A person's title as written; resolves through the links like any [[link]], so it may not exist yet.
    .addColumn('project_lead', 'text')
    // Person fields.
    .addColumn('person_role', 'text')
    .addColumn('organisation', 'text')
    // Theme field.
    .addColumn('summary', 'text')
    .addColumn('protected', 'integer', (col) => col.notNull().defaultTo(0))
    // A member who says this person page is about them; a moderator confirms (member.person_page_id).
    .addColumn('claimed_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('page_kind_title').on('page').columns(['kind', 'title']).execute()
  await db.schema.createIndex('page_updated').on('page').column('updated_at').execute()
  await db.schema
    .createIndex('page_deal')
    .on('page')
    .columns(['kind', 'deal_type', 'deal_status', 'signed_on'])
    .execute()

  await db.schema
    .createTable('revision')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('entity_type', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'integer', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    // The entity's other fields at this revision, as JSON, so a diff can show them too.
    .addColumn('fields', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('summary', 'text')
    .addColumn('author_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('revision_entity_number', ['entity_type', 'entity_id', 'number'])
    .execute()
  await db.schema.createIndex('revision_recent').on('revision').column('created_at').execute()

  await db.schema
    .createTable('redirect')
    .addColumn('from_slug', 'text', (col) => col.primaryKey().notNull())
    .addColumn('page_id', 'integer', (col) => col.notNull().references('page.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('redirect_page').on('redirect').column('page_id').execute()

  await db.schema
    .createTable('link')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('source_type', 'text', (col) => col.notNull())
    .addColumn('source_id', 'integer', (col) => col.notNull())
    .addColumn('target_slug', 'text', (col) => col.notNull())
    .addColumn('target_title', 'text', (col) => col.notNull())
    // 'text' for a [[link]] in the body; a field name (project_lead, organisation) for a field that names a page.
    .addColumn('relation', 'text', (col) => col.notNull().defaultTo('text'))
    .addColumn('snippet', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('link_target').on('link').columns(['target_slug', 'source_type']).execute()
  await db.schema.createIndex('link_source').on('link').columns(['source_type', 'source_id']).execute()
}
