/**
 * Signing in to the staff workspace and posting its forms over HTTP, as a browser without
 * JavaScript would: the sign-in form's own token, the session cookie, each page's CSRF token.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.ts';
import type { App } from '../../src/http/context.ts';
import { createUser } from '../../src/accounts/service.ts';
import type { Role } from '../../src/accounts/permissions.ts';
import { insertMembership } from '../../src/organisations/repository.ts';
import { makeOrganisation, unique } from './fixtures.ts';

export const STAFF_PASSWORD = 'vertaisryhmä-salasana';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export function staffKit(app: App, db: Database) {
  /** A new staff account with the given roles; returns its email. */
  async function person(roles: [{ id: string }, Role][]): Promise<string> {
    const email = `${unique('staff')}@example.fi`;
    const user = await createUser(db, { email, displayName: email, password: STAFF_PASSWORD });
    await db.ownerTransaction(async (tx) => {
      for (const [org, role] of roles) await insertMembership(tx, org.id, user.id, role);
    });
    return email;
  }

  /** Signs in through the form; returns the session cookie's value. */
  async function signIn(email: string, lang = 'fi'): Promise<string> {
    const form = await app.inject({ url: `/${lang}/staff/sign-in` });
    const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
    const res = await app.inject({
      method: 'POST',
      url: `/${lang}/staff/sign-in`,
      headers: FORM,
      cookies: { vertaamo_sign_in: secret },
      payload: new URLSearchParams({ csrf: csrfOf(form.body), email, password: STAFF_PASSWORD }).toString(),
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    return res.cookies.find((c) => c.name === 'vertaamo_session')!.value;
  }

  const get = (url: string, session: string) => app.inject({ url, cookies: { vertaamo_session: session } });

  /** Posts a form of a page with the page's own CSRF token. */
  async function submit(pageUrl: string, action: string, session: string, fields: Record<string, string>) {
    const page = await get(pageUrl, session);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    return app.inject({
      method: 'POST',
      url: action,
      headers: FORM,
      cookies: { vertaamo_session: session },
      payload: new URLSearchParams({ csrf: csrfOf(page.body), ...fields }).toString(),
    });
  }

  return { person, signIn, get, submit };
}

/**
 * The development mailbox as a signed-in admin reads it (it is shown to nobody else): an
 * admin of an organisation of its own signs in, and the page's HTML is returned.
 */
export async function readMailbox(app: App, db: Database): Promise<string> {
  const kit = staffKit(app, db);
  const org = await makeOrganisation(db);
  const session = await kit.signIn(await kit.person([[org, 'admin']]));
  const page = await kit.get('/dev/mailbox', session);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  return page.body;
}
