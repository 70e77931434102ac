// The README.md inside every export: the folder explains itself to whoever opens it, with or without
// Leerplein. It holds no date, so two exports of the same data stay identical.
export const exportReadme = `# Leerplein export

This folder holds everything a Leerplein community wrote, in files any editor opens. \`manifest.json\`
says which Leerplein schema wrote it, when, and how many items of each kind it holds.
\`leerplein import FOLDER\` restores it into an empty database.

| where | what |
|---|---|
| \`wiki/pages/<slug>.md\` | a wiki page: YAML front matter (kind, the fields of that kind, dates, authors), then its markdown |
| \`wiki/history/<slug>/0001.md\` | every saved revision of that page, oldest first |
| \`wiki/redirects.jsonl\` | old addresses of renamed pages and the page they lead to |
| \`forum/categories.jsonl\` | forum categories |
| \`forum/threads/<id>-<title>.md\` | a thread: its facts in the front matter, then each post under a heading |
| \`forum/flags.jsonl\` | posts members reported, and what moderators decided |
| \`sessions/<slug>.md\` | a theme session in the sessions import format (report, break-outs, ideas) |
| \`sessions/<slug>.json\` | what that format does not hold: ids, publication, votes, where ideas went |
| \`history/<type>/<id>/0001.md\` | revisions of posts, session reports, break-outs and ideas |
| \`members.jsonl\` | members: name, email, role, status; no passwords, no login sessions |
| \`links.jsonl\` | every [[link]] from a text to a page, with its context |
| \`notifications.jsonl\`, \`audit-log.jsonl\`, \`settings.jsonl\` | notifications, the audit log, site settings |

Members are named as \`Name <email>\` (or \`<member-7>\` after an account was erased, by the id in
\`members.jsonl\`). Times are UTC. The line above each post, \`<!-- post {...} -->\`, holds the post's
facts for an import; a post that was never edited has no separate history file.
`
