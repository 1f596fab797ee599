/**
 * Per-address limits use the address the connection comes from. X-Forwarded-For is believed
 * only when TRUST_PROXY names the proxies in front (a hop count or their addresses); by
 * default a client cannot choose its address by sending the header.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { configFromEnv } from '../config.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS } from '../accounts/throttle.ts';
import { MAX_REQUESTS_PER_CLIENT } from '../enrolment/subject-requests.ts';
import { clientKey } from '../shared/client-address.ts';

describe('TRUST_PROXY', () => {
  it('is off unless set, and takes a hop count or a list of addresses and networks', () => {
    assert.equal(configFromEnv({}).trustProxy, false);
    assert.equal(configFromEnv({ TRUST_PROXY: '' }).trustProxy, false);
    assert.equal(configFromEnv({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(configFromEnv({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(configFromEnv({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(configFromEnv({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,loopback' }).trustProxy, [
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', 'yes', '-1', '1.5', '10.0.0.300', '10.0.0.0/33', 'proxy.example.fi'])
      assert.throws(() => configFromEnv({ TRUST_PROXY: bad }), /TRUST_PROXY/, bad);
  });

  it('counts an IPv6 client by its /64, as one place can rotate through all of it', () => {
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), clientKey('2001:db8:1:2:ffff:1:2:3'));
    assert.notEqual(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:3::1'));
    assert.equal(clientKey('::ffff:192.0.2.1'), clientKey('192.0.2.1'));
    assert.notEqual(clientKey('192.0.2.1'), clientKey('192.0.2.2'));
    assert.equal(clientKey(null), null);
  });
});

for (const target of testDatabases()) {
  describe(`client addresses on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let now = new Date('2026-11-22T10:00:00Z');
    const apps: App[] = [];

    before(async () => {
      ({ db, dispose } = await target.create());
    });
    after(async () => {
      for (const app of apps) await app.close();
      await dispose();
    });

    async function app(trustProxy?: false | number | string[]) {
      now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
      const built = await buildApp({ db, clock: () => now, ...(trustProxy !== undefined && { trustProxy }) });
      apps.push(built);
      return built;
    }
    const guess = (a: App, i: number, forwardedFor: string) =>
      a.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `arvaus${i}@example.fi`, password: 'väärä' },
        remoteAddress: '203.0.113.10',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    const dataRequest = (a: App, i: number, forwardedFor: string) =>
      a.inject({
        method: 'POST',
        url: '/api/v1/data-requests',
        payload: { email: `pyynto${i}@example.fi`, language: 'fi' },
        remoteAddress: '203.0.113.11',
        headers: { 'x-forwarded-for': forwardedFor },
      });

    it('by default, a rotated X-Forwarded-For does not escape the per-address sign-in limit', async () => {
      const a = await app();
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
        assert.equal((await guess(a, i, `198.18.0.${i + 1}`)).statusCode, 401);
      const refused = await guess(a, 999, '198.18.1.1');
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.ok(Number(refused.headers['retry-after']) <= THROTTLE_WINDOW_MS / 1000);
    });

    it('by default, a rotated X-Forwarded-For does not escape the my-data request limit', async () => {
      const a = await app();
      for (let i = 0; i < MAX_REQUESTS_PER_CLIENT; i++)
        assert.equal((await dataRequest(a, i, `198.18.2.${i + 1}`)).statusCode, 202);
      const refused = await dataRequest(a, 999, '198.18.3.1');
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
    });

    it('with TRUST_PROXY=1 takes the client address from the header the proxy wrote', async () => {
      const a = await app(configFromEnv({ TRUST_PROXY: '1' }).trustProxy);
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
        assert.equal((await guess(a, i, `198.18.4.1`)).statusCode, 401);
      assert.equal((await guess(a, 100, '198.18.4.1')).statusCode, 429, 'that client is limited');
      // A client's own X-Forwarded-For comes before the proxy's entry: one hop trusts only the last.
      assert.equal((await guess(a, 101, '198.18.9.9, 198.18.4.1')).statusCode, 429);
      assert.equal((await guess(a, 102, '198.18.4.2')).statusCode, 401, 'another client is not');
      for (let i = 0; i < MAX_REQUESTS_PER_CLIENT; i++)
        assert.equal((await dataRequest(a, i, '198.18.5.1')).statusCode, 202);
      assert.equal((await dataRequest(a, 100, '198.18.5.1')).statusCode, 429);
      assert.equal((await dataRequest(a, 101, '198.18.5.2')).statusCode, 202);
    });

    it('with TRUST_PROXY naming the proxy, believes the header only from that proxy', async () => {
      const a = await app(configFromEnv({ TRUST_PROXY: '203.0.113.0/28' }).trustProxy);
      const fromElsewhere = (i: number, forwardedFor: string) =>
        a.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `muu${i}@example.fi`, password: 'väärä' },
          remoteAddress: '198.51.100.200',
          headers: { 'x-forwarded-for': forwardedFor },
        });
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
        assert.equal((await fromElsewhere(i, `198.18.6.${i + 1}`)).statusCode, 401);
      assert.equal((await fromElsewhere(99, '198.18.7.1')).statusCode, 429);
      assert.equal((await guess(a, 1, '198.18.8.1')).statusCode, 401, 'through the proxy, the header counts');
    });
  });
}
