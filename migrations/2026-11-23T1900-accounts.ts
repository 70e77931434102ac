import { type Kysely, sql } from 'kysely'

// Accounts, login sessions (named login_session: "session" means a theme session in this domain),
// invitations, one-time tokens for first-run setup and password resets, and the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    // Null once the member deleted their account: contributions stay, the person does not.
    .addColumn('email', 'text', (col) => col.unique())
    .addColumn('display_name', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('member', 'moderator', 'admin')`))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'active', 'disabled', 'deleted')`),
    )
    .addColumn('locale', 'text')
    // The member's own wiki page of kind person; the wiki adds the pages it points to.
    .addColumn('person_page_id', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('member_role_status').on('member').columns(['role', 'status']).execute()

  await db.schema
    .createTable('login_session')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('member_id', 'integer', (col) => col.notNull().references('member.id').onDelete('cascade'))
    // SHA-256 of the token's secret half, hex; the token itself is only ever in the member's cookie.
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('login_session_member').on('login_session').column('member_id').execute()
  await db.schema.createIndex('login_session_expires').on('login_session').column('expires_at').execute()

  await db.schema
    .createTable('invitation')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('member', 'moderator', 'admin')`))
    .addColumn('email', 'text')
    .addColumn('created_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('invitation_open').on('invitation').columns(['used_at', 'revoked_at']).execute()

  await db.schema
    .createTable('one_time_token')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('purpose', 'text', (col) => col.notNull().check(sql`purpose in ('setup', 'password_reset')`))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('member_id', 'integer', (col) => col.references('member.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement().notNull())
    .addColumn('actor_id', 'integer', (col) => col.references('member.id').onDelete('set null'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target_type', 'text', (col) => col.notNull())
    .addColumn('target_id', 'text')
    // JSON with the facts of the action (old and new role, setting values); never names or emails.
    .addColumn('detail', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('audit_log_target')
    .on('audit_log')
    .columns(['target_type', 'target_id'])
    .execute()
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute()
}
