import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALLOWED_IMPORTS,
  ALLOWED_SQL,
  ROOT,
  check,
  countQueries,
  importsOf,
  readTree,
} from '../scripts/check-structure.ts';

const none = { imports: [], sql: {} };
const tree = (files: Record<string, string>) => new Map(Object.entries(files));

describe('the structure check', () => {
  it('passes a layered tree', () => {
    const sources = tree({
      'src/groups/routes.ts': "import { inTx } from '../http/context.ts';\nimport { x } from './service.ts';",
      'src/groups/service.ts': "import { q } from './repository.ts';",
      'src/groups/repository.ts': "export const q = (tx) => tx.query<{ id: string }>('SELECT 1');",
      'src/http/context.ts': "import type { Tx } from '../db/database.ts';",
      'src/db/database.ts': "export const run = (db) => db.query('SELECT 1');",
      'src/cli/main.ts': "import { buildApp } from '../http/app.ts';",
      'src/http/app.ts': "import { groupRoutes } from '../groups/routes.ts';",
    });
    assert.deepEqual(check(sources, none), []);
  });

  it('resolves relative specifiers, type-only, multi-line and dynamic imports', () => {
    const source = [
      "import type { A } from '../db/database.ts';",
      'import {',
      '  b,',
      '  c,',
      "} from './b.ts';",
      "export { d } from '../shared/d.ts';",
      "const e = await import('../web/e.tsx');",
      "import fs from 'node:fs';",
    ].join('\n');
    assert.deepEqual(importsOf('src/groups/a.ts', source), [
      'src/db/database.ts',
      'src/groups/b.ts',
      'src/shared/d.ts',
      'src/web/e.tsx',
    ]);
  });

  it('fails on an import cycle, also one made of type imports', () => {
    const sources = tree({
      'src/groups/service.ts': "import { register } from '../enrolment/service.ts';",
      'src/enrolment/service.ts': "import type { Group } from '../groups/lookup.ts';",
      'src/groups/lookup.ts': "import { x } from './service.ts';",
    });
    const problems = check(sources, none);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /import cycle of 3/);
    assert.match(problems[0]!, /src\/enrolment\/service\.ts/);
  });

  it('fails on a forbidden import unless it is allowed with a reason', () => {
    const sources = tree({
      'src/notifications/outbox.ts': "import { formatDate } from '../web/i18n.ts';",
      'src/web/i18n.ts': '',
      'src/http/context.ts': "import { can } from '../accounts/permissions.ts';",
      'src/accounts/permissions.ts': '',
      'src/groups/routes.ts': "import type { App } from '../http/app.ts';",
      'src/http/app.ts': '',
      'src/workspace/pages.tsx': "import { formatDate } from '../web/i18n.ts';",
    });
    const problems = check(sources, none);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /outbox\.ts → src\/web\/i18n\.ts \(domain code/);
    assert.match(problems.join('\n'), /context\.ts → src\/accounts\/permissions\.ts/);
    assert.match(problems.join('\n'), /groups\/routes\.ts → src\/http\/app\.ts/);

    const allowed = {
      imports: [{ from: 'src/notifications/outbox.ts', to: 'src/web/i18n.ts', reason: 'for now' }],
      sql: {},
    };
    assert.equal(check(sources, allowed).length, 2);
  });

  it('fails when an allowed import no longer exists', () => {
    const sources = tree({ 'src/notifications/outbox.ts': "import { x } from '../shared/time.ts';" });
    const allowed = {
      imports: [{ from: 'src/notifications/outbox.ts', to: 'src/web/i18n.ts', reason: 'for now' }],
      sql: {},
    };
    assert.match(check(sources, allowed).join('\n'), /no longer exists/);
  });

  it('counts SQL calls outside repositories against their allowance, which may only shrink', () => {
    const twoQueries =
      "await tx.query('SELECT 1');\nconst { rows } = await tx.query<{ n: number }>(\n  'SELECT 2');";
    const sources = tree({
      'src/enrolment/subject-requests.ts': twoQueries,
      'src/enrolment/repository.ts': twoQueries + twoQueries,
      'src/enrolment/subject-requests.test.ts': twoQueries,
      'src/db/migrate.ts': twoQueries,
    });
    assert.deepEqual(check(sources, { imports: [], sql: { 'src/enrolment/subject-requests.ts': 2 } }), []);

    const grown = check(sources, { imports: [], sql: { 'src/enrolment/subject-requests.ts': 1 } });
    assert.equal(grown.length, 1);
    assert.match(grown[0]!, /subject-requests\.ts has 2 \.query calls, 1 allowed/);

    const unlisted = check(sources, none);
    assert.match(unlisted.join('\n'), /subject-requests\.ts has 2 \.query calls, 0 allowed/);

    const stale = check(sources, { imports: [], sql: { 'src/enrolment/subject-requests.ts': 3 } });
    assert.equal(stale.length, 1);
    assert.match(stale[0]!, /is 3 but the file has 2: lower it to 2/);
  });

  it('does not count SQL named in comments', () => {
    assert.equal(
      countQueries('// tx.query(...) runs here\n/** db.query<Row>( */\nawait tx.query("SELECT 1");'),
      1,
    );
  });

  it('passes on this repository', () => {
    assert.deepEqual(check(readTree(ROOT), { imports: ALLOWED_IMPORTS, sql: ALLOWED_SQL }), []);
  });
});
