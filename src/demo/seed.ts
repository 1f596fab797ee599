/**
 * Demo data: the five programmes of the seed texts, plus upcoming groups around Finland.
 * Organisations and accounts are created directly; everything else goes through the
 * public HTTP API with the organisations' own tokens, so the demo obeys the same rules
 * as real users.
 */
import { DateTime } from 'luxon';
import type { Database } from '../db/database.ts';
import type { Role } from '../accounts/permissions.ts';
import { createApiToken, createUser, systemActor } from '../accounts/service.ts';
import { createOrganisation } from '../organisations/service.ts';
import { insertMembership, type OrganisationRow } from '../organisations/repository.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { ZONE } from '../shared/time.ts';
import { seedFeedback } from './feedback.ts';
import type { LocalizedText } from '../shared/localized.ts';

export const DEMO_PASSWORD = 'vertaamo-demo-2026';

export interface DemoAccount {
  email: string;
  password: string;
  role: string;
  organisation: string;
}

type Body = Record<string, unknown>;
const t = (fi: string, sv: string, en: string): LocalizedText => ({ fi, sv, en });

class DemoApi {
  constructor(private readonly app: App) {}

  async call<T = { id: string }>(
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    token: string,
    payload: unknown,
  ): Promise<T> {
    const res = await this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Body,
    });
    if (res.statusCode >= 300)
      throw new Error(`demo: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.statusCode === 204 ? (undefined as T) : res.json<T>();
  }

  /** A public call, as a person applying on the site. */
  async anonymous<T = { id: string }>(url: string, payload: unknown): Promise<T> {
    const res = await this.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as Body });
    if (res.statusCode >= 300) throw new Error(`demo: POST ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json<T>();
  }

  async get<T>(url: string): Promise<T> {
    const res = await this.app.inject({ url: `/api/v1${url}` });
    if (res.statusCode >= 300) throw new Error(`demo: GET ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json<T>();
  }
}

interface Ctx {
  api: DemoApi;
  now: DateTime;
}

/** The Helsinki wall-clock time of the next given weekday (1 = Monday) at hh:mm, at least `minDays` ahead. */
function upcoming(now: DateTime, weekday: number, time: string, minDays = 1): string {
  const [h, m] = time.split(':').map(Number);
  let day = now.setZone(ZONE).startOf('day').plus({ days: minDays });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.set({ hour: h, minute: m }).toFormat("yyyy-MM-dd'T'HH:mm");
}

async function venue(ctx: Ctx, token: string, orgId: string, v: Body): Promise<string> {
  return (await ctx.api.call('POST', '/venues', token, { organization_id: orgId, ...v })).id;
}

async function facilitator(
  ctx: Ctx,
  token: string,
  orgId: string,
  f: Body,
  trainings: [string, string][] = [],
): Promise<string> {
  const { id } = await ctx.api.call('POST', '/facilitators', token, { organization_id: orgId, ...f });
  for (const [training, completedOn] of trainings) {
    await ctx.api.call('POST', `/facilitators/${id}/trainings`, token, {
      training,
      completed_on: completedOn,
    });
  }
  return id;
}

interface GroupPlan {
  body: Body;
  facilitators?: [string, 'lead' | 'co_facilitator' | 'convener'][];
  remoteUrl?: string;
  schedule?: { rrule: string; starts_local: string; duration_minutes: number; exdates?: string[] };
  /** lifecycle actions after creation, e.g. ['publish', 'start'] */
  actions?: (string | Body)[];
  /** the board member's token, for approve */
  boardToken?: string;
}

async function group(
  ctx: Ctx,
  token: string,
  orgId: string,
  plan: GroupPlan,
): Promise<{ id: string; slug: string }> {
  const created = await ctx.api.call<{ id: string; slug: string }>('POST', '/groups', token, {
    organization_id: orgId,
    ...plan.body,
  });
  if (plan.facilitators) {
    await ctx.api.call('PUT', `/groups/${created.id}/facilitators`, token, {
      facilitators: plan.facilitators.map(([facilitator_id, role]) => ({ facilitator_id, role })),
    });
  }
  if (plan.remoteUrl)
    await ctx.api.call('PUT', `/groups/${created.id}/remote-details`, token, { url: plan.remoteUrl });
  if (plan.schedule) await ctx.api.call('POST', `/groups/${created.id}/schedules`, token, plan.schedule);
  for (const step of plan.actions ?? []) {
    const body = typeof step === 'string' ? { action: step } : step;
    const actor = body.action === 'approve' || body.action === 'reject' ? (plan.boardToken ?? token) : token;
    await ctx.api.call('POST', `/groups/${created.id}/lifecycle`, actor, body);
  }
  return created;
}

async function sessionsOf(ctx: Ctx, groupId: string) {
  return (
    await ctx.api.get<{ items: { id: string; plan_kind: string; starts_at: string }[] }>(
      `/groups/${groupId}/sessions`,
    )
  ).items;
}

interface OrgSpec {
  key: string;
  parent?: string;
  slug: string;
  kind: string;
  name: LocalizedText;
  description?: LocalizedText;
  municipality?: string;
  requires_board_approval?: boolean;
  starts_on?: string;
  ends_on?: string;
  targets?: Body[];
  website?: string;
  email?: string;
}

const ORGANISATIONS: OrgSpec[] = [
  {
    key: 'tampere',
    email: 'perhepalvelut@tampere.demo.vertaamo.fi',
    slug: 'tampereen-kaupunki',
    kind: 'city_service',
    name: t('Tampereen kaupunki (demo)', 'Tammerfors stad (demo)', 'City of Tampere (demo)'),
    municipality: 'Tampere',
  },
  {
    key: 'project',
    email: 'pikkulapsiperheet@tampere.demo.vertaamo.fi',
    parent: 'tampere',
    slug: 'pikkulapsiperheiden-vertaistuki',
    kind: 'project',
    name: t(
      'Pikkulapsiperheiden vertaistukihanke',
      'Kamratstödsprojekt för småbarnsfamiljer',
      'Peer support project for families with small children',
    ),
    description: t(
      'Hanke kokoaa vertaistukiryhmiä oleskeluluvan saaneista maahanmuuttajataustaisista ja suomalaisista lapsiperheistä. Tuki alkaa raskauden aikana ja jatkuu, kunnes lapsi täyttää kaksi vuotta.',
      'Projektet sätter ihop kamratstödsgrupper av invandrarfamiljer med uppehållstillstånd och finska barnfamiljer. Stödet börjar under graviditeten och fortsätter tills barnet fyller två år.',
      'The project assembles peer support groups of immigrant families with a residence permit and Finnish families. Support starts during pregnancy and continues until the child turns two.',
    ),
    municipality: 'Tampere',
    starts_on: '2019-08-01',
    ends_on: '2020-06-30',
    targets: [
      {
        key: 'finnish_families',
        label: t('Suomalaiset lapsiperheet', 'Finska barnfamiljer', 'Finnish families'),
        target_value: 20,
        unit: 'families',
      },
      {
        key: 'immigrant_families',
        label: t('Maahanmuuttajalapsiperheet', 'Invandrarfamiljer', 'Immigrant families'),
        target_value: 20,
        unit: 'families',
      },
      {
        key: 'nurses',
        label: t(
          'Terveydenhoitajat fasilitoijina',
          'Hälsovårdare som handledare',
          'Public health nurses facilitating',
        ),
        target_value: 10,
        unit: 'professionals',
      },
      {
        key: 'network',
        label: t(
          'Vertaistukiverkoston jäsenet',
          'Medlemmar i kamratstödsnätverket',
          'Members of the peer support network',
        ),
        target_value: 50,
        unit: 'people',
      },
    ],
  },
  {
    key: 'relatives',
    email: 'info@omaiset.demo.vertaamo.fi',
    slug: 'omaiset-demo',
    kind: 'association',
    name: t(
      'Omaiset mielenterveystyön tukena (demo)',
      'Anhöriga till stöd för mentalvårdsarbetet (demo)',
      'Relatives supporting mental health work (demo)',
    ),
    description: t(
      'Vertaisryhmiä mielenterveysongelmaisten omaisille ja läheisille. Ryhmät ovat avoimia ja maksuttomia; pienestä omavastuuosuudesta ja suljetuista ryhmistä ilmoitetaan aina etukäteen.',
      'Kamratgrupper för anhöriga och närstående till personer med psykisk ohälsa. Grupperna är öppna och avgiftsfria; en liten självrisk och slutna grupper meddelas alltid på förhand.',
      'Peer groups for relatives and close ones of people with mental illness. Groups are open and free; a small co-payment and closed groups are always announced in advance.',
    ),
    municipality: 'Helsinki',
  },
  {
    key: 'federation',
    email: 'info@lapsiperheliitto.demo.vertaamo.fi',
    slug: 'lapsiperheliitto-demo',
    kind: 'federation',
    name: t(
      'Lapsiperheliitto (demo)',
      'Barnfamiljeförbundet (demo)',
      'Families with Children Federation (demo)',
    ),
  },
  {
    key: 'district',
    email: 'piiri@lapsiperheliitto.demo.vertaamo.fi',
    parent: 'federation',
    slug: 'uudenmaan-piiri-demo',
    kind: 'district',
    name: t('Uudenmaan piiri (demo)', 'Nylands distrikt (demo)', 'Uusimaa district (demo)'),
    municipality: 'Helsinki',
  },
  {
    key: 'local',
    email: 'espoo@lapsiperheliitto.demo.vertaamo.fi',
    parent: 'district',
    slug: 'espoon-paikallisyhdistys-demo',
    kind: 'local_association',
    name: t('Espoon paikallisyhdistys (demo)', 'Esbo lokalförening (demo)', 'Espoo local association (demo)'),
    municipality: 'Espoo',
    requires_board_approval: true,
  },
  {
    key: 'institute',
    email: 'vahvistin@tyohyvinvointi.demo.vertaamo.fi',
    slug: 'tyohyvinvointi-demo',
    kind: 'institute',
    name: t(
      'Työhyvinvoinnin verkosto (demo)',
      'Nätverket för arbetshälsa (demo)',
      'Workplace wellbeing network (demo)',
    ),
    municipality: 'Helsinki',
  },
  {
    key: 'selfdirected',
    email: 'ryhmat@vahvistin.demo.vertaamo.fi',
    slug: 'vahvistin-itseohjautuvat-demo',
    kind: 'self_organised',
    name: t(
      'Itseohjautuvat Vahvistin-ryhmät (demo)',
      'Självstyrande Booster-grupper (demo)',
      'Self-directed Vahvistin groups (demo)',
    ),
  },
  {
    key: 'childwelfare',
    email: 'perhesosiaalityo@helsinki.demo.vertaamo.fi',
    slug: 'helsinki-perhesosiaalityo-demo',
    kind: 'city_service',
    name: t(
      'Helsingin kaupunki – lastensuojelu ja perhesosiaalityö (demo)',
      'Helsingfors stad – barnskydd och familjesocialarbete (demo)',
      'City of Helsinki – child welfare and family social work (demo)',
    ),
    municipality: 'Helsinki',
  },
  {
    key: 'regional',
    email: 'info@vertaistuki.demo.vertaamo.fi',
    slug: 'vertaistuki-suomi-demo',
    kind: 'association',
    name: t('Vertaistuki Suomi (demo)', 'Kamratstöd Finland (demo)', 'Peer Support Finland (demo)'),
    description: t(
      'Valtakunnallinen yhdistys, jonka vapaaehtoiset ohjaavat vertaisryhmiä eri puolilla Suomea.',
      'En riksomfattande förening vars frivilliga leder kamratgrupper runt om i Finland.',
      'A national association whose volunteers run peer groups around Finland.',
    ),
  },
];

interface AccountSpec {
  email: string;
  name: string;
  org: string;
  roles: Role[];
}

const ACCOUNTS: AccountSpec[] = [
  {
    email: 'koordinaattori@tampere.demo.vertaamo.fi',
    name: 'Tiina Tampere',
    org: 'project',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'koordinaattori@omaiset.demo.vertaamo.fi',
    name: 'Outi Omainen',
    org: 'relatives',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'koordinaattori@piiri.demo.vertaamo.fi',
    name: 'Pirjo Piiri',
    org: 'district',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'koordinaattori@espoo.demo.vertaamo.fi',
    name: 'Eeva Espoo',
    org: 'local',
    roles: ['coordinator'],
  },
  { email: 'hallitus@espoo.demo.vertaamo.fi', name: 'Hannu Hallitus', org: 'local', roles: ['board_member'] },
  { email: 'ohjaaja@espoo.demo.vertaamo.fi', name: 'Olli Ohjaaja', org: 'local', roles: ['facilitator'] },
  {
    email: 'koordinaattori@vahvistin.demo.vertaamo.fi',
    name: 'Ville Vahvistin',
    org: 'institute',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'koollekutsuja@vahvistin.demo.vertaamo.fi',
    name: 'Kaisa Koollekutsuja',
    org: 'selfdirected',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'koordinaattori@helsinki.demo.vertaamo.fi',
    name: 'Helena Helsinki',
    org: 'childwelfare',
    roles: ['admin', 'coordinator'],
  },
  {
    email: 'sosiaalityontekija@helsinki.demo.vertaamo.fi',
    name: 'Sanna Sosiaalityö',
    org: 'childwelfare',
    roles: ['referrer'],
  },
  {
    email: 'koordinaattori@vertaistuki.demo.vertaamo.fi',
    name: 'Veera Vertainen',
    org: 'regional',
    roles: ['admin', 'coordinator'],
  },
];

/** Loads the demo into an empty database and returns the staff accounts it created. */
export async function seedDemo(
  db: Database,
  opts: { publicUrl: string; now: Date },
): Promise<{ accounts: DemoAccount[] }> {
  const orgs = new Map<string, OrganisationRow>();
  for (const spec of ORGANISATIONS) {
    const { key, parent, ...fields } = spec;
    const row = await db.ownerTransaction((tx) =>
      createOrganisation(tx, systemActor([...orgs.values()].map((o) => o.id)), {
        ...fields,
        parent_id: parent ? orgs.get(parent)!.id : null,
      } as Parameters<typeof createOrganisation>[2]),
    );
    orgs.set(key, row);
  }
  const org = (key: string) => orgs.get(key)!;

  const accounts: DemoAccount[] = [];
  for (const a of ACCOUNTS) {
    const user = await createUser(db, { email: a.email, displayName: a.name, password: DEMO_PASSWORD });
    for (const role of a.roles) {
      await db.ownerTransaction((tx) => insertMembership(tx, org(a.org).id, user.id, role));
      accounts.push({ email: a.email, password: DEMO_PASSWORD, role, organisation: org(a.org).name.fi });
    }
  }

  const tokens = new Map<string, string>();
  const tokenOf = async (key: string, role: Role = 'admin') => {
    const cacheKey = `${key}:${role}`;
    if (!tokens.has(cacheKey)) {
      const { token } = await db.ownerTransaction((tx) =>
        createApiToken(tx, { orgId: org(key).id, role, label: 'demo loader', createdBy: null }),
      );
      tokens.set(cacheKey, token);
    }
    return tokens.get(cacheKey)!;
  };

  const app = await buildApp({ db, publicUrl: opts.publicUrl, clock: () => opts.now });
  try {
    const ctx: Ctx = { api: new DemoApi(app), now: DateTime.fromJSDate(opts.now, { zone: ZONE }) };
    await tamperePilot(ctx, org('project').id, await tokenOf('project'));
    await relativesSeason(ctx, org('relatives').id, await tokenOf('relatives'));
    await localAssociation(
      ctx,
      org('local').id,
      await tokenOf('local'),
      await tokenOf('local', 'board_member'),
    );
    await vahvistinGroups(
      ctx,
      org('institute').id,
      await tokenOf('institute'),
      org('selfdirected').id,
      await tokenOf('selfdirected'),
    );
    await childWelfare(ctx, org('childwelfare').id, await tokenOf('childwelfare'));
    await aroundFinland(ctx, org('regional').id, await tokenOf('regional'));
    await seedFeedback(db, opts.now);
  } finally {
    await app.close();
  }
  // The loader's tokens were for the loader only.
  await db.ownerTransaction((tx) =>
    tx.query(`UPDATE api_tokens SET revoked_at = now() WHERE label = 'demo loader'`),
  );
  return { accounts };
}

/**
 * Tesoma's autumn: three families placed in the group, and few of them came to the first
 * three evenings (2, 1 and 1 present), so the coordinator suspended it on 3.12.2019.
 */
async function tesomaAttendance(ctx: Ctx, token: string, groupId: string): Promise<void> {
  const families = ['Leyla', 'Sanna', 'Parisa'];
  const ids: string[] = [];
  for (const name of families) {
    const added = await ctx.api.call<{ id: string }>('POST', `/groups/${groupId}/participants`, token, {
      display_name: `${name} (demo)`,
      email: `${name.toLowerCase()}@example.invalid`,
      language: 'fi',
      consent: true,
    });
    ids.push(added.id);
  }
  await ctx.api.call('POST', `/groups/${groupId}/lifecycle`, token, { action: 'start' });
  const present = [[0, 1], [0], [2]];
  const sessions = await sessionsOf(ctx, groupId);
  for (const [i, who] of present.entries()) {
    await ctx.api.call('PUT', `/sessions/${sessions[i]!.id}/attendance`, token, {
      participants: ids.map((registration_id, n) => ({ registration_id, present: who.includes(n) })),
      children_count: who.length,
    });
  }
  await ctx.api.call('POST', `/groups/${groupId}/lifecycle`, token, {
    action: 'suspend',
    suspended_on: '2019-12-03',
    reason_code: 'low_attendance',
    reason: 'Ryhmä keskeytettiin vähäisen osallistujamäärän takia.',
  });
}

// ------------------------------------------------------------------ 1. Tampere pilot, autumn 2019

async function tamperePilot(ctx: Ctx, orgId: string, token: string): Promise<void> {
  const kasvokkain: [string, string][] = [['kasvokkain-method', '2019-10-01']];
  const tampere = { municipality: 'Tampere' };
  const venues = {
    naistari: await venue(ctx, token, orgId, {
      ...tampere,
      name: 'Naistari',
      street_address: 'Insinöörinkatu 38',
      postal_code: '33720',
      neighbourhood: 'Hervanta',
      latitude: 61.4502,
      longitude: 23.8531,
      accessibility: ['step_free_access', 'pram_access', 'public_transport'],
    }),
    hervantatupa: await venue(ctx, token, orgId, {
      ...tampere,
      name: 'Hervantatupa',
      street_address: 'Opiskelijankatu 6',
      postal_code: '33720',
      neighbourhood: 'Hervanta',
      latitude: 61.4489,
      longitude: 23.8488,
      accessibility: ['step_free_access', 'accessible_toilet', 'pram_access'],
    }),
    annantupa: await venue(ctx, token, orgId, {
      ...tampere,
      name: 'Annantupa',
      street_address: 'Kaukajärvenkatu 2',
      postal_code: '33710',
      neighbourhood: 'Kaukajärvi',
      latitude: 61.4826,
      longitude: 23.8687,
      accessibility: ['pram_access', 'parking'],
    }),
    westeri: await venue(ctx, token, orgId, {
      ...tampere,
      name: 'Westeri',
      street_address: 'Tesomankatu 2',
      postal_code: '33310',
      neighbourhood: 'Tesoma',
      latitude: 61.5012,
      longitude: 23.6378,
      accessibility: ['step_free_access', 'lift', 'accessible_toilet'],
    }),
    laivapuisto: await venue(ctx, token, orgId, {
      ...tampere,
      name: 'MLL Laivapuiston perhetalo',
      street_address: 'Laivapuistonkatu 10',
      postal_code: '33100',
      neighbourhood: 'Keskusta',
      latitude: 61.4941,
      longitude: 23.7545,
      accessibility: ['step_free_access', 'pram_access', 'baby_changing'],
    }),
  };
  const pairs = [
    ['Hanna', 'Amina', 'ar'],
    ['Kirsi', 'Hodan', 'so'],
    ['Laura', 'Olga', 'ru'],
    ['Minna', 'Zahra', 'fa'],
    ['Sari', 'Fatima', 'ar'],
  ] as const;
  const teams: string[][] = [];
  for (const [nurse, peer, language] of pairs) {
    teams.push([
      await facilitator(
        ctx,
        token,
        orgId,
        {
          display_name: `${nurse} (terveydenhoitaja)`,
          kind: 'professional',
          engagement: 'paid',
          profession: 'public_health_nurse',
        },
        kasvokkain,
      ),
      await facilitator(
        ctx,
        token,
        orgId,
        {
          display_name: peer,
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi', language],
          name_public: true,
        },
        kasvokkain,
      ),
    ]);
  }
  const common = {
    description: t(
      'Vertaistukiryhmä maahanmuuttajataustaisille ja suomalaisille lapsiperheille raskausajasta lapsen kahteen ikävuoteen. Jaamme kokemuksia ja asiantuntijatietoa raskaudesta, synnytyksestä ja vauvan hoidosta – ja opimme kieltä yhdessä. Ryhmät kootaan hakemusten perusteella.',
      'Kamratstödsgrupp för invandrarfamiljer och finska barnfamiljer från graviditeten tills barnet fyller två. Vi delar erfarenheter och expertkunskap om graviditet, förlossning och babyvård – och lär oss språk tillsammans. Grupperna sätts ihop utifrån ansökningar.',
      'A peer support group for immigrant and Finnish families from pregnancy until the child turns two. We share experience and expert knowledge of pregnancy, birth and baby care – and learn the language together. Groups are assembled from applications.',
    ),
    audience: ['expecting_parents', 'parents', 'families', 'immigrants'],
    topics: ['babies', 'pregnancy', 'immigration'],
    unifying_factor: t(
      'Raskaus tai alle 2-vuotias lapsi',
      'Graviditet eller barn under 2 år',
      'Pregnancy or a child under two',
    ),
    method: 'discussion',
    openness: 'closed',
    how_to_join: 'application',
    capacity: 10,
    template: 'seven-week-course',
    mode: 'in_person',
    children_along: true,
    child_age_max_months: 24,
    facilitation: 'co_facilitated',
    season: t('Syksy 2019', 'Hösten 2019', 'Autumn 2019'),
  };
  const autumn: [string, string, string, string, string][] = [
    ['hervanta-naistari-2019', 'Hervanta: Naistari', venues.naistari, '2019-10-30T15:30', 'ar'],
    ['hervanta-hervantatupa-2019', 'Hervanta: Hervantatupa', venues.hervantatupa, '2019-11-04T14:30', 'so'],
    ['kaukajarvi-annantupa-2019', 'Kaukajärvi: Annantupa', venues.annantupa, '2019-11-14T15:30', 'ru'],
    ['tesoma-westeri-2019', 'Tesoma: Westeri', venues.westeri, '2019-11-12T15:00', 'fa'],
    [
      'keskusta-laivapuisto-2019',
      'Keskusta: MLL Laivapuiston perhetalo',
      venues.laivapuisto,
      '2019-11-14T17:00',
      'ar',
    ],
  ];
  let tesomaId = '';
  for (const [i, [slug, place, venueId, startsLocal, language]] of autumn.entries()) {
    const suspended = slug.startsWith('tesoma');
    const lastDay = DateTime.fromISO(startsLocal).plus({ weeks: 6 }).toISODate()!;
    const created = await group(ctx, token, orgId, {
      body: {
        ...common,
        slug,
        name: t(
          `Perheiden vertaistukiryhmä – ${place}`,
          `Kamratstödsgrupp för familjer – ${place}`,
          `Family peer support group – ${place}`,
        ),
        languages: ['fi', language],
        venue_id: venueId,
        starts_on: startsLocal.slice(0, 10),
        ends_on: lastDay,
      },
      facilitators: [
        [teams[i]![0]!, 'lead'],
        [teams[i]![1]!, 'co_facilitator'],
      ],
      schedule: { rrule: 'FREQ=WEEKLY;COUNT=7', starts_local: startsLocal, duration_minutes: 90 },
      actions: ['publish'],
    });
    if (!suspended) await tampereFamilies(ctx, token, created.id, i, teams[i]!, lastDay);
    if (suspended) {
      tesomaId = created.id;
      await tesomaAttendance(ctx, token, created.id);
    }
  }
  await group(ctx, token, orgId, {
    body: {
      ...common,
      slug: 'hervanta-2020',
      replaces_group_id: tesomaId,
      name: t(
        'Perheiden vertaistukiryhmä – Hervanta, kevät 2020',
        'Kamratstödsgrupp för familjer – Hervanta, våren 2020',
        'Family peer support group – Hervanta, spring 2020',
      ),
      languages: ['fi', 'fa'],
      venue_id: venues.naistari,
      season: t('Kevät 2020', 'Våren 2020', 'Spring 2020'),
      starts_on: '2020-01-29',
      ends_on: '2020-03-04',
    },
    facilitators: [
      [teams[3]![0]!, 'lead'],
      [teams[3]![1]!, 'co_facilitator'],
    ],
    schedule: { rrule: 'FREQ=WEEKLY;COUNT=6', starts_local: '2020-01-29T15:30', duration_minutes: 90 },
    actions: ['publish'],
  }).then((g) => tampereFamilies(ctx, token, g.id, 5, teams[3]!, '2020-03-04'));
  // The next round takes applications now: families apply, the project assembles the groups.
  await group(ctx, token, orgId, {
    body: {
      ...common,
      slug: 'perheryhmat-haku-tampere',
      name: t(
        'Perheiden vertaistukiryhmät – haku seuraavaan kierrokseen',
        'Kamratstödsgrupper för familjer – ansökan till nästa omgång',
        'Family peer support groups – applications for the next round',
      ),
      languages: ['fi', 'ar', 'so'],
      venue_id: venues.naistari,
      season: t('Seuraava kierros', 'Nästa omgång', 'Next round'),
    },
    facilitators: [
      [teams[0]![0]!, 'lead'],
      [teams[0]![1]!, 'co_facilitator'],
    ],
    schedule: {
      rrule: 'FREQ=WEEKLY;COUNT=7',
      starts_local: upcoming(ctx.now, 3, '15:30', 21),
      duration_minutes: 90,
    },
    actions: ['publish'],
  });
  // How the project's targets are counted (src/reporting, docs/reporting.md).
  const measures: [string, Body][] = [
    ['finnish_families', { measure: 'families_by_background', background: 'finnish' }],
    ['immigrant_families', { measure: 'families_by_background', background: 'immigrant' }],
    ['nurses', { measure: 'facilitators_by_profession', profession: 'public_health_nurse' }],
    ['network', { measure: 'network' }],
  ];
  for (const [key, body] of measures)
    await ctx.api.call('PUT', `/organizations/${orgId}/targets/${key}/measure`, token, body);
}

/**
 * The families of one Tampere group: they apply with their background (two Finnish and two
 * immigrant-background families; three in the spring 2020 group), are placed, and come to
 * most of the seven evenings with their babies; one evening the nurse could not come and the
 * peer facilitator ran it alone. The group's costs: refreshments and materials.
 */
async function tampereFamilies(
  ctx: Ctx,
  token: string,
  groupId: string,
  n: number,
  team: string[],
  lastDay: string,
): Promise<void> {
  const families: [string, string, string][] = [
    ['Aino', 'Suomalainen perhe', 'fi'],
    ['Noor', 'Maahanmuuttajaperhe, oleskelulupa', 'ar'],
    ['Emilia', 'Suomalainen perhe', 'fi'],
    ['Samira', 'Maahanmuuttajaperhe, oleskelulupa', 'so'],
  ];
  const ours = n === 5 ? families.slice(0, 3) : families;
  const ids: string[] = [];
  for (const [name, background, language] of ours) {
    const person = `${name.toLowerCase()}.${n}@example.invalid`;
    const applied = await ctx.api.anonymous(`/groups/${groupId}/applications`, {
      display_name: `${name} (demo)`,
      email: person,
      language: 'fi',
      consent: true,
      facts: { background, languages: ['fi', language], child_age_months: 3 + n },
    });
    const placed = await ctx.api.call<{ registration_id: string }>(
      'POST',
      `/applications/${applied.id}/placement`,
      token,
      { group: groupId },
    );
    ids.push(placed.registration_id);
  }
  await ctx.api.call('POST', `/groups/${groupId}/lifecycle`, token, { action: 'start' });
  const sessions = await sessionsOf(ctx, groupId);
  for (const [k, session] of sessions.entries()) {
    // Everyone at most evenings; one family missing now and then.
    const away = (k + n) % 3 === 0 ? (k + n) % ids.length : -1;
    const present = ids.map((_, m) => m !== away);
    await ctx.api.call('PUT', `/sessions/${session.id}/attendance`, token, {
      participants: ids.map((registration_id, m) => ({ registration_id, present: present[m] })),
      children_count: present.filter(Boolean).length,
    });
  }
  await ctx.api.call('PUT', `/sessions/${sessions[3]!.id}/facilitators`, token, {
    facilitator_ids: [team[1]],
  });
  const first = sessions[0]!.starts_at.slice(0, 10);
  await ctx.api.call('POST', `/groups/${groupId}/costs`, token, {
    category: 'refreshments',
    amount_cents: 3500,
    incurred_on: first,
    note: 'Kahvi ja välipalat',
  });
  await ctx.api.call('POST', `/groups/${groupId}/costs`, token, {
    category: 'materials',
    amount_cents: 2000,
    incurred_on: first,
    note: 'Kasvokkain-materiaalit',
  });
  await ctx.api.call('POST', `/groups/${groupId}/lifecycle`, token, { action: 'end', ended_on: lastDay });
}

// ------------------------------------------------------------------ 2. Relatives' association, spring 2019

async function relativesSeason(ctx: Ctx, orgId: string, token: string): Promise<void> {
  const trained: [string, string][] = [['peer-facilitator-basic', '2018-09-15']];
  const helsinki = { municipality: 'Helsinki' };
  const office = await venue(ctx, token, orgId, {
    ...helsinki,
    name: 'Yhdistyksen kohtaamispaikka',
    street_address: 'Hämeentie 48',
    postal_code: '00500',
    neighbourhood: 'Sörnäinen',
    latitude: 60.1878,
    longitude: 24.9612,
    accessibility: ['step_free_access', 'lift', 'accessible_toilet', 'induction_loop', 'public_transport'],
  });
  const library = await venue(ctx, token, orgId, {
    ...helsinki,
    name: 'Malmin kirjaston ryhmätila',
    street_address: 'Ala-Malmin tori 1',
    postal_code: '00700',
    neighbourhood: 'Malmi',
    latitude: 60.2506,
    longitude: 25.0094,
    accessibility: ['step_free_access', 'lift', 'accessible_toilet'],
  });
  const espoo = await venue(ctx, token, orgId, {
    name: 'Leppävaaran asukastila',
    municipality: 'Espoo',
    street_address: 'Läkkisepänkuja 3',
    postal_code: '02650',
    neighbourhood: 'Leppävaara',
    latitude: 60.2192,
    longitude: 24.8131,
    accessibility: ['step_free_access'],
  });
  const peers: string[] = [];
  for (const name of ['Marja', 'Pekka', 'Leena', 'Timo', 'Ritva', 'Anja']) {
    peers.push(
      await facilitator(
        ctx,
        token,
        orgId,
        { display_name: name, kind: 'peer', engagement: 'volunteer', name_public: true },
        trained,
      ),
    );
  }
  const staff = await facilitator(ctx, token, orgId, {
    display_name: 'Yhdistyksen työntekijä',
    kind: 'professional',
    engagement: 'paid',
    profession: 'association_staff',
  });
  const season = {
    season: t('Kevätkausi 2019', 'Vårterminen 2019', 'Spring 2019'),
    template: 'season',
    mode: 'in_person',
    languages: ['fi'],
    facilitation: 'peer',
    starts_on: '2019-01-14',
    ends_on: '2019-05-31',
  };
  const until = 'UNTIL=20190531T235959';
  const groups: [GroupPlan['body'], string, string, string[]?][] = [
    [
      {
        name: t(
          'Alueellinen omaisten vertaistukiryhmä',
          'Regional kamratstödsgrupp för anhöriga',
          'Regional peer support group for relatives',
        ),
        description: t(
          'Avoin ryhmä kaikille mielenterveysongelmaisten omaisille ja läheisille. Jaamme kokemuksia ja tunteita ja tuemme toistemme jaksamista.',
          'En öppen grupp för alla anhöriga och närstående till personer med psykisk ohälsa. Vi delar erfarenheter och känslor och stöder varandras ork.',
          'An open group for all relatives and close ones of people with mental illness. We share experiences and feelings and support each other’s coping.',
        ),
        audience: ['relatives'],
        topics: ['mental_health'],
      },
      office,
      `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;${until}|2019-01-14T18:00`,
    ],
    [
      {
        name: t('Miesten voimaa', 'Männens kraft', "Men's strength"),
        description: t(
          'Vertaisryhmä miehille, joiden läheisellä on mielenterveyden ongelmia.',
          'Kamratgrupp för män vars närstående har psykisk ohälsa.',
          'A peer group for men whose close one has mental health problems.',
        ),
        audience: ['relatives', 'men'],
        topics: ['mental_health'],
      },
      office,
      `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;${until}|2019-01-15T17:30`,
    ],
    [
      {
        name: t(
          'Ryhmä epävakaiden läheisille',
          'Grupp för närstående till personer med instabil personlighet',
          'Group for close ones of people with borderline personality',
        ),
        description: t(
          'Suljettu ryhmä läheisille, joiden perheenjäsenellä on epävakaa persoonallisuus. Ryhmään ilmoittaudutaan etukäteen; ryhmä on täynnä kahdeksalla.',
          'En sluten grupp för närstående vars familjemedlem har instabil personlighet. Anmälan i förväg; gruppen är full med åtta deltagare.',
          'A closed group for close ones whose family member has a borderline personality. Register in advance; the group is full at eight.',
        ),
        audience: ['relatives'],
        topics: ['mental_health'],
        openness: 'closed',
        how_to_join: 'registration',
        capacity: 8,
      },
      library,
      `FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;${until}|2019-01-16T18:00`,
    ],
    [
      {
        name: t(
          'Päihteiden käyttäjien omaisten ryhmä',
          'Grupp för anhöriga till personer som använder rusmedel',
          'Group for relatives of substance users',
        ),
        description: t(
          'Vertaistukea omaisille, joiden läheisellä on päihde- ja mielenterveysongelmia. Keväällä yksi kerta asiantuntijavieraan kanssa.',
          'Kamratstöd för anhöriga vars närstående har missbruks- och psykiska problem. En träff i vår med en gästexpert.',
          'Peer support for relatives whose close one has substance use and mental health problems. One meeting this spring with a visiting expert.',
        ),
        audience: ['relatives'],
        topics: ['relatives_substance_use', 'mental_health'],
      },
      espoo,
      `FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;${until}|2019-01-17T18:00`,
      ['expert'],
    ],
    [
      {
        name: t(
          'Käsillä tekemisen iloa -illat omaistaan hoitaville',
          'Kvällar med glädjen att göra med händerna för närståendevårdare',
          'Joy of making: crafts evenings for family carers',
        ),
        description: t(
          'Toiminnallinen ryhmä omaistaan hoitaville: käsitöitä, juttelua ja lepoa. Materiaaleista peritään pieni omavastuuosuus.',
          'En aktivitetsgrupp för närståendevårdare: handarbete, samtal och vila. En liten självrisk tas ut för materialet.',
          'An activity group for family carers: crafts, conversation and rest. A small co-payment covers the materials.',
        ),
        audience: ['relatives', 'carers'],
        topics: ['caregiving'],
        method: 'activity',
        cost_kind: 'co_payment',
        co_payment_cents: 500,
        co_payment_note: t(
          '5 € / kerta materiaaleista, maksetaan paikan päällä.',
          '5 € / gång för material, betalas på plats.',
          '€5 per evening for materials, paid on site.',
        ),
      },
      office,
      `FREQ=MONTHLY;BYDAY=1TH;${until}|2019-02-07T17:00`,
    ],
    [
      {
        name: t('Toiminnasta voimaa', 'Kraft ur aktivitet', 'Strength from activity'),
        description: t(
          'Liikkumista ja yhdessä tekemistä omaisille: kävelyretkiä, museokäyntejä ja keskustelua.',
          'Motion och att göra saker tillsammans för anhöriga: promenader, museibesök och samtal.',
          'Moving and doing things together for relatives: walks, museum visits and conversation.',
        ),
        audience: ['relatives'],
        topics: ['mental_health', 'physical_activity'],
        method: 'activity',
      },
      library,
      `FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;${until}|2019-01-19T12:00`,
    ],
  ];
  for (const [i, [body, venueId, rule, extras]] of groups.entries()) {
    const [rrule, startsLocal] = rule.split('|') as [string, string];
    const created = await group(ctx, token, orgId, {
      body: { how_to_join: 'drop_in', openness: 'open', ...season, ...body, venue_id: venueId },
      facilitators: [
        [peers[i]!, 'lead'],
        ...(extras ? ([[staff, 'co_facilitator']] as [string, 'co_facilitator'][]) : []),
      ],
      schedule: { rrule, starts_local: startsLocal, duration_minutes: 120 },
      actions: ['publish', 'start'],
    });
    await relativesRecords(ctx, token, created.id, i, body.how_to_join === 'registration', [
      peers[i]!,
      staff,
    ]);
    await ctx.api.call('POST', `/groups/${created.id}/lifecycle`, token, {
      action: 'end',
      ended_on: '2019-05-31',
    });
    if (extras) {
      const sessions = await sessionsOf(ctx, created.id);
      const visit = sessions[Math.floor(sessions.length / 2)]!;
      await ctx.api.call('PATCH', `/sessions/${visit.id}`, token, {
        theme: t(
          'Miten tukea läheistä ja itseä',
          'Hur stödja den närstående och sig själv',
          'Supporting your close one and yourself',
        ),
      });
      // The visiting expert: her name stays inside the association; the public sees the topic.
      await ctx.api.call('POST', `/sessions/${visit.id}/guests`, token, {
        name: 'Sari Virta',
        affiliation: 'päihdetyön asiantuntija',
        topic: t(
          'Päihdetyön asiantuntijan puheenvuoro',
          'En expert från missbruksvården berättar',
          'A substance-abuse expert speaks',
        ),
      });
    }
  }
}

/**
 * A relatives' group's spring: a head count each evening (the drop-in groups), the season's
 * room rent and refreshments, and, in the first group, the association's staff member running
 * one evening with the peer facilitator. The closed group registers people by name; its
 * attendance is left to the group's own page.
 */
async function relativesRecords(
  ctx: Ctx,
  token: string,
  groupId: string,
  n: number,
  named: boolean,
  team: [string, string],
): Promise<void> {
  const sessions = await sessionsOf(ctx, groupId);
  if (!named)
    for (const [k, session] of sessions.entries())
      await ctx.api.call('PUT', `/sessions/${session.id}/attendance`, token, {
        head_count: 5 + ((k * 3 + n) % 6),
      });
  if (n === 0 && sessions[2])
    await ctx.api.call('PUT', `/sessions/${sessions[2].id}/facilitators`, token, { facilitator_ids: team });
  const first = sessions[0]!.starts_at.slice(0, 10);
  await ctx.api.call('POST', `/groups/${groupId}/costs`, token, {
    category: 'room_rent',
    amount_cents: 25000,
    incurred_on: first,
    note: 'Kevätkauden tilavuokra',
  });
  await ctx.api.call('POST', `/groups/${groupId}/costs`, token, {
    category: 'refreshments',
    amount_cents: 1500 * sessions.length,
    incurred_on: first,
    note: 'Kahvitarjoilu',
  });
}

// ------------------------------------------------------------------ 3. Local association parent groups

async function localAssociation(ctx: Ctx, orgId: string, token: string, boardToken: string): Promise<void> {
  const espoo = { municipality: 'Espoo' };
  const perhetalo = await venue(ctx, token, orgId, {
    ...espoo,
    name: 'Perhetalo Tapiola',
    street_address: 'Kauppamiehentie 6',
    postal_code: '02100',
    neighbourhood: 'Tapiola',
    latitude: 60.1756,
    longitude: 24.8052,
    accessibility: ['step_free_access', 'pram_access', 'baby_changing', 'accessible_toilet'],
  });
  const church = await venue(ctx, token, orgId, {
    ...espoo,
    name: 'Espoonlahden kirkon kerhotila',
    street_address: 'Kipparinkatu 8',
    postal_code: '02320',
    neighbourhood: 'Espoonlahti',
    latitude: 60.1494,
    longitude: 24.6586,
    accessibility: ['step_free_access', 'pram_access', 'parking'],
  });
  const college = await venue(ctx, token, orgId, {
    ...espoo,
    name: 'Espoon työväenopiston liikuntasali',
    street_address: 'Kamreerintie 2',
    postal_code: '02770',
    neighbourhood: 'Espoon keskus',
    latitude: 60.2055,
    longitude: 24.6559,
    accessibility: ['step_free_access', 'lift', 'pram_access'],
  });
  const partner = async (name: LocalizedText, kind: string) =>
    (await ctx.api.call('POST', `/organizations/${orgId}/partners`, token, { name, kind })).id;
  const neuvola = await partner(
    t('Tapiolan neuvola', 'Hagalunds rådgivning', 'Tapiola child health clinic'),
    'child_health_clinic',
  );
  const parish = await partner(
    t('Espoonlahden seurakunta', 'Esboviks församling', 'Espoonlahti parish'),
    'parish',
  );
  const opisto = await partner(
    t('Espoon työväenopisto', 'Esbo arbetarinstitut', 'Espoo adult education centre'),
    'adult_education_centre',
  );
  const trained: [string, string][] = [['peer-facilitator-basic', '2025-03-08']];
  const vol = async (name: string) =>
    facilitator(
      ctx,
      token,
      orgId,
      { display_name: name, kind: 'peer', engagement: 'volunteer', name_public: true },
      trained,
    );
  const [anna, maria, jenni] = [await vol('Anna'), await vol('Maria'), await vol('Jenni')];
  const psychologist = await facilitator(ctx, token, orgId, {
    display_name: 'Perheneuvolan psykologi',
    kind: 'professional',
    engagement: 'paid',
    profession: 'psychologist',
  });
  const approveAndPublish = [
    'propose',
    {
      action: 'approve',
      decided_on: ctx.now.minus({ days: 20 }).toISODate(),
      minutes_reference: 'Hallituksen kokous 9/2026 § 5',
    },
    'publish',
  ];
  const running = [...approveAndPublish, 'start'];

  await group(ctx, token, orgId, {
    body: {
      name: t('Vauvakahvila Tapiola', 'Babycafé Hagalund', 'Baby café Tapiola'),
      description: t(
        'Avoin kohtaamispaikka vauvaperheille. Tule vauvan kanssa juttelemaan ja jakamaan vinkkejä – ei ilmoittautumista.',
        'En öppen mötesplats för babyfamiljer. Kom med din baby för att prata och dela tips – ingen anmälan.',
        'An open meeting place for families with babies. Come with your baby to chat and share tips – no registration.',
      ),
      audience: ['parents', 'families'],
      topics: ['babies'],
      unifying_factor: t(
        'Vauvaperheet samalta asuinalueelta',
        'Babyfamiljer från samma område',
        'Families with babies from the same neighbourhood',
      ),
      how_to_join: 'drop_in',
      template: 'open-ongoing',
      mode: 'in_person',
      children_along: true,
      child_age_max_months: 12,
      languages: ['fi', 'sv'],
      venue_id: perhetalo,
      partner_ids: [neuvola],
    },
    facilitators: [[anna, 'lead']],
    schedule: {
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      starts_local: upcoming(ctx.now.minus({ weeks: 6 }), 2, '10:00'),
      duration_minutes: 120,
    },
    actions: running,
    boardToken,
  });
  const closedStart = upcoming(ctx.now, 3, '18:00', 10);
  await group(ctx, token, orgId, {
    body: {
      name: t(
        'Yksinhuoltajien vertaisryhmä',
        'Kamratgrupp för ensamstående föräldrar',
        'Single parents’ peer group',
      ),
      description: t(
        'Suljettu kahdeksan kerran ryhmä yksinhuoltajille. Sitoudumme tulemaan joka kerta; ilmoittaudu etukäteen.',
        'En sluten grupp med åtta träffar för ensamstående föräldrar. Vi förbinder oss att komma varje gång; anmäl dig i förväg.',
        'A closed eight-meeting group for single parents. We commit to coming every time; register in advance.',
      ),
      audience: ['parents'],
      topics: ['single_parents'],
      unifying_factor: t('Yksinhuoltajuus', 'Ensamstående föräldraskap', 'Single parenthood'),
      openness: 'closed',
      how_to_join: 'registration',
      capacity: 10,
      waitlist_capacity: 5,
      mode: 'in_person',
      venue_id: church,
      starts_on: closedStart.slice(0, 10),
      ends_on: DateTime.fromISO(closedStart).plus({ weeks: 7 }).toISODate(),
      partner_ids: [parish],
    },
    facilitators: [[maria, 'lead']],
    schedule: { rrule: 'FREQ=WEEKLY;COUNT=8', starts_local: closedStart, duration_minutes: 90 },
    actions: approveAndPublish,
    boardToken,
  });
  await group(ctx, token, orgId, {
    body: {
      name: t('Tanssitan vauvaa', 'Dansa med babyn', 'Dance with your baby'),
      description: t(
        'Toiminnallinen ryhmä, jossa vanhempi ja vauva tanssivat yhdessä. Lopuksi jutellaan ja jaetaan kokemuksia.',
        'En aktivitetsgrupp där förälder och baby dansar tillsammans. Till sist pratar vi och delar erfarenheter.',
        'An activity group where parent and baby dance together, followed by a chat and sharing experiences.',
      ),
      audience: ['parents'],
      topics: ['babies', 'play_and_music', 'parenting'],
      method: 'activity',
      how_to_join: 'registration',
      capacity: 12,
      mode: 'in_person',
      children_along: true,
      child_age_min_months: 2,
      child_age_max_months: 12,
      venue_id: college,
      partner_ids: [opisto],
    },
    facilitators: [[jenni, 'lead']],
    schedule: {
      rrule: 'FREQ=WEEKLY;COUNT=6',
      starts_local: upcoming(ctx.now, 4, '10:30', 5),
      duration_minutes: 60,
    },
    actions: approveAndPublish,
    boardToken,
  });
  await group(ctx, token, orgId, {
    body: {
      name: t(
        'Synnytyksen jälkeinen masennus – vertaisryhmä',
        'Depression efter förlossningen – kamratgrupp',
        'Postnatal depression – peer group',
      ),
      description: t(
        'Suljettu vertaisryhmä äideille, jotka kokevat synnytyksen jälkeistä masennusta. Ryhmää ohjaavat vertaisohjaaja ja perheneuvolan psykologi yhdessä.',
        'En sluten kamratgrupp för mammor som upplever depression efter förlossningen. Gruppen leds av en kamratledare och en psykolog från familjerådgivningen tillsammans.',
        'A closed peer group for mothers experiencing postnatal depression, co-facilitated by a peer facilitator and a family counselling psychologist.',
      ),
      audience: ['parents', 'women'],
      topics: ['postnatal_depression'],
      theme: t('Synnytyksen jälkeinen masennus', 'Depression efter förlossningen', 'Postnatal depression'),
      openness: 'closed',
      how_to_join: 'registration',
      capacity: 8,
      mode: 'in_person',
      facilitation: 'co_facilitated',
      crisis_notice: true,
      venue_id: perhetalo,
      partner_ids: [neuvola],
    },
    facilitators: [
      [maria, 'lead'],
      [psychologist, 'co_facilitator'],
    ],
    schedule: {
      rrule: 'FREQ=WEEKLY;COUNT=8',
      starts_local: upcoming(ctx.now, 1, '17:30', 8),
      duration_minutes: 90,
    },
    actions: approveAndPublish,
    boardToken,
  });
  // Proposed and awaiting the board's decision: visible only inside the association.
  await group(ctx, token, orgId, {
    body: {
      name: t('Isien iltapäivä', 'Pappornas eftermiddag', 'Dads’ afternoon'),
      description: t(
        'Ehdotus: isien ja lasten toiminnallinen ryhmä lauantaisin.',
        'Förslag: en aktivitetsgrupp för pappor och barn på lördagar.',
        'Proposal: an activity group for dads and children on Saturdays.',
      ),
      audience: ['parents', 'men'],
      topics: ['parenting'],
      method: 'activity',
      how_to_join: 'drop_in',
      mode: 'in_person',
      children_along: true,
      venue_id: college,
    },
    facilitators: [[anna, 'lead']],
    actions: ['propose'],
  });
}

// ------------------------------------------------------------------ 4. Vahvistin

async function vahvistinGroups(
  ctx: Ctx,
  instituteId: string,
  token: string,
  selfId: string,
  selfToken: string,
): Promise<void> {
  const room = await venue(ctx, token, instituteId, {
    name: 'Työhyvinvointitalon neuvotteluhuone',
    municipality: 'Helsinki',
    street_address: 'Topeliuksenkatu 41',
    postal_code: '00250',
    neighbourhood: 'Taka-Töölö',
    latitude: 60.1899,
    longitude: 24.9186,
    accessibility: ['step_free_access', 'lift', 'accessible_toilet', 'quiet_room'],
  });
  const supervisor = await facilitator(
    ctx,
    token,
    instituteId,
    { display_name: 'Työnohjaaja', kind: 'professional', engagement: 'paid', profession: 'supervisor' },
    [['vahvistin-facilitator', '2026-01-20']],
  );
  const description = t(
    'Vahvistin-vertaisryhmä tukee mielen hyvinvointia ja vahvistaa voimavaroja. Ryhmä valitsee jokaiselle tapaamiselle teeman. Ryhmä ei ole tarkoitettu kriisitilanteisiin eikä se ole terapiaa.',
    'Booster-kamratgruppen stöder det psykiska välbefinnandet och stärker resurserna. Gruppen väljer ett tema för varje träff. Gruppen är inte avsedd för kriser och är inte terapi.',
    'A Vahvistin peer group supports mental wellbeing and strengthens resources. The group chooses a theme for each meeting. It is not meant for crises and it is not therapy.',
  );
  const organised = await group(ctx, token, instituteId, {
    body: {
      name: t(
        'Vahvistin-ryhmä hoitoalan työntekijöille',
        'Booster-grupp för vårdanställda',
        'Vahvistin group for care workers',
      ),
      description,
      audience: ['workers'],
      topics: ['mental_health'],
      unifying_factor: t('Työ hoitoalalla', 'Arbete inom vården', 'Working in care'),
      how_to_join: 'registration',
      template: 'vahvistin',
      capacity: 10,
      mode: 'in_person',
      facilitation: 'professional',
      venue_id: room,
      // The group's own questions at registration (the organiser sees the answers).
      registration_questions: [
        {
          key: 'work_area',
          label: t('Työskentelen', 'Jag arbetar', 'I work'),
          kind: 'choice',
          required: false,
          options: [
            { value: 'hospital', label: t('sairaalassa', 'på sjukhus', 'in a hospital') },
            { value: 'home_care', label: t('kotihoidossa', 'inom hemvården', 'in home care') },
            { value: 'other', label: t('muualla', 'någon annanstans', 'elsewhere') },
          ],
        },
        {
          key: 'hopes',
          label: t(
            'Mitä toivot ryhmältä?',
            'Vad hoppas du på av gruppen?',
            'What do you hope for from the group?',
          ),
          kind: 'long_text',
          required: false,
        },
      ],
    },
    facilitators: [[supervisor, 'lead']],
    schedule: {
      rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=6',
      starts_local: upcoming(ctx.now, 3, '16:00', 7),
      duration_minutes: 150,
    },
    actions: ['publish'],
  });
  // Free for participants, but not free to run: the model lists what it costs.
  const costs: [string, number, string][] = [
    ['room_rent', 6 * 4000, 'Kokoustila, 6 × 40 €'],
    ['facilitator_fee', 6 * 12000, 'Työnohjaajan palkkio, 6 × 120 €'],
    ['refreshments', 6 * 1500, 'Kahvi ja pulla'],
    ['marketing', 5000, 'Ilmoitus ammattiliiton lehdessä'],
  ];
  for (const [category, amount_cents, note] of costs) {
    await ctx.api.call('POST', `/groups/${organised.id}/costs`, token, { category, amount_cents, note });
  }
  const themes = ['work_ability_recovery', 'money', 'networks', 'collaboration_psychological_safety'];
  const sessions = (await sessionsOf(ctx, organised.id)).filter((s) => s.plan_kind === 'theme');
  for (const [i, s] of sessions.entries()) {
    await ctx.api.call('PATCH', `/sessions/${s.id}`, token, { theme_key: themes[i % themes.length] });
  }

  const convener = await facilitator(ctx, selfToken, selfId, {
    display_name: 'Kaisa',
    kind: 'peer',
    engagement: 'volunteer',
    name_public: true,
  });
  const self = await group(ctx, selfToken, selfId, {
    body: {
      name: t(
        'Itseohjautuva Vahvistin-ryhmä: etätyön arki',
        'Självstyrande Booster-grupp: vardagen i distansarbete',
        'Self-directed Vahvistin group: everyday remote work',
      ),
      description,
      audience: ['workers'],
      topics: ['mental_health'],
      how_to_join: 'registration',
      template: 'vahvistin',
      capacity: 8,
      mode: 'remote',
      facilitation: 'none',
      self_directed: true,
      languages: ['fi', 'sv'],
    },
    facilitators: [[convener, 'convener']],
    remoteUrl: 'https://meet.example.fi/vahvistin-etatyo',
    schedule: {
      rrule: 'FREQ=WEEKLY;COUNT=6',
      starts_local: upcoming(ctx.now, 2, '17:00', 3),
      duration_minutes: 120,
    },
    actions: ['publish'],
  });
  const selfThemes = (await sessionsOf(ctx, self.id)).filter((s) => s.plan_kind === 'theme');
  for (const [i, s] of selfThemes.entries()) {
    await ctx.api.call('PATCH', `/sessions/${s.id}`, selfToken, {
      theme_key: ['self_management_time_use', 'professional_identity', 'developing_skills', 'networks'][
        i % 4
      ],
    });
  }
}

// ------------------------------------------------------------------ 5. Child welfare, referral only

async function childWelfare(ctx: Ctx, orgId: string, token: string): Promise<void> {
  const helsinki = { municipality: 'Helsinki' };
  const places = {
    itakeskus: await venue(ctx, token, orgId, {
      ...helsinki,
      name: 'Perheiden ryhmätila, Itäkeskus',
      street_address: 'Turunlinnantie 12',
      postal_code: '00930',
      neighbourhood: 'Itäkeskus',
      latitude: 60.2105,
      longitude: 25.0815,
      accessibility: ['step_free_access', 'lift', 'accessible_toilet', 'pram_access'],
    }),
    kallio: await venue(ctx, token, orgId, {
      ...helsinki,
      name: 'Kallion perhekeskus',
      street_address: 'Siltasaarenkatu 18',
      postal_code: '00530',
      neighbourhood: 'Kallio',
      latitude: 60.1838,
      longitude: 24.9505,
      accessibility: ['step_free_access', 'lift', 'baby_changing'],
    }),
    malmi: await venue(ctx, token, orgId, {
      ...helsinki,
      name: 'Malmin nuorisotalo',
      street_address: 'Kirkonkyläntie 2',
      postal_code: '00700',
      neighbourhood: 'Malmi',
      latitude: 60.2519,
      longitude: 25.0111,
      accessibility: ['step_free_access'],
    }),
    kannelmaki: await venue(ctx, token, orgId, {
      ...helsinki,
      name: 'Kannelmäen leikkitila',
      street_address: 'Klaneettitie 5',
      postal_code: '00420',
      neighbourhood: 'Kannelmäki',
      latitude: 60.2394,
      longitude: 24.8779,
      accessibility: ['step_free_access', 'pram_access'],
    }),
  };
  const worker = async (name: string, profession: string) =>
    facilitator(ctx, token, orgId, {
      display_name: name,
      kind: 'professional',
      engagement: 'paid',
      profession,
    });
  const sw1 = await worker('Sosiaalityöntekijä 1', 'social_worker');
  const sw2 = await worker('Sosiaalityöntekijä 2', 'social_worker');
  const fw1 = await worker('Perhetyöntekijä 1', 'family_worker');
  const fw2 = await worker('Perhetyöntekijä 2', 'family_worker');
  const referral = t(
    'Ryhmä on tarkoitettu lastensuojelun ja perhesosiaalityön asiakkaille. Jos olet kiinnostunut, keskustele asiasta oman sosiaalityöntekijäsi kanssa.',
    'Gruppen är avsedd för klienter inom barnskyddet och familjesocialarbetet. Om du är intresserad, tala med din egen socialarbetare.',
    'The group is for clients of child welfare and family social work. If you are interested, talk to your own social worker.',
  );
  const common = {
    how_to_join: 'referral',
    openness: 'closed',
    mode: 'in_person',
    facilitation: 'professional',
    languages: ['fi'],
  };
  const plans: [Body, string, string[], string, string][] = [
    [
      {
        name: t(
          'Vanhempien vertaistukiryhmä',
          'Kamratstödsgrupp för föräldrar',
          'Parents’ peer support group',
        ),
        description: t(
          `Keskusteleva ryhmä, joka tukee vanhemmuutta sekä lapsen ja vanhemman vuorovaikutusta ja lisää voimavaroja. ${referral.fi}`,
          `En samtalsgrupp som stöder föräldraskapet och samspelet mellan barn och förälder och ökar resurserna. ${referral.sv}`,
          `A discussion group that supports parenting and the interaction between child and parent and adds to your resources. ${referral.en}`,
        ),
        audience: ['parents'],
        topics: ['child_welfare', 'parenting'],
        method: 'discussion',
        capacity: 8,
      },
      places.itakeskus,
      [sw1, fw1],
      '1',
      '17:00',
    ],
    [
      {
        name: t('Perheryhmä', 'Familjegrupp', 'Family group'),
        description: t(
          `Perheet yhdessä: tuemme lapsen ja vanhemman vuorovaikutusta ja arjen sujumista. ${referral.fi}`,
          `Familjer tillsammans: vi stöder samspelet mellan barn och förälder och vardagen. ${referral.sv}`,
          `Families together: we support the interaction between child and parent and everyday life. ${referral.en}`,
        ),
        audience: ['families'],
        topics: ['child_welfare', 'parenting'],
        method: 'mixed',
        capacity: 6,
        children_along: true,
      },
      places.kallio,
      [sw2, fw2],
      '3',
      '16:30',
    ],
    [
      {
        name: t('Lasten ryhmä', 'Barngrupp', 'Children’s group'),
        description: t(
          `7–10-vuotiaiden ryhmä, jossa käsittelemme asioita leikin kautta ja vahvistamme tunteiden tunnistamista. ${referral.fi}`,
          `En grupp för 7–10-åringar där vi behandlar saker genom lek och stärker förmågan att känna igen känslor. ${referral.sv}`,
          `A group for 7–10-year-olds where we work through play and strengthen recognising feelings. ${referral.en}`,
        ),
        audience: ['children'],
        topics: ['child_welfare', 'play_and_music'],
        method: 'play',
        capacity: 8,
        child_age_min_months: 84,
        child_age_max_months: 131,
      },
      places.kannelmaki,
      [fw1, fw2],
      '2',
      '15:00',
    ],
    [
      {
        name: t('Nuorten ryhmä', 'Ungdomsgrupp', 'Youth group'),
        description: t(
          `Toiminnallinen ryhmä 13–17-vuotiaille: vertaistukea, sosiaalisia taitoja ja itsenäistä toimintaa. ${referral.fi}`,
          `En aktivitetsgrupp för 13–17-åringar: kamratstöd, sociala färdigheter och självständighet. ${referral.sv}`,
          `An activity group for 13–17-year-olds: peer support, social skills and independence. ${referral.en}`,
        ),
        audience: ['youth'],
        topics: ['child_welfare'],
        method: 'activity',
        capacity: 8,
      },
      places.malmi,
      [sw1, fw2],
      '4',
      '17:30',
    ],
  ];
  for (const [body, venueId, [lead, co], weekday, time] of plans) {
    await group(ctx, token, orgId, {
      body: { ...common, ...body, venue_id: venueId },
      facilitators: [
        [lead!, 'lead'],
        [co!, 'co_facilitator'],
      ],
      schedule: {
        rrule: 'FREQ=WEEKLY;COUNT=10',
        starts_local: upcoming(ctx.now, Number(weekday), time, 7),
        duration_minutes: 90,
      },
      actions: ['publish'],
    });
  }
}

// ------------------------------------------------------------------ 6. Upcoming groups around Finland

async function aroundFinland(ctx: Ctx, orgId: string, token: string): Promise<void> {
  const trained: [string, string][] = [['peer-facilitator-basic', '2025-05-10']];
  const places: [string, string, string, string, string, number, number][] = [
    ['Vantaa', 'Tikkurila', 'Tikkurilan kirjaston ryhmätila', 'Lummetie 4', '01300', 60.2925, 25.0436],
    ['Turku', 'Keskusta', 'Turun kansalaistalo', 'Humalistonkatu 7', '20100', 60.4518, 22.2591],
    ['Oulu', 'Keskusta', 'Oulun järjestötalo', 'Kansankatu 55', '90100', 65.0093, 25.4716],
    ['Jyväskylä', 'Kortepohja', 'Kortepohjan asukastupa', 'Rentukkatie 1', '40340', 62.2519, 25.7081],
    ['Vaasa', 'Keskusta', 'Föreningshuset Vasa', 'Kyrkoesplanaden 27', '65100', 63.0953, 21.6165],
    ['Kuopio', 'Puijonlaakso', 'Puijonlaakson olohuone', 'Sammakkolammentie 2', '70200', 62.8988, 27.6428],
  ];
  const venues: string[] = [];
  for (const [
    municipality,
    neighbourhood,
    name,
    street_address,
    postal_code,
    latitude,
    longitude,
  ] of places) {
    venues.push(
      await venue(ctx, token, orgId, {
        name,
        municipality,
        neighbourhood,
        street_address,
        postal_code,
        latitude,
        longitude,
        accessibility: ['step_free_access', 'public_transport'],
      }),
    );
  }
  const volunteers: string[] = [];
  for (const name of ['Aino', 'Birgitta', 'Eino', 'Johanna', 'Kristian', 'Nelli']) {
    volunteers.push(
      await facilitator(
        ctx,
        token,
        orgId,
        {
          display_name: name,
          kind: 'peer',
          engagement: 'volunteer',
          name_public: true,
          languages: name === 'Birgitta' || name === 'Kristian' ? ['sv', 'fi'] : ['fi'],
        },
        trained,
      ),
    );
  }
  const groups: [Body, number, string, number, string][] = [
    [
      {
        name: t(
          'Omaishoitajien iltapäiväkahvit',
          'Eftermiddagskaffe för närståendevårdare',
          'Afternoon coffee for family carers',
        ),
        description: t(
          'Avoin ryhmä omaistaan hoitaville. Tule kahville, jaa kokemuksia ja hengähdä hetki.',
          'En öppen grupp för närståendevårdare. Kom på kaffe, dela erfarenheter och andas ut en stund.',
          'An open group for family carers. Come for coffee, share experiences and take a breather.',
        ),
        audience: ['carers', 'relatives'],
        topics: ['caregiving'],
        how_to_join: 'drop_in',
        template: 'open-ongoing',
      },
      0,
      'FREQ=WEEKLY;BYDAY=WE',
      3,
      '13:00',
    ],
    [
      {
        name: t('Leskien vertaisryhmä', 'Kamratgrupp för änkor och änklingar', 'Peer group for the widowed'),
        description: t(
          'Suljettu kahdeksan kerran ryhmä puolisonsa menettäneille.',
          'En sluten grupp med åtta träffar för dem som förlorat sin make eller maka.',
          'A closed eight-meeting group for people who have lost their spouse.',
        ),
        audience: ['everyone'],
        topics: ['grief'],
        how_to_join: 'registration',
        openness: 'closed',
        capacity: 10,
      },
      1,
      'FREQ=WEEKLY;COUNT=8',
      1,
      '18:00',
    ],
    [
      {
        name: t(
          'Nuorten aikuisten mielenterveysryhmä',
          'Grupp för psykisk hälsa för unga vuxna',
          'Mental health group for young adults',
        ),
        description: t(
          'Vertaisryhmä 18–29-vuotiaille, jotka haluavat puhua jaksamisesta ja mielen hyvinvoinnista. Ryhmä ei ole kriisiapua.',
          'En kamratgrupp för 18–29-åringar som vill prata om ork och psykiskt välbefinnande. Gruppen är ingen krishjälp.',
          'A peer group for 18–29-year-olds who want to talk about coping and mental wellbeing. The group is not crisis help.',
        ),
        audience: ['youth', 'everyone'],
        topics: ['mental_health'],
        how_to_join: 'registration',
        capacity: 12,
        crisis_notice: true,
      },
      2,
      'FREQ=WEEKLY;INTERVAL=2;COUNT=10',
      4,
      '17:30',
    ],
    [
      {
        name: t(
          'Kaksoset ja monikkoperheet',
          'Tvillingar och flerbarnsfamiljer',
          'Twins and multiple-birth families',
        ),
        description: t(
          'Avoin tapaaminen kaksos- ja kolmosperheille kerran kuussa.',
          'En öppen träff för tvilling- och trillingfamiljer en gång i månaden.',
          'An open monthly meeting for families with twins or triplets.',
        ),
        audience: ['parents', 'families'],
        topics: ['multiple_births', 'parenting'],
        how_to_join: 'drop_in',
        children_along: true,
      },
      3,
      'FREQ=MONTHLY;BYDAY=1SA',
      6,
      '11:00',
    ],
    [
      {
        name: t(
          'Samtalsgrupp för föräldrar till tonåringar',
          'Samtalsgrupp för föräldrar till tonåringar',
          'Conversation group for parents of teenagers',
        ),
        description: t(
          'Ruotsinkielinen keskusteluryhmä teini-ikäisten vanhemmille.',
          'En svenskspråkig samtalsgrupp för föräldrar till tonåringar. Vi delar erfarenheter och tips.',
          'A Swedish-language conversation group for parents of teenagers.',
        ),
        audience: ['parents'],
        topics: ['parenting'],
        how_to_join: 'drop_in',
        languages: ['sv'],
      },
      4,
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
      4,
      '18:30',
    ],
    [
      {
        name: t(
          'Ylisukupolvinen lukupiiri',
          'Läsecirkel över generationerna',
          'Intergenerational reading circle',
        ),
        description: t(
          'Lukupiiri, jossa eri-ikäiset jakavat kirjojen herättämiä ajatuksia ja omia kokemuksiaan.',
          'En läsecirkel där människor i olika åldrar delar tankar som böckerna väcker och egna erfarenheter.',
          'A reading circle where people of all ages share thoughts books raise and their own experiences.',
        ),
        audience: ['everyone'],
        topics: ['loneliness'],
        how_to_join: 'drop_in',
        method: 'activity',
      },
      5,
      'FREQ=WEEKLY;BYDAY=MO',
      1,
      '14:00',
    ],
  ];
  for (const [i, [body, placeIndex, rrule, weekday, time]] of groups.entries()) {
    await group(ctx, token, orgId, {
      body: { mode: 'in_person', languages: ['fi'], ...body, venue_id: venues[placeIndex] },
      facilitators: [[volunteers[i]!, 'lead']],
      schedule: { rrule, starts_local: upcoming(ctx.now, weekday, time, 2), duration_minutes: 90 },
      actions: rrule.includes('COUNT') ? ['publish'] : ['publish', 'start'],
    });
  }
  // A remote group, for those who cannot come in person.
  const remote = await facilitator(
    ctx,
    token,
    orgId,
    { display_name: 'Sanni', kind: 'peer', engagement: 'volunteer', name_public: true },
    trained,
  );
  await group(ctx, token, orgId, {
    body: {
      name: t(
        'Etäryhmä harvinaissairauksien omaisille',
        'Distansgrupp för anhöriga till personer med sällsynta sjukdomar',
        'Remote group for relatives of people with rare diseases',
      ),
      description: t(
        'Koko Suomen etäryhmä harvinaista sairautta sairastavien läheisille.',
        'En distansgrupp för hela Finland för närstående till personer med en sällsynt sjukdom.',
        'A nationwide remote group for close ones of people with a rare disease.',
      ),
      audience: ['relatives'],
      topics: ['chronic_illness'],
      how_to_join: 'registration',
      capacity: 12,
      mode: 'remote',
      languages: ['fi', 'en'],
    },
    facilitators: [[remote, 'lead']],
    remoteUrl: 'https://meet.example.fi/harvinaiset',
    schedule: {
      rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
      starts_local: upcoming(ctx.now, 2, '19:00', 1),
      duration_minutes: 90,
    },
    actions: ['publish'],
  });
}
