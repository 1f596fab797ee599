/**
 * Data subject requests end to end, with an injected clock and a real SMTP server: a known
 * and an unknown address get the same answer; the emailed link works once and within its
 * hour and leaves no token in the address bar; the export holds the person's data from two
 * organisations and nothing of anyone else; erasure waits while a seat is held, then leaves
 * no trace of the person in any table while the counts remain; forged forms do nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { deliverDue, smtpTransport } from '../notifications/outbox.ts';
import { MAX_REQUESTS_PER_EMAIL } from './subject-requests.ts';

const START = new Date('2026-11-23T10:00:00Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const target of testDatabases()) {
  describe(`data subject requests on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = START;
    let smtp: SMTPServer;
    let smtpUrl: string;
    const received: { to: string[]; raw: string }[] = [];
    const orgs: { id: string; token: string; referrer: string }[] = [];

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
      for (let i = 0; i < 2; i++) {
        const org = await makeOrganisation(db);
        orgs.push({
          id: org.id,
          token: await tokenFor(db, org.id, 'coordinator'),
          referrer: await tokenFor(db, org.id, 'referrer'),
        });
      }
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          let raw = '';
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await app.close();
      await new Promise<void>((resolve) => smtp.close(resolve));
      await dispose();
    });

    async function call(token: string, method: 'POST' | 'PUT', url: string, payload: object) {
      const res = await app.inject({ method, url, payload, headers: bearer(token) });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json<{ id: string; slug: string }>();
    }
    async function group(org: number, overrides: Record<string, unknown> = {}) {
      const { token, id } = orgs[org]!;
      const g = await call(
        token,
        'POST',
        '/api/v1/groups',
        groupBody(id, {
          how_to_join: 'registration',
          registration_questions: [{ key: 'needs', label: { fi: 'Tarpeet' }, kind: 'text', required: false }],
          ...overrides,
        }),
      );
      await call(token, 'PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call(token, 'POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      return g;
    }
    const phones = new Map<string, string>();
    const phoneOf = (name: string) =>
      phones.get(name) ?? phones.set(name, `+358 40 ${1_000_000 + phones.size * 7919}`).get(name)!;
    const person = (name: string) => ({
      display_name: name,
      email: `${name}@example.fi`,
      phone: phoneOf(name),
      language: 'fi',
      consent: true,
    });
    async function register(groupId: string, name: string, answers: Record<string, string> = {}) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: { ...person(name), answers },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; status: string; cancel_url: string }>();
    }

    async function deliver() {
      const transport = smtpTransport(smtpUrl);
      try {
        await deliverDue(db, transport, now);
      } finally {
        transport.close();
      }
    }
    /** The link in the newest mail to the address, as it arrived over SMTP. */
    async function linkFor(email: string): Promise<string> {
      await deliver();
      const mail = received.filter((m) => m.to.includes(email)).at(-1);
      assert.ok(mail, `a mail reached ${email}`);
      const url = /http:\/\/localhost:3000(\/(?:fi|sv|en)\/my-data\/link\/[A-Za-z0-9_-]{43})/.exec(
        mail.raw.replace(/=\r?\n/g, ''),
      );
      assert.ok(url, 'the mail has the link');
      return url[1]!;
    }
    const ask = (email: string, lang = 'fi') =>
      app.inject({
        method: 'POST',
        url: `/${lang}/my-data`,
        headers: FORM,
        payload: new URLSearchParams({ email }).toString(),
      });
    /** Opens the emailed link: the cookie it is exchanged for. */
    async function open(path: string) {
      const res = await app.inject({ url: path });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/${path.split('/')[1]}/my-data/mine`, 'no token in Location');
      const cookie = res.cookies.find((c) => c.name === 'vertaamo_my_data');
      return { res, cookie };
    }
    async function session(email: string) {
      assert.equal((await ask(email)).statusCode, 200);
      const { cookie } = await open(await linkFor(email));
      assert.ok(cookie?.value, 'a session cookie');
      assert.ok(cookie.httpOnly);
      assert.equal(cookie.sameSite, 'Lax');
      const cookies = { vertaamo_my_data: cookie.value };
      const mine = await app.inject({ url: '/fi/my-data/mine', cookies });
      assert.equal(mine.statusCode, 200, mine.body);
      assert.equal(mine.headers['cache-control'], 'no-store');
      const csrf = /name="csrf" value="([^"]+)"/.exec(mine.body)![1]!;
      return { cookies, csrf, page: mine.body };
    }
    const post = (path: string, cookies: Record<string, string>, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: path,
        cookies,
        headers: FORM,
        payload: new URLSearchParams(fields).toString(),
      });

    /** Every table that still holds the text anywhere in a row, as "table: n". */
    async function traces(text: string): Promise<string[]> {
      return db.ownerTransaction(async (tx) => {
        const tables = (
          await tx.query<{ t: string }>(
            `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
          )
        ).rows.map((r) => r.t);
        const found: string[] = [];
        for (const t of tables) {
          const { rows } = await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${t} x WHERE x::text ILIKE $1`,
            [`%${text}%`],
          );
          if (rows[0]!.n > 0) found.push(`${t}: ${rows[0]!.n}`);
        }
        return found;
      });
    }

    it('answers a known and an unknown address alike, and mails a link only to the known one', async () => {
      const g = await group(0, { capacity: 5 });
      const known = unique('zqknown');
      await register(g.id, known);
      const unknown = unique('zqnobody');
      const a = await ask(`${known}@example.fi`);
      const b = await ask(`${unknown}@example.fi`);
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, b.statusCode);
      assert.equal(a.body, b.body, 'the same page either way');
      assert.deepEqual(
        [a.headers['set-cookie'], a.headers['cache-control']],
        [b.headers['set-cookie'], b.headers['cache-control']],
      );
      const api = await Promise.all(
        [known, unknown].map((n) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/data-requests',
            payload: { email: `${n}@example.fi`, language: 'sv' },
          }),
        ),
      );
      assert.deepEqual(
        api.map((r) => [r.statusCode, r.body]),
        [
          [202, '{"status":"accepted"}'],
          [202, '{"status":"accepted"}'],
        ],
      );
      await deliver();
      assert.ok(received.some((m) => m.to.includes(`${known}@example.fi`)));
      assert.ok(
        !received.some((m) => m.to.includes(`${unknown}@example.fi`)),
        'nothing to an unknown address',
      );
      assert.match(
        received.filter((m) => m.to.includes(`${known}@example.fi`)).at(-1)!.raw,
        /Dina uppgifter i Vertaamo/,
        'the mail is in the language asked for',
      );

      // Throttled alike: the same number of requests per address, then 429 for both.
      const answers = [];
      for (const n of [known, unknown]) {
        for (let i = 2; i < MAX_REQUESTS_PER_EMAIL; i++) await ask(`${n}@example.fi`);
        answers.push(await ask(`${n}@example.fi`));
      }
      assert.deepEqual(
        answers.map((r) => r.statusCode),
        [429, 429],
      );
      assert.equal(answers[0]!.headers['retry-after'], answers[1]!.headers['retry-after']);
      assert.equal(answers[0]!.body, answers[1]!.body.replace(unknown, known));
      now = new Date(now.getTime() + 61 * 60_000);
      assert.equal((await ask(`${known}@example.fi`)).statusCode, 200, 'an hour later one may ask again');
    });

    it('keeps what was typed and says what is wrong beside the field', async () => {
      const res = await ask('not an address', 'sv');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /value="not an address"/);
      assert.match(res.body, /aria-describedby="email-hint email-error"/);
      assert.match(res.body, /id="email-error">Skriv e-postadressen/);
    });

    it('lets the link be used once and only within its hour', async () => {
      const g = await group(0, { capacity: 5 });
      const name = unique('zqonce');
      await register(g.id, name);
      await ask(`${name}@example.fi`);
      const link = await linkFor(`${name}@example.fi`);
      const first = await open(link);
      assert.ok(first.cookie?.value);
      const again = await open(link);
      assert.equal(again.cookie?.value ?? '', '', 'a used link opens nothing (the cookie is cleared)');
      const refused = await app.inject({ url: '/fi/my-data/mine' });
      assert.equal(refused.statusCode, 401);
      assert.match(refused.body, /Pyydä uusi linkki/);

      now = new Date(now.getTime() + 61 * 60_000);
      await ask(`${name}@example.fi`);
      const late = await linkFor(`${name}@example.fi`);
      now = new Date(now.getTime() + 61 * 60_000);
      const expired = await open(late);
      assert.equal(expired.cookie?.value ?? '', '', 'an hour later the link opens nothing');

      // The session the link opens ends too.
      await ask(`${name}@example.fi`);
      const s = await open(await linkFor(`${name}@example.fi`));
      const cookies = { vertaamo_my_data: s.cookie!.value };
      assert.equal((await app.inject({ url: '/fi/my-data/mine', cookies })).statusCode, 200);
      now = new Date(now.getTime() + 31 * 60_000);
      assert.equal((await app.inject({ url: '/fi/my-data/mine', cookies })).statusCode, 401);
    });

    it('exports the person’s data from both organisations and nothing of anyone else, and logs it', async () => {
      const name = unique('zqexport');
      const other = unique('zqother');
      const a = await group(0, { capacity: 5 });
      const b = await group(1, { capacity: 5 });
      const apply = await group(1, { how_to_join: 'application', openness: 'closed' });
      const referral = await group(0, { how_to_join: 'referral', capacity: 5 });
      await register(a.id, name, { needs: `${name} needs quiet` });
      await register(a.id, other, { needs: `${other} needs` });
      await register(b.id, name);
      await call(orgs[0]!.referrer, 'POST', `/api/v1/groups/${referral.id}/referrals`, {
        ...person(name),
        display_name: `${name} referred`,
      });
      const applied = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${apply.id}/applications`,
        payload: { ...person(name), facts: { area: `${name} area`, languages: ['fi'] } },
      });
      assert.equal(applied.statusCode, 201, applied.body);

      const { cookies, csrf, page } = await session(`${name}@example.fi`);
      assert.match(page, new RegExp(`${name} needs quiet`), 'the page lists the answers');
      assert.ok(!page.includes(other), 'nothing of another person on the page');

      const forged = await post('/fi/my-data/export', cookies, { csrf: 'x' });
      assert.equal(forged.statusCode, 403);

      const res = await post('/fi/my-data/export', cookies, { csrf });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename=/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const data = res.json<{
        registrations: { organisation: { slug: string }; group: { slug: string; name: { fi: string } } }[];
        applications: { facts: { area: string }; group: { slug: string } }[];
        messages: { body: string }[];
      }>();
      assert.deepEqual(
        data.registrations.map((r) => r.group.slug).sort(),
        [a.slug, b.slug, referral.slug].sort(),
      );
      assert.equal(new Set(data.registrations.map((r) => r.organisation.slug)).size, 2, 'two organisations');
      assert.ok(
        data.registrations.every((r) => r.group.name.fi.startsWith('Vertaisryhmä')),
        'group names',
      );
      assert.equal(data.applications[0]!.facts.area, `${name} area`);
      assert.ok(data.messages.length >= 2, 'the confirmations sent');
      assert.ok(!res.body.includes(other), 'nothing of another person');
      assert.ok(!/[A-Za-z0-9_-]{43}/.test(res.body), 'no link secrets in the export');
      assert.ok(!res.body.includes('{link-secret}'), 'nor the placeholders of sealed ones');
      assert.ok(
        data.messages.some((m) => m.body.includes('/registrations/…/cancel')),
        'a cancel link shows without its secret',
      );

      const log = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ org_id: string; records: number }>(
              `SELECT org_id, records FROM data_access_log WHERE action = 'subject.export' AND org_id = ANY ($1::uuid[])`,
              [orgs.map((o) => o.id)],
            )
          ).rows,
      );
      assert.deepEqual(log.map((l) => l.org_id).sort(), orgs.map((o) => o.id).sort(), 'logged in both');
    });

    it('refuses erasure while a seat is held, and erases every trace after it is cancelled', async () => {
      const name = unique('zqerase');
      const next = unique('zqnext');
      const seat = await group(0, { capacity: 1 });
      const ended = await group(1, { capacity: 5 });
      const line = await group(1, { capacity: 1 });
      await register(seat.id, name, { needs: `${name} answer` });
      await register(seat.id, next);
      await register(ended.id, name);
      await register(line.id, unique('zqfirst'));
      assert.equal((await register(line.id, name)).status, 'waitlisted');
      for (const action of [{ action: 'start' }, { action: 'end', ended_on: '2026-11-20' }])
        await call(orgs[1]!.token, 'POST', `/api/v1/groups/${ended.id}/lifecycle`, action);

      const { cookies, csrf } = await session(`${name}@example.fi`);
      const forged = await post('/fi/my-data/erase', cookies, { csrf: 'forged' });
      assert.equal(forged.statusCode, 403, 'CSRF');
      const before = await traces(name);
      const refused = await post('/en/my-data/erase', cookies, { csrf });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /confirmed seat in a group that has not ended/);
      assert.ok(refused.body.includes('Peer group'), 'names the group');
      assert.match(refused.body, /Cancel this registration/);
      assert.deepEqual(await traces(name), before, 'nothing erased');

      const registrationId = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ id: string }>(
              `SELECT id FROM registrations WHERE group_id = $1 AND display_name = $2`,
              [seat.id, name],
            )
          ).rows[0]!.id,
      );
      const cancelled = await post('/fi/my-data/cancel', cookies, { csrf, registration: registrationId });
      assert.equal(cancelled.statusCode, 303);
      assert.equal(cancelled.headers.location, '/fi/my-data/mine?done=cancelled');

      const erased = await post('/fi/my-data/erase', cookies, { csrf });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.match(erased.body, /Tietosi on poistettu/);
      assert.deepEqual(await traces(name), [], 'no trace of the name or address in any table');
      assert.deepEqual(await traces(phoneOf(name)), [], 'nor of the phone number');

      const counts = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ group_id: string; status: string; n: number }>(
              `SELECT group_id, status, count(*)::int AS n FROM registrations
               WHERE group_id = ANY ($1::uuid[]) GROUP BY group_id, status ORDER BY group_id, status`,
              [[seat.id, ended.id]],
            )
          ).rows,
      );
      assert.deepEqual(
        counts.map((c) => `${c.group_id === seat.id ? 'seat' : 'ended'} ${c.status} ${c.n}`).sort(),
        ['ended confirmed 1', 'seat cancelled 1', 'seat confirmed 1'],
        'anonymous rows remain for reports; the next in line got the seat',
      );
      const log = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `SELECT count(DISTINCT org_id)::int AS n FROM data_access_log WHERE action = 'subject.erase' AND org_id = ANY ($1::uuid[])`,
              [orgs.map((o) => o.id)],
            )
          ).rows[0]!.n,
      );
      assert.equal(log, 2, 'the erasure is in both organisations’ logs');
      assert.equal(
        (await app.inject({ url: '/fi/my-data/mine', cookies })).statusCode,
        401,
        'the session ends with the data',
      );
    });
  });
}
