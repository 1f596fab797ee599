/**
 * The `vertaamo` command line: serve, migrate, seed demo, token create, user create,
 * organisation create.
 * The only place that reads the environment.
 */
import {
  queuedCount,
  sealClearSecrets,
  smtpTransport,
  startDeliveryWorker,
  type Delivery,
} from '../notifications/outbox.ts';
import { parseArgs } from 'node:util';
import { configFromEnv, devMailboxEnabled, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import { anonymiseEndedGroups } from '../enrolment/retention.ts';
import { ROLES, type Role } from '../accounts/permissions.ts';
import {
  createApiToken,
  createUser,
  DEFAULT_TOKEN_DAYS,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeTokenById,
  systemActor,
} from '../accounts/service.ts';
import { isUuid } from '../http/schemas.ts';
import { createOrganisation } from '../organisations/service.ts';
import { findOrganisation, insertMembership } from '../organisations/repository.ts';
import { extendOngoingSchedules } from '../schedules/service.ts';
import { queueStaleReminders } from '../groups/freshness.ts';
import { sendFeedbackLinks } from '../feedback/service.ts';
import { holdsPublishedKey, loadKeyring, rotateKeys, sealLeftovers, useKeyring } from '../privacy/crypto.ts';

/** The kinds of organisation the database accepts (organisations.kind). */
const ORGANISATION_KINDS = [
  'association',
  'local_association',
  'district',
  'federation',
  'city_service',
  'wellbeing_services_county',
  'project',
  'institute',
  'self_organised',
] as const;

const USAGE = `Usage: vertaamo <command>

  serve [--demo] [--dev-mailbox]      run the web server (migrates first; --demo loads demo data into an empty database;
                                      --dev-mailbox, like DEV_MAILBOX=1, shows queued mail to signed-in admins at
                                      /dev/mailbox, never with NODE_ENV=production)
  migrate                             apply database migrations
  seed demo                           load the demo organisations, groups and accounts into an empty database
  token create --org SLUG --role ROLE [--label TEXT] [--days N]
                                      print a new API token (roles: ${ROLES.join(', ')});
                                      it expires after N days (default ${DEFAULT_TOKEN_DAYS}, at most ${MAX_TOKEN_DAYS})
  token list --org SLUG               the organisation's tokens: id, status, role, label, creator,
                                      created, expires, last used (never the secret)
  token revoke ID                     revoke a token at once
  user create --email EMAIL --name NAME --password PASSWORD [--org SLUG --role ROLE]
                                      create a staff account, optionally with a role
  organisation create --slug SLUG --name NAME [--name-sv NAME] [--name-en NAME]
                      [--kind KIND] [--board-approval]
                                      create a top-level organisation (kinds: ${ORGANISATION_KINDS.join(', ')})
  feedback send                       queue the feedback links that are due (after a group's last held session,
                                      and in ongoing groups after every N sessions); also done hourly by serve
  rotate-keys [--batch N]             re-encrypt every sealed value under the current data key
                                      (the first of VERTAAMO_DATA_KEYS), N values per transaction

Environment: PORT, HOST, DATABASE_URL, VERTAAMO_DATA_DIR, PUBLIC_URL, SMTP_URL, DEV_MAILBOX, LOG_LEVEL,
DB_POOL_SIZE, DB_QUEUE_LIMIT, DB_QUEUE_TIMEOUT_MS, VERTAAMO_DATA_KEYS, VERTAAMO_DATA_KEY_FILE, NODE_ENV (see README and docs/security.md).`;

/**
 * The data keys, from outside the database (docs/security.md). Outside production a key
 * file is created on first run (beside the data folder, or in the user's configuration
 * folder when the data folder is inside a git checkout); in production a missing key stops
 * the command before the database is opened.
 */
async function keys(config: Config): Promise<void> {
  const { keyring, source, created } = await loadKeyring(process.env, {
    dataDir: config.dataDir,
    production: config.production,
  });
  useKeyring(keyring);
  if (created)
    console.log(`Created a data encryption key in ${source} (keep it safe and apart from backups).`);
  if (holdsPublishedKey(keyring))
    console.warn(
      'A published data key is still in the keyring: run `vertaamo rotate-keys`, then remove it (docs/security.md).',
    );
}

async function open(config: Config): Promise<Database> {
  await keys(config);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    queueLimit: config.dbQueueLimit,
    queueTimeoutMs: config.dbQueueTimeoutMs,
  });
  await migrate(db);
  return db;
}

async function isEmpty(db: Database): Promise<boolean> {
  return db.ownerTransaction(
    async (tx) => (await tx.query('SELECT 1 FROM organisations LIMIT 1')).rows.length === 0,
  );
}

async function seedDemoIfEmpty(db: Database, config: Config): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  const { seedDemo } = await import('../demo/seed.ts');
  const { accounts } = await seedDemo(db, { publicUrl: config.publicUrl, now: new Date() });
  console.log(
    `\nDemo data loaded. Staff accounts (sign in at ${config.publicUrl}/fi/staff/sign-in, or POST /api/v1/auth/login):`,
  );
  const byEmail = new Map<string, { roles: string[]; organisation: string; password: string }>();
  for (const a of accounts) {
    const entry = byEmail.get(a.email) ?? { roles: [], organisation: a.organisation, password: a.password };
    entry.roles.push(a.role);
    byEmail.set(a.email, entry);
  }
  for (const [email, a] of byEmail) {
    console.log(`  ${email.padEnd(45)} ${a.password}  ${a.roles.join(' + ')}, ${a.organisation}`);
  }
  return true;
}

async function serve(config: Config, demo: boolean, mailboxFlag: boolean): Promise<void> {
  const db = await open(config);
  // Values written before encryption existed are sealed now (migration 022 could not), and so
  // are links' secrets in mail queued before migration 027.
  const leftovers = await sealLeftovers(db);
  if (leftovers) console.log(`Encrypted ${leftovers} special-category values left from before encryption.`);
  const secrets = await sealClearSecrets(db);
  if (secrets) console.log(`Encrypted the link secrets of ${secrets} queued messages.`);
  if (demo) await seedDemoIfEmpty(db, config);
  await db.ownerTransaction((tx) => extendOngoingSchedules(tx, new Date()));
  // Without SMTP_URL mail stays in the outbox. The development mailbox page shows it only
  // when asked for (DEV_MAILBOX=1 or --dev-mailbox), never in production, to signed-in admins:
  // it holds contact details and live links.
  const devMailbox = devMailboxEnabled(config, mailboxFlag);
  if (mailboxFlag && !devMailbox) console.log('The development mailbox is never served in production.');
  // Mail is marked delivered only by a transport: SMTP, or the development mailbox when that
  // is served and no SMTP_URL is set. Otherwise it stays queued (and says so) until SMTP_URL is set.
  const smtp = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  const transport: Delivery = smtp ?? (devMailbox ? 'mailbox' : null);
  const app = await buildApp({
    db,
    publicUrl: config.publicUrl,
    logger: { level: config.logLevel },
    devMailbox,
    mail: smtp ? 'smtp' : devMailbox ? 'mailbox' : 'none',
    searchCacheSize: config.searchCacheSize,
    passkeys: { origin: config.passkeyOrigin, rpId: config.passkeyRpId },
    trustProxy: config.trustProxy,
  });
  const worker = startDeliveryWorker({
    db,
    transport,
    publicUrl: config.publicUrl,
    clock: () => new Date(),
    onError: (err) => app.log.error({ err }, 'mail delivery failed'),
    // Coordinators hear of listings about to go stale; checked hourly, each reminded once.
    // Ended groups' participants are anonymised after the organisation's retention period.
    periodic: [
      { everyMs: 3_600_000, run: (now) => queueStaleReminders(db, now, config.publicUrl) },
      { everyMs: 3_600_000, run: (now) => anonymiseEndedGroups(db, now) },
      // Groups that held their last session (or the next N sessions) ask for feedback by email.
      { everyMs: 3_600_000, run: (now) => sendFeedbackLinks(db, now, config.publicUrl) },
    ],
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close(); // stops accepting, waits for requests in flight
      await worker.stop();
      smtp?.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `\nVertaamo is running at ${config.publicUrl}  (database: ${db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );
  console.log(`API description: ${config.publicUrl}/api/v1/openapi.json`);
  if (devMailbox) console.log(`Development mailbox (signed-in admins): ${config.publicUrl}/dev/mailbox`);
  if (!smtp && devMailbox) console.log(`Mail is not sent (no SMTP_URL); read it in the development mailbox.`);
  else if (!transport)
    app.log.warn(
      { queued: await queuedCount(db) },
      'mail is not configured (SMTP_URL unset): no mail is sent, every message stays queued until SMTP_URL is set',
    );
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function role(value: string | undefined): Role {
  const r = need(value, '--role');
  if (!(ROLES as readonly string[]).includes(r))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return r as Role;
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      'dev-mailbox': { type: 'boolean', default: false },
      org: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string' },
      days: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      slug: { type: 'string' },
      'name-sv': { type: 'string' },
      'name-en': { type: 'string' },
      kind: { type: 'string' },
      'board-approval': { type: 'boolean', default: false },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = configFromEnv();
  try {
    switch (command) {
      case 'serve':
        await serve(config, values.demo, values['dev-mailbox']);
        return -1; // keeps running
      case 'migrate': {
        const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        const applied = await migrate(db);
        await db.close();
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        return 0;
      }
      case 'seed': {
        if (sub !== 'demo') throw new UsageError('only "seed demo" is supported');
        const db = await open(config);
        const loaded = await seedDemoIfEmpty(db, config);
        await db.close();
        if (!loaded) {
          console.error(
            'The database already has organisations; the demo is loaded only into an empty database.',
          );
          return 1;
        }
        return 0;
      }
      case 'token': {
        if (sub === 'list') {
          const slug = need(values.org, '--org');
          const db = await open(config);
          try {
            const tokens = await db.ownerTransaction(async (tx) => {
              const org = await findOrganisation(tx, slug, false);
              if (!org) throw new UsageError(`no organisation with slug "${slug}"`);
              return listApiTokens(tx, systemActor([org.id]), org.id, new Date());
            });
            if (tokens.length === 0) console.log(`No API tokens in ${slug}.`);
            for (const t of tokens)
              console.log(
                [
                  t.id,
                  t.status,
                  t.role,
                  JSON.stringify(t.label),
                  `by ${t.created_by ? (t.created_by.name ?? t.created_by.id) : 'command line'}`,
                  `created ${new Date(t.created_at).toISOString()}`,
                  `expires ${new Date(t.expires_at).toISOString()}`,
                  `last used ${t.last_used_at ? new Date(t.last_used_at).toISOString() : 'never'}`,
                ].join('  '),
              );
          } finally {
            await db.close();
          }
          return 0;
        }
        if (sub === 'revoke') {
          const id = positionals[2];
          if (!id || !isUuid(id)) throw new UsageError("token revoke needs the token's id (see token list)");
          const db = await open(config);
          try {
            const revoked = await db.ownerTransaction((tx) => revokeTokenById(tx, id, new Date()));
            if (!revoked) {
              console.error(`No live token with id ${id}.`);
              return 1;
            }
            console.log(`Revoked token ${id}.`);
          } finally {
            await db.close();
          }
          return 0;
        }
        if (sub !== 'create')
          throw new UsageError('only "token create", "token list" and "token revoke" are supported');
        const slug = need(values.org, '--org');
        const r = role(values.role);
        const days = values.days ? Number(values.days) : DEFAULT_TOKEN_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
          throw new UsageError(`--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
        const db = await open(config);
        try {
          const token = await db.ownerTransaction(async (tx) => {
            const org = await findOrganisation(tx, slug, false);
            if (!org) throw new UsageError(`no organisation with slug "${slug}"`);
            const now = new Date();
            return createApiToken(tx, {
              orgId: org.id,
              role: r,
              label: values.label ?? `cli ${r}`,
              createdBy: null,
              now,
              expiresAt: new Date(now.getTime() + days * 86_400_000),
            });
          });
          console.log(token.token);
          console.error(`The token expires ${token.expires_at.toISOString()}.`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'user': {
        if (sub !== 'create') throw new UsageError('only "user create" is supported');
        const db = await open(config);
        try {
          const user = await createUser(db, {
            email: need(values.email, '--email'),
            displayName: need(values.name, '--name'),
            password: need(values.password, '--password'),
          });
          if (values.org) {
            const r = role(values.role);
            await db.ownerTransaction(async (tx) => {
              const org = await findOrganisation(tx, values.org!, false);
              if (!org) throw new UsageError(`no organisation with slug "${values.org}"`);
              await insertMembership(tx, org.id, user.id, r);
            });
          }
          console.log(`Created ${user.email}`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'organisation': {
        if (sub !== 'create') throw new UsageError('only "organisation create" is supported');
        const slug = need(values.slug, '--slug');
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80)
          throw new UsageError('--slug must be lower-case letters, digits and single hyphens (at most 80)');
        const kind = values.kind ?? 'association';
        if (!(ORGANISATION_KINDS as readonly string[]).includes(kind))
          throw new UsageError(`--kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
        const fi = need(values.name, '--name');
        const db = await open(config);
        try {
          const created = await db.ownerTransaction(async (tx) => {
            if (await findOrganisation(tx, slug, false)) return null;
            return createOrganisation(tx, systemActor([]), {
              slug,
              kind: kind,
              name: { fi, sv: values['name-sv'] ?? fi, en: values['name-en'] ?? fi },
              requires_board_approval: values['board-approval'],
            });
          });
          if (!created) {
            console.error(`vertaamo: an organisation with slug "${slug}" already exists`);
            return 1;
          }
          console.log(`Created organisation ${created.slug} (${created.id})`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'feedback': {
        if (sub !== 'send') throw new UsageError('only "feedback send" is supported');
        const db = await open(config);
        try {
          const queued = await sendFeedbackLinks(db, new Date(), config.publicUrl);
          console.log(`Queued ${queued} feedback links.`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'rotate-keys': {
        const batch = values.batch ? Number(values.batch) : 200;
        if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
          throw new UsageError('--batch must be a whole number from 1 to 10000');
        const db = await open(config);
        try {
          const secrets = await sealClearSecrets(db, batch);
          const r = await rotateKeys(db, batch);
          console.log(
            `Re-encrypted ${r.rotated} values under the current key; ${r.current - secrets} were already under it; ` +
              `${r.sealedLeftovers + secrets} plaintext leftovers encrypted.`,
          );
        } finally {
          await db.close();
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`vertaamo: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
