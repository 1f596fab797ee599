/**
 * Programme templates in the staff workspace: the built-in ones (Vahvistin, the seven-week
 * Kasvokkain course, the open ongoing group, the season at an agreed place) and the
 * organisation's own, each with its session plan, themes, limits, notices and required
 * training; coordinators create their organisation's own template with a form.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import * as repo from '../facilitation/repository.ts';
import { createTemplate, presentTemplate, type TemplateInput } from '../facilitation/service.ts';
import { isLang, MESSAGES, pick, type Lang } from '../web/i18n.ts';
import { MODES } from '../groups/schemas.ts';
import { organisationNames } from './repository.ts';
import { validCsrf } from './security.ts';
import { Field } from '../web/fields.tsx';
import {
  Button,
  Checkbox,
  Choices,
  Csrf,
  ErrorBox,
  forbiddenReply,
  Notice,
  Select,
  staffPath,
  str,
  ticked,
  type Body,
  type Errors,
  type Kit,
  type Who,
} from './admin-ui.tsx';

type Presented = Awaited<ReturnType<typeof presentTemplate>>;

interface Texts {
  title: string;
  intro: string;
  builtIn: string;
  own: (org: string) => string;
  noOwn: string;
  facts: {
    maxParticipants: string;
    sessionLength: string;
    modes: string;
    training: string;
    themes: string;
    plan: string;
    notices: string;
  };
  minutes: (min: number | null, max: number | null) => string;
  unlimited: string;
  noTraining: string;
  noPlan: string;
  notices: { hybrid: string; crisis: string; selfDirected: string; none: string };
  kinds: { kickoff: string; theme: string; closing: string; regular: string };
  form: {
    heading: string;
    organisation: string;
    name_fi: string;
    name_sv: string;
    name_en: string;
    slug: string;
    slugHint: string;
    description_fi: string;
    max_participants: string;
    session_minutes_min: string;
    session_minutes_max: string;
    modes: string;
    hybrid_discouraged: string;
    crisis_notice: string;
    self_directed_allowed: string;
    required_training: string;
    none: string;
    themes: string;
    themesHint: string;
    plan: string;
    kickoff: string;
    theme_sessions: string;
    regular_sessions: string;
    closing: string;
    submit: string;
  };
  errors: {
    name: string;
    tooLong: string;
    slug: string;
    slugTaken: string;
    number: (max: number) => string;
    range: string;
    modes: string;
    training: string;
    themes: string;
    organisation: string;
    forbidden: string;
  };
  created: string;
  readOnly: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Ohjelmamallit',
    intro:
      'Ohjelmamalli kertoo ryhmän tapaamisten rakenteen, teemat, rajat ja ohjaajilta vaaditun koulutuksen.',
    builtIn: 'Valmiit mallit',
    own: (o) => `Organisaation omat mallit: ${o}`,
    noOwn: 'Organisaatiolla ei ole vielä omia malleja.',
    facts: {
      maxParticipants: 'Osallistujia enintään',
      sessionLength: 'Tapaamisen kesto',
      modes: 'Toteutustavat',
      training: 'Ohjaajilta vaadittu koulutus',
      themes: 'Teemat',
      plan: 'Tapaamisten rakenne',
      notices: 'Huomiot',
    },
    minutes: (a, b) => (a === b ? `${a} min` : `${a ?? '–'}–${b ?? '–'} min`),
    unlimited: 'Ei rajaa',
    noTraining: 'Ei vaadittua koulutusta',
    noPlan: 'Ei kiinteää rakennetta',
    notices: {
      hybrid: 'Hybriditoteutusta ei suositella',
      crisis: 'Ryhmän sivulla näytetään kriisiavun yhteystiedot',
      selfDirected: 'Ryhmä voi olla itseohjautuva',
      none: 'Ei erityisiä huomioita',
    },
    kinds: {
      kickoff: 'Aloitustapaaminen',
      theme: 'Teematapaaminen',
      closing: 'Päätöstapaaminen',
      regular: 'Tapaaminen',
    },
    form: {
      heading: 'Luo organisaation oma malli',
      organisation: 'Organisaatio',
      name_fi: 'Nimi suomeksi',
      name_sv: 'Nimi ruotsiksi',
      name_en: 'Nimi englanniksi',
      slug: 'Tunniste verkko-osoitteeseen',
      slugHint: 'Pienet kirjaimet, numerot ja väliviivat. Tyhjä: muodostetaan suomenkielisestä nimestä.',
      description_fi: 'Kuvaus suomeksi',
      max_participants: 'Osallistujia enintään',
      session_minutes_min: 'Tapaamisen kesto vähintään (min)',
      session_minutes_max: 'Tapaamisen kesto enintään (min)',
      modes: 'Sallitut toteutustavat',
      hybrid_discouraged: 'Hybriditoteutusta ei suositella',
      crisis_notice: 'Näytä kriisiavun yhteystiedot ryhmän sivulla',
      self_directed_allowed: 'Ryhmä voi olla itseohjautuva',
      required_training: 'Ohjaajilta vaadittu koulutus',
      none: 'Ei vaadittua koulutusta',
      themes: 'Teemat',
      themesHint: 'Yksi teema riville, suomeksi.',
      plan: 'Tapaamisten rakenne',
      kickoff: 'Aloitustapaaminen',
      theme_sessions: 'Teematapaamisia (kpl)',
      regular_sessions: 'Tavallisia tapaamisia (kpl)',
      closing: 'Päätöstapaaminen',
      submit: 'Luo malli',
    },
    errors: {
      name: 'Kirjoita mallin nimi suomeksi.',
      tooLong: 'Teksti on liian pitkä.',
      slug: 'Käytä vain pieniä kirjaimia a–z, numeroita ja väliviivoja.',
      slugTaken: 'Tämä tunniste on jo käytössä. Valitse toinen.',
      number: (max) => `Anna kokonaisluku väliltä 1–${max}.`,
      range: 'Enimmäiskesto ei voi olla lyhyempi kuin vähimmäiskesto.',
      modes: 'Valitse vähintään yksi toteutustapa.',
      training: 'Valitse koulutus listasta.',
      themes: 'Jokainen teema voi olla vain kerran.',
      organisation: 'Valitse organisaatio.',
      forbidden: 'Vain koordinaattori voi luoda ohjelmamalleja.',
    },
    created: 'Ohjelmamalli luotiin.',
    readOnly: 'Vain koordinaattori voi luoda organisaation omia malleja.',
  },
  sv: {
    title: 'Programmodeller',
    intro:
      'En programmodell beskriver gruppträffarnas struktur, teman, gränser och den utbildning som krävs av ledarna.',
    builtIn: 'Färdiga modeller',
    own: (o) => `Organisationens egna modeller: ${o}`,
    noOwn: 'Organisationen har ännu inga egna modeller.',
    facts: {
      maxParticipants: 'Högst deltagare',
      sessionLength: 'Träffens längd',
      modes: 'Sätt att genomföra',
      training: 'Utbildning som krävs av ledarna',
      themes: 'Teman',
      plan: 'Träffarnas struktur',
      notices: 'Observera',
    },
    minutes: (a, b) => (a === b ? `${a} min` : `${a ?? '–'}–${b ?? '–'} min`),
    unlimited: 'Ingen gräns',
    noTraining: 'Ingen utbildning krävs',
    noPlan: 'Ingen fast struktur',
    notices: {
      hybrid: 'Hybridträffar rekommenderas inte',
      crisis: 'Gruppens sida visar kontaktuppgifter till krishjälp',
      selfDirected: 'Gruppen kan vara självstyrande',
      none: 'Inget särskilt',
    },
    kinds: { kickoff: 'Startträff', theme: 'Tematräff', closing: 'Avslutande träff', regular: 'Träff' },
    form: {
      heading: 'Skapa en egen modell för organisationen',
      organisation: 'Organisation',
      name_fi: 'Namn på finska',
      name_sv: 'Namn på svenska',
      name_en: 'Namn på engelska',
      slug: 'Identifierare i webbadressen',
      slugHint: 'Små bokstäver, siffror och bindestreck. Tomt: bildas av det finska namnet.',
      description_fi: 'Beskrivning på finska',
      max_participants: 'Högst deltagare',
      session_minutes_min: 'Träffens längd minst (min)',
      session_minutes_max: 'Träffens längd högst (min)',
      modes: 'Tillåtna sätt att genomföra',
      hybrid_discouraged: 'Hybridträffar rekommenderas inte',
      crisis_notice: 'Visa kontaktuppgifter till krishjälp på gruppens sida',
      self_directed_allowed: 'Gruppen kan vara självstyrande',
      required_training: 'Utbildning som krävs av ledarna',
      none: 'Ingen utbildning krävs',
      themes: 'Teman',
      themesHint: 'Ett tema per rad, på finska.',
      plan: 'Träffarnas struktur',
      kickoff: 'Startträff',
      theme_sessions: 'Tematräffar (antal)',
      regular_sessions: 'Vanliga träffar (antal)',
      closing: 'Avslutande träff',
      submit: 'Skapa modellen',
    },
    errors: {
      name: 'Skriv modellens namn på finska.',
      tooLong: 'Texten är för lång.',
      slug: 'Använd bara små bokstäver a–z, siffror och bindestreck.',
      slugTaken: 'Identifieraren används redan. Välj en annan.',
      number: (max) => `Ange ett heltal mellan 1 och ${max}.`,
      range: 'Den längsta träffen kan inte vara kortare än den kortaste.',
      modes: 'Välj minst ett sätt att genomföra.',
      training: 'Välj en utbildning i listan.',
      themes: 'Varje tema kan finnas bara en gång.',
      organisation: 'Välj organisation.',
      forbidden: 'Bara en koordinator kan skapa programmodeller.',
    },
    created: 'Programmodellen skapades.',
    readOnly: 'Bara en koordinator kan skapa organisationens egna modeller.',
  },
  en: {
    title: 'Programme templates',
    intro:
      "A programme template sets out a group's meetings, themes, limits and the training its facilitators need.",
    builtIn: 'Built-in templates',
    own: (o) => `The organisation's own templates: ${o}`,
    noOwn: 'The organisation has no templates of its own yet.',
    facts: {
      maxParticipants: 'At most participants',
      sessionLength: 'Length of a meeting',
      modes: 'Ways to meet',
      training: 'Training required of facilitators',
      themes: 'Themes',
      plan: 'Meetings',
      notices: 'Notices',
    },
    minutes: (a, b) => (a === b ? `${a} min` : `${a ?? '–'}–${b ?? '–'} min`),
    unlimited: 'No limit',
    noTraining: 'No training required',
    noPlan: 'No fixed plan',
    notices: {
      hybrid: 'Hybrid meetings are discouraged',
      crisis: "The group's page shows where to find crisis help",
      selfDirected: 'The group may be self-directed',
      none: 'Nothing in particular',
    },
    kinds: {
      kickoff: 'Kickoff meeting',
      theme: 'Theme meeting',
      closing: 'Closing meeting',
      regular: 'Meeting',
    },
    form: {
      heading: "Create the organisation's own template",
      organisation: 'Organisation',
      name_fi: 'Name in Finnish',
      name_sv: 'Name in Swedish',
      name_en: 'Name in English',
      slug: 'Identifier in the web address',
      slugHint: 'Lower-case letters, digits and hyphens. Empty: made from the Finnish name.',
      description_fi: 'Description in Finnish',
      max_participants: 'At most participants',
      session_minutes_min: 'Shortest meeting (minutes)',
      session_minutes_max: 'Longest meeting (minutes)',
      modes: 'Allowed ways to meet',
      hybrid_discouraged: 'Hybrid meetings are discouraged',
      crisis_notice: "Show where to find crisis help on the group's page",
      self_directed_allowed: 'The group may be self-directed',
      required_training: 'Training required of facilitators',
      none: 'No training required',
      themes: 'Themes',
      themesHint: 'One theme a line, in Finnish.',
      plan: 'Meetings',
      kickoff: 'Kickoff meeting',
      theme_sessions: 'Theme meetings (how many)',
      regular_sessions: 'Regular meetings (how many)',
      closing: 'Closing meeting',
      submit: 'Create the template',
    },
    errors: {
      name: "Write the template's name in Finnish.",
      tooLong: 'The text is too long.',
      slug: 'Use only lower-case letters a–z, digits and hyphens.',
      slugTaken: 'This identifier is already taken. Choose another.',
      number: (max) => `Give a whole number from 1 to ${max}.`,
      range: 'The longest meeting cannot be shorter than the shortest.',
      modes: 'Choose at least one way to meet.',
      training: 'Choose a training from the list.',
      themes: 'Each theme can be listed only once.',
      organisation: 'Choose the organisation.',
      forbidden: 'Only a coordinator can create programme templates.',
    },
    created: 'The programme template was created.',
    readOnly: "Only a coordinator can create the organisation's own templates.",
  },
};

interface TemplateForm {
  org: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  slug: string;
  description_fi: string;
  max_participants: string;
  session_minutes_min: string;
  session_minutes_max: string;
  modes: string[];
  hybrid_discouraged: boolean;
  crisis_notice: boolean;
  self_directed_allowed: boolean;
  required_training: string;
  themes: string;
  kickoff: boolean;
  theme_sessions: string;
  regular_sessions: string;
  closing: boolean;
}
type FormField = Exclude<
  keyof TemplateForm,
  'hybrid_discouraged' | 'crisis_notice' | 'self_directed_allowed'
>;
type TemplateErrors = Errors<FormField>;

const emptyForm = (org: string): TemplateForm => ({
  org,
  name_fi: '',
  name_sv: '',
  name_en: '',
  slug: '',
  description_fi: '',
  max_participants: '',
  session_minutes_min: '',
  session_minutes_max: '',
  modes: ['in_person'],
  hybrid_discouraged: false,
  crisis_notice: false,
  self_directed_allowed: false,
  required_training: '',
  themes: '',
  kickoff: false,
  theme_sessions: '',
  regular_sessions: '',
  closing: false,
});

function readForm(body: Body): TemplateForm {
  const yes = (k: string) => str(body, k) !== '';
  return {
    org: str(body, 'org', 100),
    name_fi: str(body, 'name_fi', 1000).trim(),
    name_sv: str(body, 'name_sv', 1000).trim(),
    name_en: str(body, 'name_en', 1000).trim(),
    slug: str(body, 'slug', 200).trim(),
    description_fi: str(body, 'description_fi', 10_000).trim(),
    max_participants: str(body, 'max_participants', 20).trim(),
    session_minutes_min: str(body, 'session_minutes_min', 20).trim(),
    session_minutes_max: str(body, 'session_minutes_max', 20).trim(),
    modes: ticked(body, 'modes', MODES),
    hybrid_discouraged: yes('hybrid_discouraged'),
    crisis_notice: yes('crisis_notice'),
    self_directed_allowed: yes('self_directed_allowed'),
    required_training: str(body, 'required_training', 100),
    themes: str(body, 'themes', 10_000),
    kickoff: yes('kickoff'),
    theme_sessions: str(body, 'theme_sessions', 20).trim(),
    regular_sessions: str(body, 'regular_sessions', 20).trim(),
    closing: yes('closing'),
  };
}

/** A web-address identifier from a Finnish name: "Äitien ryhmä" → "aitien-ryhma". */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkForm(
  form: TemplateForm,
  lang: Lang,
  trainings: repo.TrainingRow[],
): { errors: TemplateErrors; input: TemplateInput | null } {
  const t = TEXTS[lang].errors;
  const errors: TemplateErrors = {};
  if (!form.name_fi) errors.name_fi = t.name;
  for (const k of ['name_fi', 'name_sv', 'name_en'] as const) if (form[k].length > 200) errors[k] = t.tooLong;
  if (form.description_fi.length > 5000) errors.description_fi = t.tooLong;
  const slug = form.slug || slugOf(form.name_fi);
  if (form.slug && (!SLUG.test(form.slug) || form.slug.length > 100)) errors.slug = t.slug;
  else if (!errors.name_fi && !SLUG.test(slug)) errors.slug = t.slug;
  const count = (key: FormField, value: string, max: number, optional = true): number | null => {
    if (!value) return optional ? null : 0;
    if (!/^\d{1,4}$/.test(value) || +value < 1 || +value > max) {
      errors[key] = t.number(max);
      return null;
    }
    return +value;
  };
  const maxParticipants = count('max_participants', form.max_participants, 1000);
  const min = count('session_minutes_min', form.session_minutes_min, 600);
  const max = count('session_minutes_max', form.session_minutes_max, 600);
  if (min !== null && max !== null && max < min) errors.session_minutes_max = t.range;
  if (form.modes.length === 0) errors.modes = t.modes;
  if (form.required_training && !trainings.some((x) => x.id === form.required_training))
    errors.required_training = t.training;
  const themes = form.themes
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const keys = themes.map((l, i) => slugOf(l).replace(/-/g, '_').slice(0, 60) || `theme_${i + 1}`);
  if (new Set(keys).size !== keys.length) errors.themes = t.themes;
  if (themes.some((l) => l.length > 200) || themes.length > 50) errors.themes = t.tooLong;
  const themeSessions = count('theme_sessions', form.theme_sessions, 50) ?? 0;
  const regular = count('regular_sessions', form.regular_sessions, 100) ?? 0;
  if (Object.keys(errors).length) return { errors, input: null };
  const sessions: TemplateInput['sessions'] = [
    ...(form.kickoff ? [{ kind: 'kickoff' }] : []),
    ...Array.from({ length: themeSessions }, () => ({ kind: 'theme' })),
    ...Array.from({ length: regular }, () => ({ kind: 'regular' })),
    ...(form.closing ? [{ kind: 'closing' }] : []),
  ];
  return {
    errors,
    input: {
      organization_id: form.org,
      slug,
      name: {
        fi: form.name_fi,
        ...(form.name_sv ? { sv: form.name_sv } : {}),
        ...(form.name_en ? { en: form.name_en } : {}),
      },
      description: form.description_fi ? { fi: form.description_fi } : null,
      max_participants: maxParticipants,
      session_minutes_min: min,
      session_minutes_max: max,
      allowed_modes: form.modes,
      hybrid_discouraged: form.hybrid_discouraged,
      crisis_notice: form.crisis_notice,
      self_directed_allowed: form.self_directed_allowed,
      required_training: form.required_training || null,
      theme_options: themes.map((label, i) => ({ key: keys[i]!, label: { fi: label } })),
      sessions,
    },
  };
}

function TemplateCard({ lang, t: tpl }: { lang: Lang; t: Presented }) {
  const t = TEXTS[lang];
  const id = `template-${tpl.slug}`;
  const notices = [
    tpl.hybrid_discouraged ? t.notices.hybrid : null,
    tpl.crisis_notice ? t.notices.crisis : null,
    tpl.self_directed_allowed ? t.notices.selfDirected : null,
  ].filter((x): x is string => x !== null);
  const { min, max } = tpl.session_minutes;
  return (
    <article class="template" aria-labelledby={id}>
      <h3 id={id}>{pick(tpl.name, lang)}</h3>
      {tpl.description ? <p>{pick(tpl.description, lang)}</p> : null}
      <dl class="facts">
        <div>
          <dt>{t.facts.maxParticipants}</dt>
          <dd>{tpl.max_participants ?? t.unlimited}</dd>
        </div>
        <div>
          <dt>{t.facts.sessionLength}</dt>
          <dd>{min === null && max === null ? t.unlimited : t.minutes(min, max)}</dd>
        </div>
        <div>
          <dt>{t.facts.modes}</dt>
          <dd>
            {tpl.allowed_modes.map((m) => MESSAGES[lang].modes[m as (typeof MODES)[number]] ?? m).join(', ')}
          </dd>
        </div>
        <div>
          <dt>{t.facts.training}</dt>
          <dd>{tpl.required_training ? pick(tpl.required_training.name, lang) : t.noTraining}</dd>
        </div>
        <div>
          <dt>{t.facts.notices}</dt>
          <dd>{notices.length ? notices.join('. ') : t.notices.none}</dd>
        </div>
      </dl>
      {tpl.theme_options.length ? (
        <>
          <h4>{t.facts.themes}</h4>
          <ul>
            {tpl.theme_options.map((o) => (
              <li>{pick(o.label, lang)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>{t.facts.plan}</h4>
      {tpl.sessions.length ? (
        <ol>
          {tpl.sessions.map((s) => (
            <li>{s.title ? pick(s.title, lang) : (t.kinds[s.kind as keyof typeof t.kinds] ?? s.kind)}</li>
          ))}
        </ol>
      ) : (
        <p class="muted">{t.noPlan}</p>
      )}
    </article>
  );
}

interface View {
  builtIn: Presented[];
  own: { org: { id: string; name: LocalizedText }; templates: Presented[] }[];
  managed: { id: string; name: LocalizedText }[];
  trainings: repo.TrainingRow[];
  csrf: string;
  done?: string;
  form: TemplateForm;
  errors: TemplateErrors;
}

function TemplatesPage({ lang, view }: { lang: Lang; view: View }) {
  const t = TEXTS[lang];
  const f = t.form;
  const e = view.errors;
  const form = view.form;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang)}>{BACK[lang]}</a>
      </p>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {view.done ? <Notice text={view.done} /> : null}
      <section aria-labelledby="built-in">
        <h2 id="built-in">{t.builtIn}</h2>
        {view.builtIn.map((x) => (
          <TemplateCard lang={lang} t={x} />
        ))}
      </section>
      {view.own.map(({ org, templates }) => (
        <section aria-labelledby={`own-${org.id}`}>
          <h2 id={`own-${org.id}`}>{t.own(pick(org.name, lang))}</h2>
          {templates.length === 0 ? <p class="muted">{t.noOwn}</p> : null}
          {templates.map((x) => (
            <TemplateCard lang={lang} t={x} />
          ))}
        </section>
      ))}
      {view.managed.length ? (
        <section aria-labelledby="new-template">
          <h2 id="new-template">{f.heading}</h2>
          {e.form ? <ErrorBox text={e.form} /> : null}
          <form method="post" action={staffPath(lang, '/templates')} novalidate>
            <Csrf token={view.csrf} />
            {view.managed.length > 1 ? (
              <Select
                id="org"
                label={f.organisation}
                value={form.org}
                options={view.managed.map((o) => ({ value: o.id, label: pick(o.name, lang) }))}
                error={e.org}
              />
            ) : (
              <input type="hidden" name="org" value={view.managed[0]!.id} />
            )}
            <Field id="name_fi" label={f.name_fi} value={form.name_fi} error={e.name_fi} required />
            <Field id="name_sv" label={f.name_sv} value={form.name_sv} error={e.name_sv} />
            <Field id="name_en" label={f.name_en} value={form.name_en} error={e.name_en} />
            <Field id="slug" label={f.slug} hint={f.slugHint} value={form.slug} error={e.slug} />
            <Field
              id="description_fi"
              label={f.description_fi}
              value={form.description_fi}
              error={e.description_fi}
              multiline
            />
            <Field
              id="max_participants"
              type="number"
              label={f.max_participants}
              value={form.max_participants}
              error={e.max_participants}
            />
            <Field
              id="session_minutes_min"
              type="number"
              label={f.session_minutes_min}
              value={form.session_minutes_min}
              error={e.session_minutes_min}
            />
            <Field
              id="session_minutes_max"
              type="number"
              label={f.session_minutes_max}
              value={form.session_minutes_max}
              error={e.session_minutes_max}
            />
            <Choices
              name="modes"
              type="checkbox"
              legend={f.modes}
              values={form.modes}
              options={MODES.map((m) => ({ value: m, label: MESSAGES[lang].modes[m] }))}
              error={e.modes}
            />
            <Checkbox
              id="hybrid_discouraged"
              label={f.hybrid_discouraged}
              checked={form.hybrid_discouraged}
            />
            <Checkbox id="crisis_notice" label={f.crisis_notice} checked={form.crisis_notice} />
            <Checkbox
              id="self_directed_allowed"
              label={f.self_directed_allowed}
              checked={form.self_directed_allowed}
            />
            <Select
              id="required_training"
              label={f.required_training}
              value={form.required_training}
              options={[
                { value: '', label: f.none },
                ...view.trainings.map((x) => ({ value: x.id, label: pick(x.name, lang) })),
              ]}
              error={e.required_training}
            />
            <Field
              id="themes"
              label={f.themes}
              hint={f.themesHint}
              value={form.themes}
              error={e.themes}
              multiline
            />
            <fieldset class="hds-fieldset">
              <legend class="hds-fieldset-legend">{f.plan}</legend>
              <Checkbox id="kickoff" label={f.kickoff} checked={form.kickoff} />
              <Field
                id="theme_sessions"
                type="number"
                label={f.theme_sessions}
                value={form.theme_sessions}
                error={e.theme_sessions}
              />
              <Field
                id="regular_sessions"
                type="number"
                label={f.regular_sessions}
                value={form.regular_sessions}
                error={e.regular_sessions}
              />
              <Checkbox id="closing" label={f.closing} checked={form.closing} />
            </fieldset>
            <p>
              <Button>{f.submit}</Button>
            </p>
          </form>
        </section>
      ) : (
        <p class="muted">{t.readOnly}</p>
      )}
    </>
  );
}

const BACK: Record<Lang, string> = {
  fi: 'Takaisin työtilaan',
  sv: 'Tillbaka till arbetsytan',
  en: 'Back to the workspace',
};

type Req = FastifyRequest<{ Params: { lang: string }; Body: Body; Querystring: Record<string, string> }>;

export function templateRoutes(staff: App, deps: Deps, kit: Kit): void {
  const templatesPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    extra: { done?: string; form?: TemplateForm; errors?: TemplateErrors; status?: number } = {},
  ) => {
    const memberOf = [...who.actor.roles.keys()].filter((id) => can(who.actor, 'catalogue.read', id));
    const managedIds = memberOf.filter((id) => can(who.actor, 'catalogue.manage', id));
    const view = await inTx(deps, who.actor, async (tx): Promise<View> => {
      const all = await repo.listTemplates(tx);
      const present = async (rows: repo.TemplateRow[]) => {
        const out = [];
        for (const r of rows) out.push(await presentTemplate(tx, r));
        return out;
      };
      const orgs = await organisationNames(tx, memberOf);
      const own = [];
      for (const org of orgs)
        own.push({ org, templates: await present(all.filter((x) => x.org_id === org.id)) });
      return {
        builtIn: await present(all.filter((x) => x.org_id === null)),
        own,
        managed: orgs.filter((o) => managedIds.includes(o.id)),
        trainings: (await repo.listTrainings(tx)).filter(
          (x) => x.org_id === null || memberOf.includes(x.org_id),
        ),
        csrf: who.csrf,
        done: extra.done,
        form: extra.form ?? emptyForm(managedIds[0] ?? ''),
        errors: extra.errors ?? {},
      };
    });
    return kit.page(reply, lang, TEXTS[lang].title, '/templates', <TemplatesPage lang={lang} view={view} />, {
      who,
      status: extra.status,
    });
  };

  staff.get('/:lang/staff/templates', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    return templatesPage(reply, lang, who, {
      done: request.query.done === 'created' ? TEXTS[lang].created : undefined,
    });
  });

  staff.post('/:lang/staff/templates', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/templates');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = TEXTS[lang].errors;
    const form = readForm(request.body);
    if (!isUuid(form.org) || !can(who.actor, 'catalogue.manage', form.org))
      return forbiddenReply(kit, reply, lang, '/templates', who, t.forbidden);
    const trainings = await inTx(deps, who.actor, async (tx) =>
      (await repo.listTrainings(tx)).filter((x) => x.org_id === null || x.org_id === form.org),
    );
    const { errors, input } = checkForm(form, lang, trainings);
    if (!input) return templatesPage(reply, lang, who, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => createTemplate(tx, who.actor, input));
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505')
        return templatesPage(reply, lang, who, { form, errors: { slug: t.slugTaken }, status: 409 });
      if (!(error instanceof AppError)) throw error;
      const field = error.errors[0]?.field;
      const mapped: TemplateErrors =
        field === 'session_minutes_max'
          ? { session_minutes_max: t.range }
          : field === 'theme_options'
            ? { themes: t.themes }
            : field === 'required_training'
              ? { required_training: t.training }
              : { form: t.forbidden };
      return templatesPage(reply, lang, who, { form, errors: mapped, status: error.status });
    }
    return reply.redirect(`/${lang}/staff/templates?done=created`, 303);
  });
}
