/**
 * The development mailbox (finding 11 of issue 12): it shows live cancel, invitation and
 * my-data links, so it is served only when asked for (DEV_MAILBOX=1 or `serve --dev-mailbox`),
 * never with NODE_ENV=production, and then only to a signed-in admin, newest message first.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { configFromEnv, devMailboxEnabled } from '../config.ts';
import { queueMail } from './outbox.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { staffKit } from '../../test/support/staff.ts';

describe('when the development mailbox is served', () => {
  // The quick start's own situation: embedded database, loopback HOST, no SMTP_URL.
  const quickStart = { HOST: '127.0.0.1' };

  it('is not served by default, not even in the quick start without SMTP', () => {
    assert.equal(devMailboxEnabled(configFromEnv(quickStart), false), false);
    assert.equal(devMailboxEnabled(configFromEnv({ ...quickStart, HOST: 'localhost' }), false), false);
  });

  it('is served when DEV_MAILBOX=1 or serve --dev-mailbox asks for it', () => {
    assert.equal(devMailboxEnabled(configFromEnv({ ...quickStart, DEV_MAILBOX: '1' }), false), true);
    assert.equal(devMailboxEnabled(configFromEnv(quickStart), true), true);
    assert.equal(devMailboxEnabled(configFromEnv({ ...quickStart, DEV_MAILBOX: '0' }), false), false);
  });

  it('is never served with NODE_ENV=production, even with the flag', () => {
    const production = configFromEnv({ ...quickStart, NODE_ENV: 'production', DEV_MAILBOX: '1' });
    assert.equal(devMailboxEnabled(production, false), false);
    assert.equal(devMailboxEnabled(production, true), false);
  });
});

for (const target of testDatabases()) {
  describe(`the development mailbox on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let plain: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, devMailbox: true });
      plain = await buildApp({ db });
    });
    after(async () => {
      await app.close();
      await plain.close();
      await dispose();
    });

    it('is not there when the app is built without it', async () => {
      assert.equal((await plain.inject({ url: '/dev/mailbox' })).statusCode, 404);
    });

    it('shows the mail only to a signed-in admin, newest first', async () => {
      const org = await makeOrganisation(db);
      const subjects = [unique('ensimmainen'), unique('toinen'), unique('kolmas')];
      for (const subject of subjects) {
        await db.ownerTransaction((tx) =>
          queueMail(tx, {
            orgId: org.id,
            kind: 'registration_confirmed',
            recipient: 'osallistuja@example.fi',
            language: 'fi',
            subject,
            body: `Peru: http://localhost/fi/registrations/{link-secret}/cancel ${subject}`,
            secret: unique('salaisuus'),
          }),
        );
      }
      const kit = staffKit(app, db);

      const anonymous = await app.inject({ url: '/dev/mailbox' });
      assert.equal(anonymous.statusCode, 401);
      assert.doesNotMatch(anonymous.body, new RegExp(subjects[0]!));

      for (const role of ['coordinator', 'board_member', 'facilitator', 'referrer'] as const) {
        const session = await kit.signIn(await kit.person([[org, role]]));
        const refused = await kit.get('/dev/mailbox', session);
        assert.equal(refused.statusCode, 403, role);
        assert.doesNotMatch(refused.body, new RegExp(subjects[0]!), role);
      }
      // An API token is no signed-in person, even an admin's.
      const token = await app.inject({
        url: '/dev/mailbox',
        headers: bearer(await tokenFor(db, org.id, 'admin')),
      });
      assert.equal(token.statusCode, 403);

      const admin = await kit.signIn(await kit.person([[org, 'admin']]));
      const page = await kit.get('/dev/mailbox', admin);
      assert.equal(page.statusCode, 200);
      const at = subjects.map((s) => page.body.indexOf(s));
      assert.ok(
        at.every((i) => i >= 0),
        'every message is shown',
      );
      assert.ok(at[2]! < at[1]! && at[1]! < at[0]!, `newest first: ${at.join(', ')}`);
      assert.match(page.body, /\/fi\/registrations\/salaisuus-[0-9a-f]+\/cancel/, 'the links work');
    });
  });
}
