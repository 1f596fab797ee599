/**
 * A national catalogue for benchmarks: about 30,000 groups over every municipality, a year
 * of sessions each, Finnish texts with Swedish and English names, published, running,
 * ended and draft groups of 60 organisations. Repeatable: the same seed gives the same data.
 * Written straight in SQL as the schema owner (the API would take hours for this much).
 */
import type { Database } from '../src/db/database.ts';
import { MUNICIPALITIES } from './municipalities.ts';

export interface CatalogueSize {
  groups: number;
  organisations: number;
}

/** A small repeatable pseudo-random generator (mulberry32), so every run builds the same catalogue. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each municipality at a repeatable point inside Finland's mainland extent. */
export function municipalityPoint(index: number): { lat: number; lon: number } {
  const r = random(1000 + index);
  return { lat: 60.0 + r() * 7.5, lon: 21.5 + r() * 8.5 };
}

// [fi name, sv name, en name, audience, themes, description in Finnish, description in Swedish]
const KINDS: [string, string, string, string[], string[], string, string][] = [
  [
    'Omaisten vertaisryhmä',
    'Kamratgrupp för anhöriga',
    'Peer group for relatives',
    ['relatives'],
    ['mental_health'],
    'Avoin vertaisryhmä mielenterveysongelmaisten omaisille ja läheisille. Jaamme kokemuksia ja tuemme toistemme jaksamista luottamuksellisesti.',
    'En öppen kamratgrupp för anhöriga och närstående till personer med psykisk ohälsa. Vi delar erfarenheter i förtroende.',
  ],
  [
    'Vauvaperheiden vertaisryhmä',
    'Kamratgrupp för babyfamiljer',
    'Peer group for baby families',
    ['parents', 'families'],
    ['babies', 'parenting'],
    'Vauvaperheiden kohtaamispaikka, jossa vanhemmat jakavat arjen iloja ja huolia. Vauvat ovat mukana vertaisryhmissä.',
    'En mötesplats för babyfamiljer där föräldrar delar vardagens glädje och oro. Babyn är med i gruppen.',
  ],
  [
    'Odottavien vanhempien ryhmä',
    'Grupp för blivande föräldrar',
    'Group for expecting parents',
    ['expecting_parents'],
    ['pregnancy'],
    'Raskausaikaan ja synnytykseen valmistautuminen yhdessä muiden odottavien kanssa. Ryhmää ohjaa terveydenhoitaja yhdessä vertaisohjaajan kanssa.',
    'Vi förbereder oss för förlossningen tillsammans med andra blivande föräldrar.',
  ],
  [
    'Leskien vertaisryhmä',
    'Kamratgrupp för änkor och änklingar',
    'Peer group for the widowed',
    ['everyone'],
    ['grief'],
    'Puolison menettäneiden vertaistukiryhmä. Surusta saa puhua omaan tahtiin, ja ryhmässä on tilaa myös hiljaisuudelle.',
    'Kamratstöd för den som förlorat sin make eller maka.',
  ],
  [
    'Päihteitä käyttävien läheisten ryhmä',
    'Grupp för anhöriga till personer med missbruk',
    'Group for relatives of substance users',
    ['relatives'],
    ['relatives_substance_use'],
    'Ryhmä läheisille, joiden perheenjäsen käyttää päihteitä. Vertaisryhmässä saat tukea ja tietoa.',
    'Grupp för anhöriga till personer med missbruksproblem.',
  ],
  [
    'Yksinhuoltajien vertaisryhmä',
    'Kamratgrupp för ensamförsörjare',
    'Single parents’ peer group',
    ['parents'],
    ['single_parents'],
    'Yksin lapsiaan kasvattavien vanhempien vertaistukiryhmä. Lapsille on järjestetty hoito tapaamisen ajaksi.',
    'Kamratstöd för ensamstående föräldrar.',
  ],
  [
    'Omaishoitajien kahvila',
    'Närståendevårdarnas kafé',
    'Family carers’ café',
    ['carers'],
    ['caregiving'],
    'Omaishoitajien vertaiskahvila: juttelua, virkistystä ja tietoa palveluista.',
    'Kamratkafé för närståendevårdare.',
  ],
  [
    'Nuorten aikuisten mielenterveysryhmä',
    'Grupp för unga vuxnas psykiska hälsa',
    'Young adults’ mental health group',
    ['youth'],
    ['mental_health', 'loneliness'],
    'Vertaisryhmä 18–29-vuotiaille, jotka haluavat tukea jaksamiseen ja mielen hyvinvointiin.',
    'Kamratgrupp för unga vuxna som vill ha stöd för sitt välmående.',
  ],
  [
    'Eroperheiden vertaisryhmä',
    'Kamratgrupp för familjer i skilsmässa',
    'Peer group for separating families',
    ['parents'],
    ['separation'],
    'Eron jälkeisen arjen vertaistukiryhmä vanhemmille. Ryhmä on suljettu ja kokoontuu kahdeksan kertaa.',
    'Kamratstöd för föräldrar efter en skilsmässa.',
  ],
  [
    'Kotoutumisen vertaisryhmä',
    'Kamratgrupp för integration',
    'Settling-in peer group',
    ['immigrants', 'families'],
    ['immigration'],
    'Maahan muuttaneiden ja suomalaisten perheiden yhteinen ryhmä. Harjoittelemme suomea arjen aiheiden parissa.',
    'En gemensam grupp för invandrade och finländska familjer.',
  ],
];

const NEIGHBOURHOODS = [
  'Keskusta',
  'Asemanseutu',
  'Kirkonkylä',
  'Rantala',
  'Mäkelä',
  'Koivula',
  'Niittykumpu',
  'Harju',
];

export async function generateCatalogue(
  db: Database,
  size: CatalogueSize,
): Promise<{ groups: number; sessions: number }> {
  const rnd = random(42);
  return db.ownerTransaction(async (tx) => {
    const orgIds: string[] = [];
    for (let i = 0; i < size.organisations; i++) {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO organisations (slug, kind, name, municipality) VALUES ($1, $2, $3, $4) RETURNING id`,
        [
          `bench-org-${i}`,
          i % 3 === 0 ? 'association' : i % 3 === 1 ? 'city_service' : 'local_association',
          {
            fi: `Vertaistukiyhdistys ${i}`,
            sv: `Kamratstödsföreningen ${i}`,
            en: `Peer Support Association ${i}`,
          },
          MUNICIPALITIES[i % MUNICIPALITIES.length],
        ],
      );
      orgIds.push(rows[0]!.id);
    }
    // One or more venues in every municipality, each owned by one organisation.
    const venueRows: unknown[][] = [];
    MUNICIPALITIES.forEach((m, i) => {
      const point = municipalityPoint(i);
      const count = 1 + Math.floor(rnd() * 4);
      for (let v = 0; v < count; v++) {
        venueRows.push([
          orgIds[(i + v) % orgIds.length],
          `${m}n ${['kirjasto', 'perhekeskus', 'seurakuntatalo', 'järjestötalo'][v % 4]}`,
          m,
          NEIGHBOURHOODS[(i + v) % NEIGHBOURHOODS.length],
          (point.lat + (rnd() - 0.5) * 0.05).toFixed(6),
          (point.lon + (rnd() - 0.5) * 0.1).toFixed(6),
        ]);
      }
    });
    const { rows: venues } = await tx.query<{ id: string; org_id: string }>(
      `INSERT INTO venues (org_id, name, municipality, neighbourhood, latitude, longitude, accessibility)
       SELECT o, n, m, nb, lat::numeric, lon::numeric, '{step_free_access}'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(o, n, m, nb, lat, lon)
       RETURNING id, org_id`,
      [0, 1, 2, 3, 4, 5].map((c) => venueRows.map((r) => r[c])),
    );

    // Groups: one row per group, built in JavaScript and sent in batches.
    const columns = {
      org: [] as string[],
      venue: [] as string[],
      slug: [] as string[],
      name: [] as string[],
      description: [] as string[],
      audience: [] as string[],
      topics: [] as string[],
      join: [] as string[],
      capacity: [] as (number | null)[],
      cost: [] as string[],
      cents: [] as (number | null)[],
      languages: [] as string[],
      mode: [] as string[],
      status: [] as string[],
      openness: [] as string[],
    };
    for (let i = 0; i < size.groups; i++) {
      const venue = venues[Math.floor(rnd() * venues.length)]!;
      const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
      const swedish = rnd() < 0.12;
      const remote = rnd() < 0.08;
      const roll = rnd();
      const status = roll < 0.55 ? 'published' : roll < 0.8 ? 'running' : roll < 0.9 ? 'ended' : 'draft';
      const join = ['drop_in', 'registration', 'registration', 'referral', 'application'][
        Math.floor(rnd() * 5)
      ]!;
      const paid = rnd() < 0.1;
      columns.org.push(venue.org_id);
      columns.venue.push(venue.id);
      columns.slug.push(`bench-group-${i}`);
      columns.name.push(
        JSON.stringify({ fi: `${kind[0]} ${i}`, sv: `${kind[1]} ${i}`, en: `${kind[2]} ${i}` }),
      );
      columns.description.push(JSON.stringify(swedish ? { fi: kind[5], sv: kind[6] } : { fi: kind[5] }));
      columns.audience.push(`{${kind[3].join(',')}}`);
      columns.topics.push(`{${kind[4].join(',')}}`);
      columns.join.push(join);
      columns.capacity.push(join === 'drop_in' ? null : 8 + Math.floor(rnd() * 8));
      columns.cost.push(paid ? 'co_payment' : 'free');
      columns.cents.push(paid ? 500 : null);
      columns.languages.push(swedish ? '{sv,fi}' : rnd() < 0.05 ? '{fi,en}' : '{fi}');
      columns.mode.push(remote ? 'remote' : 'in_person');
      columns.status.push(status);
      columns.openness.push(rnd() < 0.3 ? 'closed' : 'open');
    }
    const BATCH = 2000;
    for (let start = 0; start < size.groups; start += BATCH) {
      const part = (values: unknown[]) => values.slice(start, start + BATCH);
      await tx.query(
        `INSERT INTO groups (org_id, venue_id, slug, name, description, audience, topics, how_to_join, capacity,
           cost_kind, co_payment_cents, languages, mode, status, openness, published_at, last_confirmed_at)
         SELECT o, CASE WHEN md = 'remote' THEN NULL ELSE v END, s, n::jsonb, d::jsonb, a::text[], tp::text[], j, c,
                ck, cc, l::text[], md, st, op,
                CASE WHEN st <> 'draft' THEN now() END, CASE WHEN st <> 'draft' THEN now() END
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::int[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[])
           AS t(o, v, s, n, d, a, tp, j, c, ck, cc, l, md, st, op)`,
        [
          part(columns.org),
          part(columns.venue),
          part(columns.slug),
          part(columns.name),
          part(columns.description),
          part(columns.audience),
          part(columns.topics),
          part(columns.join),
          part(columns.capacity),
          part(columns.cost),
          part(columns.cents),
          part(columns.languages),
          part(columns.mode),
          part(columns.status),
          part(columns.openness),
        ],
      );
    }
    // A year of sessions: weekly or every other week, on a weekday and hour of each group's own,
    // from some weeks ago (running groups) or weeks ahead (published ones); ended groups stopped.
    const { rowCount: sessions } = await tx.query(
      `INSERT INTO sessions (group_id, org_id, starts_at, ends_at, status)
       SELECT g.id, g.org_id, s.starts_at, s.starts_at + interval '90 minutes',
              CASE WHEN (hashtext(g.id::text) + k) % 29 = 0 THEN 'cancelled' ELSE 'scheduled' END
       FROM groups g
       CROSS JOIN LATERAL (SELECT abs(hashtext(g.slug)) AS h) AS seed
       CROSS JOIN LATERAL generate_series(0, CASE WHEN seed.h % 2 = 0 THEN 51 ELSE 25 END) AS k
       CROSS JOIN LATERAL (SELECT (date_trunc('week', now() AT TIME ZONE 'Europe/Helsinki')
            + make_interval(days => (seed.h % 5)::int, hours => 9 + (seed.h % 10)::int)
            + make_interval(weeks => (CASE WHEN g.status = 'published' THEN 1 + seed.h % 6
                                           WHEN g.status = 'ended' THEN -60 ELSE -(seed.h % 8)::int END)::int
                                     + k::int * (CASE WHEN seed.h % 2 = 0 THEN 1 ELSE 2 END)))
            AT TIME ZONE 'Europe/Helsinki' AS starts_at) AS s
       WHERE g.slug LIKE 'bench-group-%'`,
    );
    await tx.exec('ANALYZE');
    return { groups: size.groups, sessions };
  });
}
