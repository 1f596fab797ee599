import type { GroupJson } from '../groups/service.ts';
import type { VenueJson } from '../venues/service.ts';
import { AUDIENCES, JOIN_WAYS, THEMES } from '../groups/schemas.ts';
import { TIMES_OF_DAY, WEEKDAYS, type Sort } from '../search/search.ts';
import { langOf, MESSAGES, pick, type Lang, type Messages } from './i18n.ts';
import { inLang } from './layout.tsx';
import { formatDate, formatEuros, formatSessionTime, helsinkiToday, formatNumber } from '../shared/time.ts';
import { professionName } from '../facilitation/professions.ts';
import { seatState } from '../enrolment/seat-state.ts';

type Localized = Partial<Record<string, string>> | null | undefined;

/** A text from the data, marked with its own language when it had to fall back. */
function Text({
  text,
  lang,
  as: Tag = 'span',
}: {
  text: Localized;
  lang: Lang;
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3';
}) {
  const own = langOf(text, lang);
  return <Tag lang={own === lang ? undefined : own}>{pick(text, lang)}</Tag>;
}

function Paragraphs({ text, lang }: { text: Localized; lang: Lang }) {
  const own = langOf(text, lang);
  return (
    <div lang={own === lang ? undefined : own}>
      {pick(text, lang)
        .split(/\n{2,}/)
        .map((p) => (
          <p>{p}</p>
        ))}
    </div>
  );
}

function place(g: GroupJson, t: Messages): string {
  const venue = g.venue;
  if (g.mode === 'remote' || !venue) return t.modes.remote;
  return [venue.municipality, venue.neighbourhood].filter(Boolean).join(', ');
}

function costText(g: GroupJson, lang: Lang): string {
  const t = MESSAGES[lang];
  return g.cost.kind === 'free'
    ? t.group.free
    : t.group.coPayment(formatEuros(g.cost.amount_cents ?? 0, lang));
}

export function GroupCard({
  group: g,
  lang,
  headingLevel = 'h3',
}: {
  group: GroupJson;
  lang: Lang;
  headingLevel?: 'h2' | 'h3';
}) {
  const t = MESSAGES[lang];
  const Heading = headingLevel;
  const seats = g.how_to_join === 'registration' ? seatState(g) : ({ kind: 'unlimited' } as const);
  return (
    <li class="group-card">
      <Heading class="group-card__title">
        <a href={inLang(lang, `/groups/${g.slug}`)}>
          <Text text={g.name} lang={lang} />
        </a>
      </Heading>
      <p class="group-card__org">
        <Text text={g.organization.name} lang={lang} />
      </p>
      <dl class="facts">
        <div>
          <dt>{t.group.venue}</dt>
          <dd>
            {place(g, t)}
            {g.distance_km !== undefined ? ` · ${t.search.distance(formatNumber(g.distance_km, lang))}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t.search.nextSession}</dt>
          <dd>
            {g.next_session
              ? formatSessionTime(g.next_session.starts_at, g.next_session.ends_at, lang)
              : t.search.noUpcoming}
          </dd>
        </div>
      </dl>
      <ul class="tags" aria-label={t.group.howToJoin}>
        {seats.kind === 'waitlist' || seats.kind === 'full' ? (
          <li class="tag tag--full">{seats.kind === 'full' ? t.group.fullClosedBadge : t.group.fullBadge}</li>
        ) : null}
        {g.openness === 'closed' ? <li class="tag">{t.group.closedBadge}</li> : null}
        <li class="tag">{t.joinWays[g.how_to_join]}</li>
        <li class="tag">{costText(g, lang)}</li>
        <li class="tag">{t.modes[g.mode]}</li>
        {g.languages.map((l) => (
          <li class="tag">{t.languageNames[l] ?? l}</li>
        ))}
      </ul>
    </li>
  );
}

export interface SearchView {
  query: Record<string, string[]>;
  total: number;
  page: number;
  perPage: number;
  sort: Sort;
  groups: GroupJson[];
  errors: { field: string; message: string }[];
  hasNear: boolean;
}

function Checkboxes<T extends string>({
  name,
  legend,
  values,
  labels,
  checked,
}: {
  name: string;
  legend: string;
  values: readonly T[];
  labels: Record<T, string>;
  checked: string[];
}) {
  return (
    <fieldset class="hds-fieldset filter-group">
      <legend class="hds-fieldset-legend">{legend}</legend>
      {values.map((value) => (
        <div class="hds-checkbox">
          <input
            type="checkbox"
            class="hds-checkbox__input"
            id={`${name}-${value}`}
            name={name}
            value={value}
            checked={checked.includes(value)}
          />
          <label class="hds-checkbox__label" for={`${name}-${value}`}>
            {labels[value]}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function SearchBox({ lang, q, error }: { lang: Lang; q: string; error?: string }) {
  const t = MESSAGES[lang];
  return (
    <div class={`hds-text-input search-box${error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for="q">
        {t.search.label}
      </label>
      <div class="search-box__row">
        <div class="hds-text-input__input-wrapper">
          <input
            class="hds-text-input__input"
            type="search"
            id="q"
            name="q"
            value={q}
            maxLength={200}
            aria-describedby={error ? 'q-hint q-error' : 'q-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{t.search.button}</span>
        </button>
      </div>
      <span class="hds-text-input__helper-text" id="q-hint">
        {t.search.hint}
      </span>
      {error ? (
        <span class="hds-text-input__error-text" id="q-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function HomePage({ lang, upcoming, total }: { lang: Lang; upcoming: GroupJson[]; total: number }) {
  const t = MESSAGES[lang];
  const examples: [string, string][] = [
    [t.audience.relatives, 'audience=relatives'],
    [t.audience.parents, 'audience=parents'],
    [t.joinWays.drop_in, 'join=drop_in'],
    [t.modes.remote, 'mode=remote'],
    [t.search.freeOnly, 'free=true'],
  ];
  return (
    <>
      <section class="hero">
        <h1>{t.search.heading}</h1>
        <p class="lead">{t.tagline}</p>
        <form method="get" action={inLang(lang, '/search')} role="search">
          <SearchBox lang={lang} q="" />
        </form>
        <h2 class="small-heading">{t.search.popular}</h2>
        <ul class="tags">
          {examples.map(([label, query]) => (
            <li>
              <a class="tag tag--link" href={`${inLang(lang, '/search')}?${query}`}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t.search.nextSession}</h2>
        <ul class="group-list">
          {upcoming.map((g) => (
            <GroupCard group={g} lang={lang} />
          ))}
        </ul>
        <p>
          <a class="hds-button hds-button--secondary" href={inLang(lang, '/search')}>
            <span class="hds-button__label">
              {t.search.browseAll} ({t.search.results(total)})
            </span>
          </a>
        </p>
      </section>
    </>
  );
}

const pageHref = (lang: Lang, query: Record<string, string[]>, page: number) => {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(query)) {
    if (key !== 'page') for (const v of values) params.append(key, v);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `${inLang(lang, '/search')}${qs ? `?${qs}` : ''}`;
};

export function SearchPage({ lang, view }: { lang: Lang; view: SearchView }) {
  const t = MESSAGES[lang];
  const values = (key: string) => view.query[key] ?? [];
  const first = (key: string) => values(key)[0] ?? '';
  const errorOf = (field: string) => view.errors.find((e) => e.field === field)?.message;
  const pages = Math.max(1, Math.ceil(view.total / view.perPage));
  const sorts: Sort[] = view.hasNear
    ? ['relevance', 'next_session', 'distance', 'name']
    : ['relevance', 'next_session', 'name'];
  return (
    <>
      <h1>{t.search.heading}</h1>
      <form method="get" action={inLang(lang, '/search')} class="search-layout" role="search">
        {view.errors.length ? (
          <div class="hds-notification hds-notification--error" role="alert">
            <div class="hds-notification__content">
              <ul>
                {view.errors.map((e) => (
                  <li>
                    <a href={`#${e.field}`}>{e.message}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        <SearchBox lang={lang} q={first('q')} error={errorOf('q')} />
        {values('near').length ? <input type="hidden" name="near" value={first('near')} /> : null}
        {values('radius_km').length ? (
          <input type="hidden" name="radius_km" value={first('radius_km')} />
        ) : null}
        <details
          class="filters"
          open={
            view.errors.length > 0 || Object.keys(view.query).some((k) => !['q', 'page', 'sort'].includes(k))
          }
        >
          <summary>{t.search.filters}</summary>
          <div class={`hds-text-input${errorOf('municipality') ? ' hds-text-input--invalid' : ''}`}>
            <label class="hds-text-input__label" for="municipality">
              {t.search.municipality}
            </label>
            <div class="hds-text-input__input-wrapper">
              <input
                class="hds-text-input__input"
                type="text"
                id="municipality"
                name="municipality"
                value={first('municipality')}
                aria-describedby="municipality-hint"
                autocomplete="address-level2"
              />
            </div>
            <span class="hds-text-input__helper-text" id="municipality-hint">
              {t.search.municipalityHint}
            </span>
          </div>
          <div class="filter-grid">
            <Checkboxes
              name="audience"
              legend={t.search.audience}
              values={AUDIENCES}
              labels={t.audience}
              checked={values('audience')}
            />
            <Checkboxes
              name="theme"
              legend={t.search.theme}
              values={THEMES}
              labels={t.themes}
              checked={values('theme')}
            />
            <Checkboxes
              name="join"
              legend={t.search.join}
              values={JOIN_WAYS}
              labels={t.joinWays}
              checked={values('join')}
            />
            <Checkboxes
              name="language"
              legend={t.search.language}
              values={['fi', 'sv', 'en'] as const}
              labels={{ fi: t.languageNames.fi!, sv: t.languageNames.sv!, en: t.languageNames.en! }}
              checked={values('language')}
            />
            <Checkboxes
              name="weekday"
              legend={t.search.weekday}
              values={WEEKDAYS}
              labels={t.weekdays}
              checked={values('weekday')}
            />
            <Checkboxes
              name="time_of_day"
              legend={t.search.timeOfDay}
              values={TIMES_OF_DAY}
              labels={t.timesOfDay}
              checked={values('time_of_day')}
            />
            <fieldset class="hds-fieldset filter-group">
              <legend class="hds-fieldset-legend">{t.search.mode}</legend>
              {(['', 'in_person', 'remote'] as const).map((mode) => (
                <div class="hds-radio-button">
                  <input
                    type="radio"
                    class="hds-radio-button__input"
                    id={`mode-${mode || 'any'}`}
                    name="mode"
                    value={mode}
                    checked={first('mode') === mode}
                  />
                  <label class="hds-radio-button__label" for={`mode-${mode || 'any'}`}>
                    {mode ? t.modes[mode] : t.search.anyMode}
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset class="hds-fieldset filter-group">
              <legend class="hds-fieldset-legend">{t.search.openness}</legend>
              {(['', 'open', 'closed'] as const).map((openness) => (
                <div class="hds-radio-button">
                  <input
                    type="radio"
                    class="hds-radio-button__input"
                    id={`openness-${openness || 'any'}`}
                    name="openness"
                    value={openness}
                    checked={first('openness') === openness}
                  />
                  <label class="hds-radio-button__label" for={`openness-${openness || 'any'}`}>
                    {openness ? t.search.opennessLabels[openness] : t.search.anyOpenness}
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset class="hds-fieldset filter-group">
              <legend class="hds-fieldset-legend">{t.search.when}</legend>
              {(
                [
                  ['starts_within_days', '30', t.search.startsSoon],
                  ['ongoing', 'true', t.search.ongoing],
                  ['accepting', 'true', t.search.acceptingOnly],
                  ['free', 'true', t.search.freeOnly],
                ] as const
              ).map(([name, value, label]) => (
                <div class="hds-checkbox">
                  <input
                    type="checkbox"
                    class="hds-checkbox__input"
                    id={name}
                    name={name}
                    value={value}
                    checked={first(name) === value}
                  />
                  <label class="hds-checkbox__label" for={name}>
                    {label}
                  </label>
                </div>
              ))}
            </fieldset>
          </div>
          <p class="filter-actions">
            <button type="submit" class="hds-button hds-button--primary">
              <span class="hds-button__label">{t.search.applyFilters}</span>
            </button>{' '}
            <a href={inLang(lang, '/search')} class="hds-button hds-button--supplementary">
              <span class="hds-button__label">{t.search.clearFilters}</span>
            </a>
          </p>
        </details>
        <div class="results-bar">
          <p class="results-count" role="status">
            {t.search.results(view.total)}
          </p>
          <div class="sort">
            <label for="sort">{t.search.sort}</label>{' '}
            <select id="sort" name="sort">
              {sorts.map((s) => (
                <option value={s} selected={s === view.sort}>
                  {t.search.sortLabels[s]}
                </option>
              ))}
            </select>{' '}
            <button type="submit" class="hds-button hds-button--secondary hds-button--small">
              <span class="hds-button__label">{t.search.sort}</span>
            </button>
          </div>
        </div>
      </form>
      {view.groups.length ? (
        <ul class="group-list">
          {view.groups.map((g) => (
            <GroupCard group={g} lang={lang} headingLevel="h2" />
          ))}
        </ul>
      ) : (
        <div class="empty">
          <p>
            <strong>{t.search.noResults}</strong>
          </p>
          <p>{t.search.noResultsHelp}</p>
        </div>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t.search.page(view.page, pages)}>
          {view.page > 1 ? (
            <a href={pageHref(lang, view.query, view.page - 1)}>{t.search.previous}</a>
          ) : (
            <span />
          )}
          <span>{t.search.page(view.page, pages)}</span>
          {view.page < pages ? (
            <a href={pageHref(lang, view.query, view.page + 1)}>{t.search.next}</a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

export interface SessionView {
  id: string;
  starts_at: string;
  ends_at: string;
  status: string;
  theme: Localized;
  /** guest experts as the public sees them: the topic, a name only where made public */
  guests: { topic: Localized; name: string | null; affiliation: string | null }[];
}

/**
 * What a group page may promise today: `open` (people can come or join), `suspended`,
 * `ended` (by its status, or its end date has passed and nothing more is planned), or
 * `all-passed` (published or running, but every meeting is behind and none is planned).
 * Only an open group shows how to join, the next meetings, calendar links and the
 * organiser's confirmation.
 */
export function groupState(
  g: Pick<GroupJson, 'status' | 'ends_on'>,
  sessions: Pick<SessionView, 'status'>[],
  held: { last: string | null },
  now: Date,
): 'open' | 'suspended' | 'ended' | 'all-passed' {
  const planned = sessions.some((s) => s.status !== 'cancelled');
  if (g.status === 'suspended') return 'suspended';
  if (g.status === 'ended') return 'ended';
  if (planned) return 'open';
  if (g.ends_on !== null && g.ends_on < helsinkiToday(now)) return 'ended';
  return held.last !== null ? 'all-passed' : 'open';
}

/** When an ended group met: its dates, else its first and last meeting. */
function metDates(
  g: GroupJson,
  held: { first: string | null; last: string | null },
  lang: Lang,
): string | null {
  const from = g.starts_on ?? held.first;
  const to = g.ends_on ?? held.last;
  if (!from || !to) return null;
  return `${formatDate(from, lang)}–${formatDate(to, lang)}`;
}

export function GroupPage({
  lang,
  group: g,
  sessions,
  held = { first: null, last: null },
  now,
  thanked = false,
}: {
  lang: Lang;
  group: GroupJson;
  /** the next meetings (ending after now), cancelled ones included */
  sessions: SessionView[];
  /** when the meetings that took place began and ended */
  held?: { first: string | null; last: string | null };
  now: Date;
  thanked?: boolean;
}) {
  const t = MESSAGES[lang];
  const venue = g.venue;
  const started = g.status === 'running' || (g.starts_on !== null && new Date(g.starts_on) <= now);
  const state = groupState(g, sessions, held, now);
  const over = state !== 'open';
  const seats = g.how_to_join === 'registration' ? seatState(g) : ({ kind: 'unlimited' } as const);
  // Cost, languages and way of meeting: facts of the group whether or not it can be joined now.
  const basics = (
    <dl class="facts">
      <div>
        <dt>{t.group.cost}</dt>
        <dd>
          {costText(g, lang)}
          {g.cost.note ? (
            <>
              {' – '}
              <Text text={g.cost.note} lang={lang} />
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t.group.languages}</dt>
        <dd>{g.languages.map((l) => t.languageNames[l] ?? l).join(', ')}</dd>
      </div>
      <div>
        <dt>{t.search.mode}</dt>
        <dd>{t.modes[g.mode]}</dd>
      </div>
    </dl>
  );
  return (
    <article class="group-page">
      <p class="breadcrumb">
        <a href={inLang(lang, '/search')}>{t.search.heading}</a>
      </p>
      <Text as="h1" text={g.name} lang={lang} />
      <p class="group-page__org">
        {t.group.organiser}:{' '}
        <a href={inLang(lang, `/organisations/${g.organization.slug}`)}>
          <Text text={g.organization.name} lang={lang} />
        </a>
      </p>
      <p>
        <span class={`status status--${g.status}`}>{t.group.status[g.status]}</span>
      </p>
      {over ? (
        <div class="hds-notification hds-notification--alert group-over" role="note">
          <div class="hds-notification__content">
            <p>
              <strong>
                {state === 'suspended'
                  ? t.group.suspended(formatDate(g.suspended_on ?? helsinkiToday(now), lang))
                  : state === 'ended'
                    ? t.group.endedNotice(metDates(g, held, lang))
                    : t.group.allPassedNotice(formatDate(held.last!, lang))}
              </strong>{' '}
              {t.group.noJoiningNow}
            </p>
            <p>
              {g.replaced_by ? (
                <>
                  {t.group.replacedBy}{' '}
                  <a href={inLang(lang, `/groups/${g.replaced_by.slug}`)}>
                    {pick(g.replaced_by.name as Localized, lang)}
                  </a>
                </>
              ) : (
                <a href={inLang(lang, `/organisations/${g.organization.slug}`)}>
                  {t.group.currentGroups(pick(g.organization.name, lang))}
                </a>
              )}
            </p>
          </div>
        </div>
      ) : g.replaced_by ? (
        <p>
          {t.group.replacedBy}{' '}
          <a href={inLang(lang, `/groups/${g.replaced_by.slug}`)}>
            {pick(g.replaced_by.name as Localized, lang)}
          </a>
        </p>
      ) : null}
      {g.replaces ? (
        <p>
          {t.group.replaces}{' '}
          <a href={inLang(lang, `/groups/${g.replaces.slug}`)}>{pick(g.replaces.name as Localized, lang)}</a>.
        </p>
      ) : null}

      {over ? basics : null}
      {over ? null : (
        <section class="join-box" aria-labelledby="join-heading">
          <h2 id="join-heading">{t.group.howToJoin}</h2>
          <p>{t.group.joinTexts[g.how_to_join]}</p>
          {g.how_to_join === 'registration' && ['published', 'running'].includes(g.status) ? (
            seats.kind === 'full' ? (
              <p>
                <strong>{t.group.noRoom}</strong>
              </p>
            ) : (
              <>
                {seats.kind === 'waitlist' ? (
                  <p>
                    <strong>{t.group.waitlistOnly(seats.ahead)}</strong>
                  </p>
                ) : null}
                <p>
                  <a class="hds-button hds-button--primary" href={inLang(lang, `/groups/${g.slug}/register`)}>
                    <span class="hds-button__label">
                      {seats.kind === 'waitlist' ? t.group.joinWaitlist : MESSAGES[lang].registration.button}
                    </span>
                  </a>
                </p>
              </>
            )
          ) : null}
          {g.how_to_join === 'referral' && ['published', 'running'].includes(g.status) ? (
            <p>
              <a class="hds-button hds-button--primary" href={inLang(lang, `/groups/${g.slug}/referral`)}>
                <span class="hds-button__label">{MESSAGES[lang].registration.referral.link}</span>
              </a>
            </p>
          ) : null}
          {g.how_to_join === 'application' && ['published', 'running'].includes(g.status) ? (
            <p>
              <a class="hds-button hds-button--primary" href={inLang(lang, `/groups/${g.slug}/apply`)}>
                <span class="hds-button__label">{MESSAGES[lang].application.button}</span>
              </a>
            </p>
          ) : null}
          {g.capacity ? <p>{t.group.capacity(g.capacity)}</p> : null}
          {seats.kind === 'open' ? <p>{t.group.seatsLeft(seats.left)}</p> : null}
          {g.openness === 'closed' ? (
            <p>{started && !g.allow_late_joiners ? t.group.closedStarted : t.group.closedNotice}</p>
          ) : null}
          {basics}
        </section>
      )}

      {g.crisis_notice ? (
        <section class="crisis" aria-labelledby="crisis-heading">
          <h2 id="crisis-heading">{t.group.crisisHeading}</h2>
          <p>{t.group.crisisText}</p>
          <ul>
            {t.group.crisisContacts.map((c) => (
              <li>{c}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">{t.group.whatHappens}</h2>
        <Paragraphs text={g.description} lang={lang} />
        <dl class="facts">
          {g.audience.length ? (
            <div>
              <dt>{t.group.forWhom}</dt>
              <dd>{g.audience.map((a) => t.audience[a as keyof Messages['audience']] ?? a).join(', ')}</dd>
            </div>
          ) : null}
          {g.unifying_factor ? (
            <div>
              <dt>{t.group.unifyingFactor}</dt>
              <dd>
                <Text text={g.unifying_factor} lang={lang} />
              </dd>
            </div>
          ) : null}
          {g.theme || g.topics.length ? (
            <div>
              <dt>{t.group.theme}</dt>
              <dd>
                {g.theme ? <Text text={g.theme} lang={lang} /> : null}
                {g.theme && g.topics.length ? ' · ' : ''}
                {g.topics.map((x) => t.themes[x as keyof Messages['themes']] ?? x).join(', ')}
              </dd>
            </div>
          ) : null}
          {g.programme ? (
            <div>
              <dt>{t.group.programme}</dt>
              <dd>
                <Text text={g.programme.name} lang={lang} />
              </dd>
            </div>
          ) : null}
          {g.season ? (
            <div>
              <dt>{t.group.season}</dt>
              <dd>
                <Text text={g.season} lang={lang} />
              </dd>
            </div>
          ) : null}
          {g.starts_on ? (
            <div>
              <dt>{t.group.dates}</dt>
              <dd>
                {formatDate(g.starts_on, lang)}
                {g.ends_on ? ` – ${formatDate(g.ends_on, lang)}` : ''}
              </dd>
            </div>
          ) : null}
        </dl>
        {g.children_along ? <p>{t.group.childrenAlong}</p> : null}
      </section>

      <section aria-labelledby="facilitation-heading">
        <h2 id="facilitation-heading">{t.group.facilitation}</h2>
        {g.facilitation.self_directed ? <p>{t.group.selfDirected}</p> : null}
        <ul>
          {g.facilitation.facilitators.map((f) => (
            <li>
              {t.group.facilitatorRoles[f.role] ?? f.role}: {f.name ? `${f.name}, ` : ''}
              {professionName(f.profession, lang) ?? t.group.facilitatorKinds[f.kind] ?? f.kind} (
              {t.group.engagement[f.engagement] ?? f.engagement})
            </li>
          ))}
        </ul>
      </section>

      {over ? null : (
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{t.group.nextSessions}</h2>
          {thanked ? (
            <div class="hds-notification hds-notification--success" role="status">
              <div class="hds-notification__content">
                <p>{t.group.comingThanks}</p>
              </div>
            </div>
          ) : null}
          {sessions.length ? (
            <ul class="sessions">
              {sessions.map((s, i) => (
                <li class={s.status === 'cancelled' ? 'session session--cancelled' : 'session'}>
                  <time datetime={s.starts_at}>{formatSessionTime(s.starts_at, s.ends_at, lang)}</time>
                  {s.theme ? (
                    <>
                      {' – '}
                      <Text text={s.theme} lang={lang} />
                    </>
                  ) : null}
                  {s.guests.map((guest) => (
                    <>
                      {' – '}
                      {t.group.guest}: <Text text={guest.topic} lang={lang} />
                      {guest.name ? ` (${[guest.name, guest.affiliation].filter(Boolean).join(', ')})` : null}
                    </>
                  ))}
                  {s.status === 'cancelled' ? <strong> ({t.group.cancelled})</strong> : null}
                  {g.how_to_join === 'drop_in' && s.status === 'scheduled' && i === 0 ? (
                    <form method="post" action={inLang(lang, `/groups/${g.slug}/coming`)} class="inline-form">
                      <input type="hidden" name="session_id" value={s.id} />
                      <button type="submit" class="hds-button hds-button--secondary hds-button--small">
                        <span class="hds-button__label">{t.group.comingButton}</span>
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t.group.noSessions}</p>
          )}
          <p>
            <a href={`/api/v1/groups/${g.id}/calendar.ics?lang=${lang}`}>{t.group.calendar}</a>
          </p>
        </section>
      )}

      <section aria-labelledby="venue-heading">
        <h2 id="venue-heading">{t.group.venue}</h2>
        {g.mode === 'remote' ? <p>{t.group.remoteNote}</p> : null}
        {g.mode === 'hybrid' ? <p>{t.group.hybridNote}</p> : null}
        {venue ? <VenueDetails venue={venue} lang={lang} link /> : null}
      </section>

      {g.organization.contact.email || g.organization.contact.phone || g.organization.contact.website ? (
        <section aria-labelledby="ask-heading">
          <h2 id="ask-heading">{t.organisation.askHeading}</h2>
          <p>{t.organisation.askText(pick(g.organization.name, lang))}</p>
          <ContactList contact={g.organization.contact} lang={lang} />
        </section>
      ) : null}

      {g.partners.length ? (
        <section aria-labelledby="partners-heading">
          <h2 id="partners-heading">{t.group.partners}</h2>
          <ul>
            {g.partners.map((p) => (
              <li>
                <Text text={p.name as Localized} lang={lang} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!over && (g.last_confirmed_at ?? g.published_at) ? (
        <p class="muted">
          {t.group.lastConfirmed(formatDate((g.last_confirmed_at ?? g.published_at)!, lang))}
        </p>
      ) : null}
    </article>
  );
}

function VenueDetails({
  venue,
  lang,
  link,
  headingLevel = 'h3',
}: {
  venue: VenueJson;
  lang: Lang;
  link?: boolean;
  /** h3 under the group page's "Place"; h2 on the venue's own page, right under its h1 */
  headingLevel?: 'h2' | 'h3';
}) {
  const t = MESSAGES[lang];
  const Heading = headingLevel;
  return (
    <div class="venue">
      <p>
        {link ? (
          <a href={inLang(lang, `/venues/${venue.id}`)}>{venue.name}</a>
        ) : (
          <strong>{venue.name}</strong>
        )}
        <br />
        {[venue.street_address, [venue.postal_code, venue.municipality].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(', ')}
        {venue.neighbourhood ? ` (${venue.neighbourhood})` : ''}
      </p>
      {venue.map_url ? (
        <p>
          <a href={venue.map_url}>{t.group.openMap}</a>
        </p>
      ) : null}
      {venue.directions ? <Paragraphs text={venue.directions} lang={lang} /> : null}
      {venue.accessibility.length || venue.accessibility_notes ? (
        <>
          <Heading>{t.group.accessibilityHeading}</Heading>
          <ul>
            {venue.accessibility.map((a) => (
              <li>{t.accessibility[a as keyof Messages['accessibility']] ?? a}</li>
            ))}
          </ul>
          {venue.accessibility_notes ? <Paragraphs text={venue.accessibility_notes} lang={lang} /> : null}
        </>
      ) : null}
    </div>
  );
}

export interface OrganisationView {
  id: string;
  slug: string;
  kind: string;
  name: Localized;
  description: Localized;
  website: string | null;
  email: string | null;
  phone: string | null;
  municipality: string | null;
}

export function OrganisationPage({
  lang,
  org,
  current,
  earlier,
}: {
  lang: Lang;
  org: OrganisationView;
  current: GroupJson[];
  earlier: GroupJson[];
}) {
  const t = MESSAGES[lang];
  return (
    <article>
      <Text as="h1" text={org.name} lang={lang} />
      <p class="muted">
        {t.organisation.kinds[org.kind] ?? org.kind}
        {org.municipality ? ` · ${org.municipality}` : ''}
      </p>
      {org.description ? <Paragraphs text={org.description} lang={lang} /> : null}
      {org.website || org.email || org.phone ? (
        <section aria-labelledby="contact-heading">
          <h2 id="contact-heading">{t.organisation.contact}</h2>
          <ContactList contact={org} lang={lang} />
        </section>
      ) : null}
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">{t.organisation.groups}</h2>
        {current.length ? (
          <ul class="group-list">
            {current.map((g) => (
              <GroupCard group={g} lang={lang} />
            ))}
          </ul>
        ) : (
          <p>{t.organisation.noGroups}</p>
        )}
        <p>
          <a href={`/api/v1/organizations/${org.slug}/calendar.ics?lang=${lang}`}>
            {t.organisation.calendar}
          </a>
        </p>
      </section>
      {earlier.length ? (
        <section aria-labelledby="earlier-heading">
          <h2 id="earlier-heading">{t.organisation.earlier}</h2>
          <ul class="plain-list">
            {earlier.map((g) => (
              <li>
                <a href={inLang(lang, `/groups/${g.slug}`)}>
                  <Text text={g.name} lang={lang} />
                </a>
                {g.season ? (
                  <>
                    {' – '}
                    <Text text={g.season} lang={lang} />
                  </>
                ) : null}{' '}
                ({t.group.status[g.status]})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export function VenuePage({ lang, venue, groups }: { lang: Lang; venue: VenueJson; groups: GroupJson[] }) {
  const t = MESSAGES[lang];
  return (
    <article>
      <h1>{venue.name}</h1>
      <VenueDetails venue={venue} lang={lang} headingLevel="h2" />
      <section aria-labelledby="here-heading">
        <h2 id="here-heading">{t.venueLabel.groupsHere}</h2>
        <ul class="group-list">
          {groups.map((g) => (
            <GroupCard group={g} lang={lang} />
          ))}
        </ul>
      </section>
    </article>
  );
}

/** An organiser's public contact details as links (web, email, phone); nothing when there are none. */
export function ContactList({
  contact,
  lang,
}: {
  contact: { email: string | null; phone: string | null; website: string | null };
  lang: Lang;
}) {
  const t = MESSAGES[lang];
  if (!contact.email && !contact.phone && !contact.website) return null;
  return (
    <ul class="contact-list">
      {contact.email ? (
        <li>
          {t.organisation.emailLabel}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </li>
      ) : null}
      {contact.phone ? (
        <li>
          {t.organisation.phoneLabel}: <a href={`tel:${contact.phone.replace(/\s/g, '')}`}>{contact.phone}</a>
        </li>
      ) : null}
      {contact.website ? (
        <li>
          <a href={contact.website}>{t.organisation.website}</a>
        </li>
      ) : null}
    </ul>
  );
}

export function MessagePage({
  title,
  text,
  links,
}: {
  title: string;
  text: string;
  /** where to go from here (a dead end never ends the way) */
  links?: { href: string; text: string }[];
}) {
  return (
    <>
      <h1>{title}</h1>
      <p>{text}</p>
      {links && links.length > 0 ? (
        <ul class="message-links">
          {links.map((link) => (
            <li>
              <a href={link.href}>{link.text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function AccessibilityPage({ lang }: { lang: Lang }) {
  const t = MESSAGES[lang].accessibilityStatement;
  return (
    <>
      <h1>{t.title}</h1>
      {t.sections.map((section) => (
        <section>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
        </section>
      ))}
    </>
  );
}
