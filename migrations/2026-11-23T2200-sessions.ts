import { type Kysely, sql } from 'kysely'

// Theme sessions of the community: planned, written up with break-out rooms, and the ideas for
// follow-up sessions that members vote on. ("session" alone would be confused with login sessions.)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('theme_session')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('series', 'text')
    .addColumn('number', 'integer')
    // UTC instants; shown in Dutch time.
    .addColumn('starts_at', 'text', (col) => col.notNull())
    .addColumn('ends_at', 'text', (col) => col.notNull())
    .addColumn('format', 'text', (col) =>
      col.notNull().check(sql`format in ('online', 'in-person', 'hybrid')`),
    )
    // A place, or the meeting link (shown to members only).
    .addColumn('location', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('planned', 'draft', 'published')`),
    )
    .addColumn('summary', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('report', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('report_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('theme_session_start')
    .on('theme_session')
    .columns(['status', 'starts_at'])
    .execute()
  await db.schema
    .createIndex('theme_session_series_number')
    .on('theme_session')
    .columns(['series', 'number'])
    .unique()
    .execute()

  // Moderators, speakers, participants and themes of a session, as page titles (pages may not exist yet).
  await db.schema
    .createTable('session_tag')
    .addColumn('session_id', 'integer', (col) =>
      col.notNull().references('theme_session.id').onDelete('cascade'),
    )
    .addColumn('relation', 'text', (col) =>
      col.notNull().check(sql`relation in ('moderator', 'speaker', 'participant', 'theme')`),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('session_tag_pk', ['session_id', 'relation', 'position'])
    .execute()

  await db.schema
    .createTable('breakout')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('session_id', 'integer', (col) =>
      col.notNull().references('theme_session.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    // Page titles, one per line.
    .addColumn('participants', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('notes', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('notes_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    .execute()
  await db.schema.createIndex('breakout_session').on('breakout').columns(['session_id', 'position']).execute()

  await db.schema
    .createTable('idea')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('session_id', 'integer', (col) =>
      col.notNull().references('theme_session.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('description_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('proposed', 'planned', 'done', 'declined')`),
    )
    .addColumn('taken_up_by', 'integer', (col) => col.references('theme_session.id').onDelete('set null'))
    .addColumn('proposed_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('vote_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('idea_session').on('idea').column('session_id').execute()
  await db.schema.createIndex('idea_open').on('idea').columns(['status', 'vote_count']).execute()
  await db.schema.createIndex('idea_taken_up').on('idea').column('taken_up_by').execute()

  await db.schema
    .createTable('idea_vote')
    .addColumn('idea_id', 'integer', (col) => col.notNull().references('idea.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (col) => col.notNull().references('member.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('idea_vote_pk', ['idea_id', 'member_id'])
    .execute()
}
