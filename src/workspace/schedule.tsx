/**
 * A group's meeting times in the staff workspace: the coordinator plans when the group meets
 * (first date, time, length, how often, how many times, where) and the sessions follow from
 * it, in the programme's plan (kickoff, themes, closing) when the group has a template.
 * Server-rendered, without JavaScript, every form CSRF-protected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import { getGroup, getVisibleGroup } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import { findTemplateRow } from '../facilitation/repository.ts';
import { listVenues, type VenueRow } from '../venues/repository.ts';
import * as scheduleRepo from '../schedules/repository.ts';
import { createSchedule, deleteSchedule } from '../schedules/service.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { formatDate } from '../shared/time.ts';
import { Field } from '../web/fields.tsx';
import { Select } from './admin-ui.tsx';
import { sendNotFound } from '../web/send.tsx';
import { validCsrf, CSRF_FIELD } from './security.ts';
import type { Kit } from './participants.tsx';

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'once'] as const;
type Frequency = (typeof FREQUENCIES)[number];

interface Texts {
  link: string;
  title: (group: string) => string;
  back: string;
  sessionsLink: string;
  none: string;
  heading: string;
  intro: string;
  plan: (n: number) => string;
  minutes: (min: number | null, max: number | null) => string;
  fields: {
    first_date: string;
    start_time: string;
    duration_minutes: string;
    frequency: string;
    count: string;
    countHint: string;
    venue: string;
    noVenue: string;
  };
  frequency: Record<Frequency, string>;
  summary: (s: {
    frequency: string;
    time: string;
    minutes: number;
    count: number | null;
    from: string;
  }) => string;
  submit: string;
  remove: string;
  added: (n: number) => string;
  removed: string;
  forbidden: string;
  errors: {
    first_date: string;
    start_time: string;
    duration_minutes: string;
    count: string;
    venue: string;
    programmeMinutes: string;
  };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    link: 'Tapaamisajat',
    title: (g) => `Tapaamisajat – ${g}`,
    back: 'Takaisin ryhmän sivulle',
    sessionsLink: 'Tapaamiset yksitellen',
    none: 'Tapaamisaikoja ei ole vielä suunniteltu.',
    heading: 'Lisää tapaamisajat',
    intro:
      'Tapaamiset luodaan näiden tietojen mukaan. Yksittäistä tapaamista voi myöhemmin siirtää tai perua.',
    plan: (n) => `Ohjelman mukaan tapaamisia on ${n}.`,
    minutes: (min, max) =>
      min && max && min !== max
        ? `Tapaamisen pituus ${min}–${max} minuuttia.`
        : `Tapaamisen pituus ${min ?? max} minuuttia.`,
    fields: {
      first_date: 'Ensimmäinen tapaaminen',
      start_time: 'Alkamisaika',
      duration_minutes: 'Kesto minuutteina',
      frequency: 'Kuinka usein',
      count: 'Tapaamisten määrä',
      countHint: 'Jätä tyhjäksi, jos ryhmä jatkuu toistaiseksi.',
      venue: 'Paikka',
      noVenue: 'Ei paikkaa (etätapaaminen)',
    },
    frequency: {
      weekly: 'Joka viikko',
      biweekly: 'Joka toinen viikko',
      monthly: 'Kerran kuukaudessa (sama viikonpäivä)',
      once: 'Kerran',
    },
    summary: (s) =>
      `${s.frequency} klo ${s.time}, ${s.minutes} min, ${s.count ? `${s.count} kertaa` : 'toistaiseksi'} alkaen ${s.from}`,
    submit: 'Lisää tapaamisajat',
    remove: 'Poista tulevat tapaamiset',
    added: (n) => `Tapaamisia luotiin ${n}.`,
    removed: 'Tapaamisajat ja niiden tulevat tapaamiset poistettiin.',
    forbidden: 'Sinulla ei ole oikeutta muuttaa ryhmän tapaamisaikoja.',
    errors: {
      first_date: 'Anna päivämäärä.',
      start_time: 'Anna kellonaika muodossa 17:30.',
      duration_minutes: 'Anna kesto kokonaislukuna (5–1440 minuuttia).',
      count: 'Anna tapaamisten määrä kokonaislukuna (1–200) tai jätä tyhjäksi.',
      venue: 'Valitse jokin organisaation paikoista.',
      programmeMinutes: 'Kesto ei sovi ohjelmaan: katso tapaamisen pituus yllä.',
    },
  },
  sv: {
    link: 'Mötestider',
    title: (g) => `Mötestider – ${g}`,
    back: 'Tillbaka till gruppens sida',
    sessionsLink: 'Träffarna en och en',
    none: 'Inga mötestider har planerats ännu.',
    heading: 'Lägg till mötestider',
    intro:
      'Träffarna skapas enligt de här uppgifterna. En enskild träff kan senare flyttas eller ställas in.',
    plan: (n) => `Enligt programmet blir det ${n} träffar.`,
    minutes: (min, max) =>
      min && max && min !== max
        ? `Träffens längd ${min}–${max} minuter.`
        : `Träffens längd ${min ?? max} minuter.`,
    fields: {
      first_date: 'Första träffen',
      start_time: 'Starttid',
      duration_minutes: 'Längd i minuter',
      frequency: 'Hur ofta',
      count: 'Antal träffar',
      countHint: 'Lämna tomt om gruppen fortsätter tills vidare.',
      venue: 'Plats',
      noVenue: 'Ingen plats (distansträff)',
    },
    frequency: {
      weekly: 'Varje vecka',
      biweekly: 'Varannan vecka',
      monthly: 'En gång i månaden (samma veckodag)',
      once: 'En gång',
    },
    summary: (s) =>
      `${s.frequency} kl. ${s.time}, ${s.minutes} min, ${s.count ? `${s.count} gånger` : 'tills vidare'} från ${s.from}`,
    submit: 'Lägg till mötestider',
    remove: 'Ta bort kommande träffar',
    added: (n) => `${n} träffar skapades.`,
    removed: 'Mötestiderna och deras kommande träffar togs bort.',
    forbidden: 'Du har inte rätt att ändra gruppens mötestider.',
    errors: {
      first_date: 'Ange ett datum.',
      start_time: 'Ange klockslaget i formen 17:30.',
      duration_minutes: 'Ange längden som ett heltal (5–1440 minuter).',
      count: 'Ange antalet träffar som ett heltal (1–200) eller lämna tomt.',
      venue: 'Välj en av organisationens platser.',
      programmeMinutes: 'Längden passar inte programmet: se träffens längd ovan.',
    },
  },
  en: {
    link: 'Meeting times',
    title: (g) => `Meeting times – ${g}`,
    back: 'Back to the group’s page',
    sessionsLink: 'Meetings one by one',
    none: 'No meeting times have been planned yet.',
    heading: 'Add meeting times',
    intro: 'The meetings are created from these details. One meeting can later be moved or cancelled.',
    plan: (n) => `The programme has ${n} meetings.`,
    minutes: (min, max) =>
      min && max && min !== max
        ? `A meeting lasts ${min}–${max} minutes.`
        : `A meeting lasts ${min ?? max} minutes.`,
    fields: {
      first_date: 'First meeting',
      start_time: 'Start time',
      duration_minutes: 'Length in minutes',
      frequency: 'How often',
      count: 'Number of meetings',
      countHint: 'Leave empty if the group goes on until further notice.',
      venue: 'Place',
      noVenue: 'No place (remote meeting)',
    },
    frequency: {
      weekly: 'Every week',
      biweekly: 'Every other week',
      monthly: 'Once a month (same weekday)',
      once: 'Once',
    },
    summary: (s) =>
      `${s.frequency} at ${s.time}, ${s.minutes} min, ${s.count ? `${s.count} times` : 'until further notice'} from ${s.from}`,
    submit: 'Add meeting times',
    remove: 'Remove the future meetings',
    added: (n) => `${n} meetings were created.`,
    removed: 'The meeting times and their future meetings were removed.',
    forbidden: 'You may not change the group’s meeting times.',
    errors: {
      first_date: 'Give a date.',
      start_time: 'Give the time as 17:30.',
      duration_minutes: 'Give the length as a whole number (5–1440 minutes).',
      count: 'Give the number of meetings as a whole number (1–200), or leave it empty.',
      venue: 'Choose one of the organisation’s places.',
      programmeMinutes: 'The length does not fit the programme: see the meeting length above.',
    },
  },
};

export const scheduleTexts = (lang: Lang) => TEXTS[lang];

export interface ScheduleForm {
  first_date: string;
  start_time: string;
  duration_minutes: string;
  frequency: Frequency;
  count: string;
  venue: string;
}
type ScheduleField = Exclude<keyof Texts['errors'], 'programmeMinutes'>;
type ScheduleErrors = Partial<Record<ScheduleField | 'form', string>>;

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** The RFC 5545 rule for a form's choice; monthly means "the same weekday of the month". */
export function ruleFor(form: Pick<ScheduleForm, 'first_date' | 'frequency'>, count: number | null): string {
  const tail = count ? `;COUNT=${count}` : '';
  switch (form.frequency) {
    case 'once':
      return 'FREQ=DAILY;COUNT=1';
    case 'biweekly':
      return `FREQ=WEEKLY;INTERVAL=2${tail}`;
    case 'monthly': {
      const day = new Date(`${form.first_date}T12:00:00Z`);
      const nth = Math.ceil(day.getUTCDate() / 7);
      return `FREQ=MONTHLY;BYDAY=${nth === 5 ? '-1' : `+${nth}`}${WEEKDAYS[day.getUTCDay()]}${tail}`;
    }
    default:
      return `FREQ=WEEKLY${tail}`;
  }
}

/** The form's choice read back from a rule this page wrote (other rules show as written). */
function frequencyOf(rrule: string): Frequency | null {
  if (/^FREQ=DAILY;COUNT=1$/.test(rrule)) return 'once';
  if (/^FREQ=WEEKLY;INTERVAL=2(;COUNT=\d+)?$/.test(rrule)) return 'biweekly';
  if (/^FREQ=WEEKLY(;COUNT=\d+)?$/.test(rrule)) return 'weekly';
  if (/^FREQ=MONTHLY;BYDAY=[+-]\d(MO|TU|WE|TH|FR|SA|SU)(;COUNT=\d+)?$/.test(rrule)) return 'monthly';
  return null;
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function checkScheduleForm(
  form: ScheduleForm,
  lang: Lang,
  venues: { id: string }[],
): { errors: ScheduleErrors; count: number | null; minutes: number } {
  const t = TEXTS[lang].errors;
  const errors: ScheduleErrors = {};
  if (!validDate(form.first_date)) errors.first_date = t.first_date;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.start_time)) errors.start_time = t.start_time;
  const minutes = Number(form.duration_minutes);
  if (!/^\d+$/.test(form.duration_minutes) || minutes < 5 || minutes > 1440)
    errors.duration_minutes = t.duration_minutes;
  let count: number | null = null;
  if (form.frequency === 'once') count = 1;
  else if (form.count !== '') {
    count = Number(form.count);
    if (!/^\d+$/.test(form.count) || count < 1 || count > 200) errors.count = t.count;
  }
  if (form.venue && !venues.some((v) => v.id === form.venue)) errors.venue = t.venue;
  return { errors, count, minutes };
}

interface ScheduleLine {
  id: string;
  rrule: string;
  starts_local: string;
  duration_minutes: number;
  venue: string | null;
}

interface ScheduleView {
  group: GroupRow;
  schedules: ScheduleLine[];
  sessionCount: number;
  venues: VenueRow[];
  template: { planLength: number; min: number | null; max: number | null } | null;
  form: ScheduleForm;
  errors: ScheduleErrors;
  done?: string;
  manage: boolean;
  csrf: string;
}

function describe(line: ScheduleLine, lang: Lang): string {
  const t = TEXTS[lang];
  const frequency = frequencyOf(line.rrule);
  const count = /COUNT=(\d+)/.exec(line.rrule)?.[1];
  const [date, time] = line.starts_local.split('T') as [string, string];
  if (!frequency) return `${line.rrule} (${formatDate(date, lang)} ${time.slice(0, 5)})`;
  return t.summary({
    frequency: t.frequency[frequency],
    time: time.slice(0, 5),
    minutes: line.duration_minutes,
    count: count ? Number(count) : null,
    from: formatDate(date, lang),
  });
}

function SchedulePage({ lang, view }: { lang: Lang; view: ScheduleView }) {
  const t = TEXTS[lang];
  const base = `/${lang}/staff/groups/${view.group.slug}`;
  const { form, errors } = view;
  return (
    <>
      <p>
        <a href={base}>{t.back}</a>
        {' · '}
        <a href={`${base}/sessions`}>{t.sessionsLink}</a>
      </p>
      <h1>{t.title(pick(view.group.name, lang))}</h1>
      {view.done ? (
        <div class="hds-notification hds-notification--success" role="status">
          <div class="hds-notification__content">
            <p>{view.done}</p>
          </div>
        </div>
      ) : null}
      {view.errors.form ? (
        <div class="hds-notification hds-notification--error" role="alert">
          <div class="hds-notification__content">
            <p>{view.errors.form}</p>
          </div>
        </div>
      ) : null}
      {view.schedules.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="staff-list">
          {view.schedules.map((s) => (
            <li>
              <span>{describe(s, lang)}</span>
              {s.venue ? <span>{`, ${s.venue}`}</span> : null}
              {view.manage ? (
                <form method="post" action={`${base}/schedule/${s.id}/remove`} class="staff-inline-form">
                  <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
                  <button type="submit" class="hds-button hds-button--secondary hds-button--small">
                    <span class="hds-button__label">{t.remove}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.manage ? (
        <section aria-labelledby="schedule-add">
          <h2 id="schedule-add">{t.heading}</h2>
          <p>{t.intro}</p>
          {view.template ? (
            <p>
              {view.template.planLength > 0 ? `${t.plan(view.template.planLength)} ` : ''}
              {view.template.min || view.template.max ? t.minutes(view.template.min, view.template.max) : ''}
            </p>
          ) : null}
          <form method="post" action={`${base}/schedule`} novalidate>
            <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
            <Field
              id="first_date"
              type="date"
              label={t.fields.first_date}
              value={form.first_date}
              error={errors.first_date}
            />
            <Field
              id="start_time"
              type="time"
              label={t.fields.start_time}
              value={form.start_time}
              error={errors.start_time}
            />
            <Field
              id="duration_minutes"
              type="number"
              label={t.fields.duration_minutes}
              value={form.duration_minutes}
              error={errors.duration_minutes}
            />
            <fieldset class="hds-fieldset filter-group">
              <legend class="hds-fieldset-legend">{t.fields.frequency}</legend>
              {FREQUENCIES.map((f) => (
                <div class="hds-radio-button">
                  <input
                    type="radio"
                    class="hds-radio-button__input"
                    id={`frequency-${f}`}
                    name="frequency"
                    value={f}
                    checked={form.frequency === f}
                  />
                  <label class="hds-radio-button__label" for={`frequency-${f}`}>
                    {t.frequency[f]}
                  </label>
                </div>
              ))}
            </fieldset>
            <Field
              id="count"
              type="number"
              label={t.fields.count}
              hint={t.fields.countHint}
              value={form.count}
              error={errors.count}
            />
            <Select
              id="venue"
              label={t.fields.venue}
              value={form.venue}
              options={[
                { value: '', label: t.fields.noVenue },
                ...view.venues.map((v) => ({ value: v.id, label: `${v.name}, ${v.municipality}` })),
              ]}
              error={errors.venue}
            />
            <button type="submit" class="hds-button hds-button--primary">
              <span class="hds-button__label">{t.submit}</span>
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; slug: string; id?: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string>;
}>;

const str = (body: Record<string, unknown> | undefined, key: string, max = 100) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max).trim() : '';
};

function readForm(body: Record<string, unknown> | undefined): ScheduleForm {
  const frequency = str(body, 'frequency');
  return {
    first_date: str(body, 'first_date'),
    start_time: str(body, 'start_time'),
    duration_minutes: str(body, 'duration_minutes'),
    frequency: (FREQUENCIES as readonly string[]).includes(frequency) ? (frequency as Frequency) : 'weekly',
    count: str(body, 'count'),
    venue: str(body, 'venue'),
  };
}

export function scheduleRoutes(staff: App, deps: Deps, kit: Kit): void {
  /** Everything the page shows, read in one transaction as the signed-in person. */
  const load = (actor: Actor, slug: string) =>
    inTx(deps, actor, async (tx) => {
      // Meeting times of a group the person may see at all (unpublished ones: docs/security.md).
      const { group } = await getVisibleGroup(tx, actor, slug);
      const template = group.template_id ? await findTemplateRow(tx, group.template_id, true) : null;
      const plan = group.template_id ? await scheduleRepo.templatePlan(tx, group.template_id) : [];
      const venues = await listVenues(tx, group.org_id);
      const { rows: schedules } = await tx.query<ScheduleLine>(
        `SELECT s.id, s.rrule, to_char(s.starts_local, 'YYYY-MM-DD"T"HH24:MI') AS starts_local, s.duration_minutes,
           v.name AS venue
         FROM schedules s LEFT JOIN venues v ON v.id = s.venue_id
         WHERE s.group_id = $1 ORDER BY s.starts_local, s.id`,
        [group.id],
      );
      const { rows } = await tx.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sessions WHERE group_id = $1 AND status = 'scheduled'",
        [group.id],
      );
      return {
        group,
        venues,
        schedules,
        sessionCount: rows[0]!.n,
        template: template
          ? { planLength: plan.length, min: template.session_minutes_min, max: template.session_minutes_max }
          : null,
      };
    });

  const show = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    slug: string,
    extra: { form?: ScheduleForm; errors?: ScheduleErrors; done?: string; status?: number } = {},
  ) => {
    const path = `/groups/${slug}/schedule`;
    try {
      const data = await load(who.actor, slug);
      const form: ScheduleForm = extra.form ?? {
        first_date: '',
        start_time: '',
        duration_minutes: String(data.template?.min ?? data.template?.max ?? 90),
        frequency: 'weekly',
        count: data.template?.planLength ? String(data.template.planLength) : '',
        venue: data.group.venue_id ?? '',
      };
      const view: ScheduleView = {
        ...data,
        form,
        errors: extra.errors ?? {},
        done: extra.done,
        manage: can(who.actor, 'catalogue.manage', data.group.org_id),
        csrf: who.csrf,
      };
      return kit.page(
        reply,
        lang,
        TEXTS[lang].title(pick(data.group.name, lang)),
        path,
        <SchedulePage lang={lang} view={view} />,
        { who, status: extra.status },
      );
    } catch (error) {
      if (error instanceof AppError && error.status === 404)
        return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
      throw error;
    }
  };

  staff.get('/:lang/staff/groups/:slug/schedule', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const d = request.query.done ?? '';
    const done = /^added-\d+$/.test(d)
      ? TEXTS[lang].added(Number(d.slice(6)))
      : d === 'removed'
        ? TEXTS[lang].removed
        : undefined;
    return show(reply, lang, who, slug, { done });
  });

  staff.post(
    '/:lang/staff/groups/:slug/schedule',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/groups/${slug}/schedule`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const form = readForm(request.body);
      let venues: { id: string }[];
      try {
        venues = (await load(who.actor, slug)).venues;
      } catch (error) {
        if (error instanceof AppError && error.status === 404)
          return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
        throw error;
      }
      const { errors, count, minutes } = checkScheduleForm(form, lang, venues);
      if (Object.keys(errors).length > 0) return show(reply, lang, who, slug, { form, errors, status: 422 });
      try {
        const { sessions } = await inTx(deps, who.actor, (tx) =>
          createSchedule(
            tx,
            who.actor,
            slug,
            {
              rrule: ruleFor(form, count),
              starts_local: `${form.first_date}T${form.start_time}`,
              duration_minutes: minutes,
              venue_id: form.venue || null,
            },
            deps.clock(),
          ),
        );
        return reply.redirect(`/${lang}/staff${path}?done=added-${sessions.created}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 403)
          return show(reply, lang, who, slug, { form, errors: { form: TEXTS[lang].forbidden }, status: 403 });
        // The service's own rules, said in the reader's language beside the field.
        const t = TEXTS[lang].errors;
        const byCode: Record<string, ScheduleErrors> = {
          'duration-outside-programme': { duration_minutes: t.programmeMinutes },
          'unknown-venue': { venue: t.venue },
          'invalid-rrule': { count: t.count },
        };
        const errors = error.status === 422 ? byCode[error.code] : undefined;
        if (errors) return show(reply, lang, who, slug, { form, errors, status: 422 });
        throw error;
      }
    },
  );

  staff.post(
    '/:lang/staff/groups/:slug/schedule/:id/remove',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/groups/${slug}/schedule`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      try {
        await inTx(deps, who.actor, async (tx) => {
          const group = await getGroup(tx, slug);
          const schedule = /^[0-9a-f-]{36}$/i.test(id ?? '')
            ? await scheduleRepo.findSchedule(tx, id!, true)
            : null;
          if (!schedule || schedule.group_id !== group.id) throw new AppError(404, 'not-found', 'Not found.');
          await deleteSchedule(tx, who.actor, schedule.id, deps.clock());
        });
        return reply.redirect(`/${lang}/staff${path}?done=removed`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
        return show(reply, lang, who, slug, {
          errors: { form: TEXTS[lang].forbidden },
          status: error.status,
        });
      }
    },
  );
}
