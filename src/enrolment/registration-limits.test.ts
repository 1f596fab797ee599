/**
 * Public registration is limited per client (and per client and group), one person holds at
 * most one active place in a group, and a repeated registration mails the existing cancel
 * link again to the registered address instead — at most once an hour.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { queuedSecrets } from '../notifications/outbox.ts';
import {
  MAX_REGISTRATIONS_PER_CLIENT,
  MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP,
  REGISTRATION_WINDOW_MS,
} from './service.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let seq = 0;
const person = (overrides: Record<string, unknown> = {}) => ({
  display_name: `Osallistuja ${++seq}`,
  email: `osallistuja${seq}-${Date.now()}@example.fi`,
  language: 'fi',
  consent: true,
  ...overrides,
});

for (const target of testDatabases()) {
  describe(`registration limits on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let proxied: App;
    let orgId: string;
    let token: string;
    let now = new Date('2026-11-22T10:00:00Z');
    let addresses = 0;
    /** A client address of its own for each use, so that only the limit under test applies. */
    const fresh = () => `10.${(++addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
      proxied = await buildApp({ db, clock: () => now, trustProxy: 1 });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await proxied.close();
      await dispose();
    });

    async function publishedGroup(overrides: Record<string, unknown> = {}) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, { how_to_join: 'registration', capacity: 10, ...overrides }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ryhma' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return group;
    }

    const registerAt = (
      groupId: string,
      payload: Record<string, unknown>,
      remoteAddress: string,
      extra: { app?: App; headers?: Record<string, string> } = {},
    ) =>
      (extra.app ?? app).inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload,
        remoteAddress,
        headers: extra.headers ?? {},
      });

    const mailsOf = (registrationId: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ id: string; recipient: string }>(
              'SELECT id::text AS id, recipient FROM outbox WHERE registration_id = $1 ORDER BY id',
              [registrationId],
            )
          ).rows,
      );

    it('refuses a client more registrations at one group than the limit, 429 with Retry-After', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup({ capacity: 50 });
      const other = await publishedGroup();
      const client = fresh();
      for (let i = 0; i < MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP; i++)
        assert.equal((await registerAt(group.id, person(), client)).statusCode, 201);
      const refused = await registerAt(group.id, person(), client);
      assert.equal(refused.statusCode, 429);
      assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(refused.json().code, 'too-many-registrations');
      assert.equal(refused.headers['retry-after'], String(REGISTRATION_WINDOW_MS / 1000));
      assert.equal((await registerAt(group.id, person(), fresh())).statusCode, 201, 'another client');
      assert.equal((await registerAt(other.id, person(), client)).statusCode, 201, 'another group');
      now = new Date(now.getTime() + REGISTRATION_WINDOW_MS + 1000);
      assert.equal((await registerAt(group.id, person(), client)).statusCode, 201, 'after the hour');
    });

    it('refuses a client more registrations in all than the limit, across groups', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const client = fresh();
      let made = 0;
      while (made < MAX_REGISTRATIONS_PER_CLIENT) {
        const group = await publishedGroup();
        for (
          let i = 0;
          i < MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP && made < MAX_REGISTRATIONS_PER_CLIENT;
          i++, made++
        )
          assert.equal((await registerAt(group.id, person(), client)).statusCode, 201);
      }
      const group = await publishedGroup();
      assert.equal((await registerAt(group.id, person(), client)).statusCode, 429);
    });

    it('counts the connection’s address, not a rotated X-Forwarded-For, unless a proxy is trusted', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup({ capacity: 50 });
      const client = fresh();
      for (let i = 0; i <= MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP; i++) {
        const res = await registerAt(group.id, person(), client, {
          headers: { 'x-forwarded-for': `198.18.0.${i + 1}` },
        });
        assert.equal(res.statusCode, i < MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP ? 201 : 429);
      }
      // Behind one trusted proxy the header names the client: the proxy's own address is not limited.
      const proxy = fresh();
      for (let i = 0; i <= MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP; i++) {
        const res = await registerAt(group.id, person(), proxy, {
          app: proxied,
          headers: { 'x-forwarded-for': `198.18.1.${i + 1}` },
        });
        assert.equal(res.statusCode, 201);
      }
      const sameClient = async () =>
        (
          await registerAt(group.id, person(), proxy, {
            app: proxied,
            headers: { 'x-forwarded-for': '198.18.2.1' },
          })
        ).statusCode;
      for (let i = 0; i < MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP; i++) assert.equal(await sameClient(), 201);
      assert.equal(await sameClient(), 429);
    });

    it('lets a rush of 200 different people register at once, and one client at most the limit', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup({ capacity: 150, waitlist_capacity: 100 });
      const rush = await Promise.all(
        Array.from({ length: 200 }, () => registerAt(group.id, person(), fresh())),
      );
      assert.deepEqual(
        rush.map((r) => r.statusCode).filter((s) => s !== 201),
        [],
      );
      const client = fresh();
      const burst = await Promise.all(
        Array.from({ length: 50 }, () => registerAt(group.id, person(), client)),
      );
      const statuses = burst.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 201).length, MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP);
      assert.equal(statuses.filter((s) => s === 429).length, 50 - MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP);
    });

    it('refuses a second active registration of one email, and mails the existing cancel link again', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup();
      const first = await registerAt(group.id, person({ email: 'aino.aalto@example.fi' }), fresh());
      assert.equal(first.statusCode, 201);
      const { id, cancel_url: oldUrl } = first.json<{ id: string; cancel_url: string }>();
      assert.equal((await mailsOf(id)).length, 1);

      const again = await registerAt(group.id, person({ email: 'Aino.Aalto@Example.FI' }), fresh());
      assert.equal(again.statusCode, 409);
      assert.match(again.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(again.json().code, 'already-registered');
      assert.deepEqual(
        again.json().errors.map((e: { field: string }) => e.field),
        ['email'],
      );
      const mails = await mailsOf(id);
      assert.equal(mails.length, 2, 'the cancel link is mailed again');
      assert.equal(mails[1]!.recipient, 'aino.aalto@example.fi');
      // The mailed link works; the one from before no longer does (only its hash was kept).
      const secret = await db.ownerTransaction(async (tx) =>
        (await queuedSecrets(tx, [mails[1]!.id])).get(mails[1]!.id),
      );
      assert.ok(secret);
      const oldToken = oldUrl.split('/registrations/')[1]!.split('/')[0]!;
      const cancelWith = (t: string) =>
        app.inject({ method: 'POST', url: '/api/v1/registrations/cancel', payload: { token: t } });
      assert.equal((await cancelWith(oldToken)).statusCode, 404);

      // Asked again within the hour: refused again, but no further mail.
      assert.equal(
        (await registerAt(group.id, person({ email: 'aino.aalto@example.fi' }), fresh())).statusCode,
        409,
      );
      assert.equal((await mailsOf(id)).length, 2, 'at most one such mail an hour');

      assert.equal((await cancelWith(secret)).statusCode, 200);
      // A cancelled registration is not active: the person may register again.
      assert.equal(
        (await registerAt(group.id, person({ email: 'aino.aalto@example.fi' }), fresh())).statusCode,
        201,
      );
    });

    it('refuses the same phone number however it is written, and mails only the registered address', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup();
      const first = await registerAt(
        group.id,
        person({ email: 'bertil@example.fi', phone: '040 123 4567' }),
        fresh(),
      );
      assert.equal(first.statusCode, 201);
      const { id } = first.json<{ id: string }>();
      for (const phone of ['+358 40 1234567', '00358-40-123-4567', '(040) 123-4567']) {
        const res = await registerAt(group.id, person({ email: null, phone }), fresh());
        assert.equal(res.statusCode, 409, phone);
        assert.deepEqual(
          res.json().errors.map((e: { field: string }) => e.field),
          ['phone'],
        );
      }
      const withOtherEmail = await registerAt(
        group.id,
        person({ email: 'hyokkaaja@example.fi', phone: '+358401234567' }),
        fresh(),
      );
      assert.equal(withOtherEmail.statusCode, 409);
      const recipients = (await mailsOf(id)).map((m) => m.recipient);
      assert.ok(
        recipients.every((r) => r === 'bertil@example.fi'),
        recipients.join(', '),
      );
      assert.equal(
        await db.ownerTransaction(
          async (tx) =>
            (
              await tx.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM outbox WHERE recipient = 'hyokkaaja@example.fi'`,
              )
            ).rows[0]!.n,
        ),
        0,
      );
      assert.equal(
        (await registerAt(group.id, person({ email: null, phone: '040 765 4321' }), fresh())).statusCode,
        201,
      );
    });

    it('lets only one of 20 concurrent registrations of one email through', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup({ capacity: 30 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => registerAt(group.id, person({ email: 'sama@example.fi' }), fresh())),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      assert.deepEqual(statuses, [201, ...Array<number>(19).fill(409)]);
      const rows = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM registrations WHERE group_id = $1 AND email = 'sama@example.fi'`,
              [group.id],
            )
          ).rows[0]!.n,
      );
      assert.equal(rows, 1);
    });

    it('says so on the registration page in Finnish, Swedish and English, keeping what was typed', async () => {
      now = new Date(now.getTime() + 2 * REGISTRATION_WINDOW_MS);
      const group = await publishedGroup({ capacity: 50 });
      assert.equal(
        (await registerAt(group.id, person({ email: 'cecilia@example.fi', phone: '050 111 2222' }), fresh()))
          .statusCode,
        201,
      );
      const post = (lang: string, fields: Record<string, string>, remoteAddress: string) =>
        app.inject({
          method: 'POST',
          url: `/${lang}/groups/${group.slug}/register`,
          headers: FORM,
          remoteAddress,
          payload: new URLSearchParams({ language: lang, consent: 'yes', ...fields }).toString(),
        });
      const expected = {
        fi: /Tällä sähköpostiosoitteella on jo ilmoittauduttu tähän ryhmään/,
        sv: /Den här e-postadressen är redan anmäld till gruppen/,
        en: /This email address is already registered for this group/,
      };
      for (const [lang, message] of Object.entries(expected)) {
        const res = await post(
          lang,
          { display_name: 'Cecilia Toinen', email: 'CECILIA@example.fi' },
          fresh(),
        );
        assert.equal(res.statusCode, 409, lang);
        assert.match(res.body, message);
        assert.match(res.body, /value="Cecilia Toinen"/);
        assert.match(res.body, /value="CECILIA@example.fi"/);
      }
      const phone = await post('sv', { display_name: 'Ceci', phone: '+358 50 1112222' }, fresh());
      assert.equal(phone.statusCode, 409);
      assert.match(phone.body, /Det här telefonnumret är redan anmält till gruppen/);

      const client = fresh();
      for (let i = 0; i < MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP; i++)
        assert.equal(
          (await post('fi', { display_name: `Perhe ${i}`, email: `perhe${i}@example.fi` }, client))
            .statusCode,
          200,
        );
      const tooMany = {
        fi: /Tästä osoitteesta on tullut liian monta ilmoittautumista\. Yritä uudelleen 60 minuutin kuluttua\./,
        sv: /För många anmälningar från den här adressen\. Försök igen om 60 minuter\./,
        en: /Too many registrations from this address\. Try again in 60 minutes\./,
      };
      for (const [lang, message] of Object.entries(tooMany)) {
        const res = await post(lang, { display_name: 'Perhe Viisi', email: 'perhe5@example.fi' }, client);
        assert.equal(res.statusCode, 429, lang);
        assert.equal(res.headers['retry-after'], String(REGISTRATION_WINDOW_MS / 1000));
        assert.match(res.body, message);
        assert.match(res.body, /value="Perhe Viisi"/);
        assert.match(res.body, /value="perhe5@example.fi"/);
      }
    });
  });
}
