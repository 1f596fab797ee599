import { render } from 'preact-render-to-string';
import type { App, Deps } from '../http/context.ts';
import { filledBody, queuedSecrets } from './outbox.ts';
import type { Actor } from '../accounts/permissions.ts';
import { forbidden, unauthenticated } from '../shared/errors.ts';

/** A person signed in with a password or passkey who is an admin of some organisation. */
function signedInAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && [...actor.roles.values()].some((roles) => roles.has('admin'));
}

interface MailRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
}

/**
 * The development mailbox: the newest messages of the outbox, newest first, as they would
 * have been sent. Registered only when asked for (DEV_MAILBOX=1 or `serve --dev-mailbox`,
 * never in production: `devMailboxEnabled` in src/config.ts) and shown only to a signed-in
 * admin, because the messages hold participants' contact details and live links.
 */
export async function mailboxRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/dev/mailbox', { schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind === 'public') throw unauthenticated();
    if (!signedInAdmin(request.actor)) throw forbidden('The development mailbox is for signed-in admins.');
    const mails = await deps.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<MailRow>(
        'SELECT id::text, recipient, subject, body, created_at, sent_at FROM outbox ORDER BY created_at DESC, id DESC LIMIT 100',
      );
      // Links' secrets are sealed apart; shown here as the mail would carry them.
      const secrets = await queuedSecrets(
        tx,
        rows.map((m) => m.id),
      );
      return rows.map((m) => ({ ...m, body: filledBody(m.body, secrets.get(m.id)) }));
    });
    const html = render(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>Development mailbox – Vertaamo</title>
          <link rel="stylesheet" href="/assets/site.css" />
        </head>
        <body>
          <main class="container">
            <h1>Development mailbox</h1>
            <p>
              Mail is not sent while SMTP_URL is unset. These are the newest {mails.length} messages, newest
              first.
            </p>
            {mails.map((m) => (
              <article class="group-card">
                <h2 class="group-card__title">{m.subject}</h2>
                <p class="muted">
                  To {m.recipient} · queued {m.created_at.toISOString()}
                  {m.sent_at ? ` · delivered to this mailbox ${m.sent_at.toISOString()}` : ' · waiting'}
                </p>
                <pre class="mail-body">{m.body}</pre>
              </article>
            ))}
          </main>
        </body>
      </html>,
    );
    return reply
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      )
      .type('text/html; charset=utf-8')
      .send('<!doctype html>' + html);
  });
}
