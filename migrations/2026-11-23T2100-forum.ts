import { type Kysely, sql } from 'kysely'

// The forum: categories, threads (question or discussion) whose posts carry the text, flags for
// moderators, and the in-app notifications that replies, mentions and accepted answers produce.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('category')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()

  const now = new Date().toISOString()
  await db
    .insertInto('category')
    .values(
      [
        [
          'vragen-uit-de-praktijk',
          'Vragen uit de praktijk',
          'Hoe pakken anderen het aan? Stel je vraag aan de community.',
        ],
        [
          'samenwerken-en-partners',
          'Samenwerken en partners',
          'Partners vinden, betrokken houden en samen besluiten.',
        ],
        ['resultaten-borgen', 'Resultaten borgen', 'Wat blijft er na de deal, en wie neemt het over?'],
        ['mededelingen', 'Mededelingen', 'Nieuws uit de community en de programma’s.'],
      ].map(([slug, name, description], position) => ({
        slug,
        name,
        description,
        position,
        created_at: now,
      })),
    )
    .execute()

  await db.schema
    .createTable('thread')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('category_id', 'integer', (col) => col.notNull().references('category.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('question', 'discussion')`))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('author_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('pinned', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('hidden', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('accepted_post_id', 'integer')
    // Replies that count for readers: not hidden, not removed. Kept in step on every change.
    .addColumn('reply_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('thread_activity').on('thread').columns(['last_activity_at', 'id']).execute()
  await db.schema
    .createIndex('thread_category_activity')
    .on('thread')
    .columns(['category_id', 'last_activity_at', 'id'])
    .execute()
  await db.schema
    .createIndex('thread_author')
    .on('thread')
    .columns(['author_id', 'last_activity_at'])
    .execute()

  await db.schema
    .createTable('post')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('thread_id', 'integer', (col) => col.notNull().references('thread.id').onDelete('cascade'))
    // 1 is the opening post (the question itself); replies count on from 2.
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('author_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('hidden', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('deleted_at', 'text')
    .addColumn('edited_at', 'text')
    // The form's one-time key: submitting the same form twice finds the post it already made.
    .addColumn('submission_key', 'text', (col) => col.unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('post_thread_number', ['thread_id', 'number'])
    .execute()
  await db.schema.createIndex('post_author').on('post').columns(['author_id', 'created_at']).execute()

  await db.schema
    .createTable('flag')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('post_id', 'integer', (col) => col.notNull().references('post.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('resolution', 'text', (col) => col.check(sql`resolution in ('hidden', 'dismissed')`))
    .execute()
  await db.schema.createIndex('flag_open').on('flag').columns(['resolved_at', 'created_at']).execute()

  await db.schema
    .createTable('notification')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('member_id', 'integer', (col) => col.notNull().references('member.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('reply', 'mention', 'accepted')`))
    .addColumn('actor_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('thread_id', 'integer', (col) => col.references('thread.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (col) => col.references('post.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema
    .createIndex('notification_member')
    .on('notification')
    .columns(['member_id', 'read_at', 'id'])
    .execute()
}
