/**
 * Organisation settings for its admins: names and descriptions in three languages, contact
 * details, whether the board decides before publishing, how long registrations are kept
 * after a group ends, and the default low-attendance rule. The same service as
 * PATCH /api/v1/organizations/{org}; changing an organisation is an admin's right
 * (`organisation.update`), so coordinators see the page refused.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { getOrganisation, updateOrganisation } from '../organisations/service.ts';
import type { OrganisationRow, OrganisationWrite } from '../organisations/repository.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { sendNotFound } from '../web/send.tsx';
import { Csrf, Field } from './pages.tsx';
import type { Kit } from './participants.tsx';
import { organisationNames } from './repository.ts';
import { validCsrf } from './security.ts';

const FIELDS = [
  'name_fi',
  'name_sv',
  'name_en',
  'description_fi',
  'description_sv',
  'description_en',
  'email',
  'phone',
  'website',
  'retention_days',
  'low_attendance_min_present',
  'low_attendance_consecutive',
] as const;
type FieldName = (typeof FIELDS)[number];
type SettingsForm = Record<FieldName, string> & { requires_board_approval: boolean };
type SettingsErrors = Partial<Record<FieldName | 'form', string>>;

interface Texts {
  title: string;
  organisation: string;
  show: string;
  names: string;
  descriptions: string;
  contact: string;
  rules: string;
  labels: Record<FieldName, string>;
  hints: Partial<Record<FieldName, string>>;
  board: string;
  save: string;
  saved: string;
  errorHeading: string;
  errors: {
    nameFi: string;
    email: string;
    phone: string;
    website: string;
    retention: string;
    number: string;
    both: string;
    forbidden: string;
  };
  none: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Organisaation asetukset',
    organisation: 'Organisaatio',
    show: 'Näytä',
    names: 'Nimi',
    descriptions: 'Kuvaus',
    contact: 'Yhteystiedot',
    rules: 'Käytännöt',
    labels: {
      name_fi: 'Nimi suomeksi',
      name_sv: 'Nimi ruotsiksi',
      name_en: 'Nimi englanniksi',
      description_fi: 'Kuvaus suomeksi',
      description_sv: 'Kuvaus ruotsiksi',
      description_en: 'Kuvaus englanniksi',
      email: 'Sähköposti',
      phone: 'Puhelinnumero',
      website: 'Verkkosivut',
      retention_days: 'Säilytysaika (päivää)',
      low_attendance_min_present: 'Vähäisen osallistumisen raja (osallistujaa)',
      low_attendance_consecutive: 'Peräkkäisiä tapaamisia ennen varoitusta',
    },
    hints: {
      retention_days: 'Ilmoittautumiset anonymisoidaan näin monta päivää ryhmän päättymisen jälkeen.',
      low_attendance_min_present:
        'Ryhmä saa varoituksen, kun osallistujia on tätä vähemmän. Jätä tyhjäksi, jos sääntöä ei käytetä.',
      website: 'Esimerkiksi https://yhdistys.fi',
    },
    board: 'Hallituksen on hyväksyttävä ryhmä ennen julkaisua',
    save: 'Tallenna',
    saved: 'Asetukset tallennettiin.',
    errorHeading: 'Korjaa merkityt kentät.',
    errors: {
      nameFi: 'Kirjoita nimi suomeksi.',
      email: 'Anna kelvollinen sähköpostiosoite.',
      phone: 'Anna puhelinnumero numeroina, esimerkiksi +358 40 123 4567.',
      website: 'Anna osoite, joka alkaa https:// tai http://.',
      retention: 'Anna kokonaisluku väliltä 1–3650.',
      number: 'Anna positiivinen kokonaisluku.',
      both: 'Anna molemmat luvut tai jätä molemmat tyhjiksi.',
      forbidden: 'Vain pääkäyttäjä voi muuttaa organisaation asetuksia.',
    },
    none: 'Vain organisaation pääkäyttäjä voi muuttaa sen asetuksia.',
  },
  sv: {
    title: 'Organisationens inställningar',
    organisation: 'Organisation',
    show: 'Visa',
    names: 'Namn',
    descriptions: 'Beskrivning',
    contact: 'Kontaktuppgifter',
    rules: 'Praxis',
    labels: {
      name_fi: 'Namn på finska',
      name_sv: 'Namn på svenska',
      name_en: 'Namn på engelska',
      description_fi: 'Beskrivning på finska',
      description_sv: 'Beskrivning på svenska',
      description_en: 'Beskrivning på engelska',
      email: 'E-post',
      phone: 'Telefonnummer',
      website: 'Webbplats',
      retention_days: 'Lagringstid (dagar)',
      low_attendance_min_present: 'Gräns för lågt deltagande (deltagare)',
      low_attendance_consecutive: 'Träffar i rad före varning',
    },
    hints: {
      retention_days: 'Anmälningarna anonymiseras så här många dagar efter att gruppen avslutats.',
      low_attendance_min_present:
        'Gruppen får en varning när färre deltar. Lämna tomt om regeln inte används.',
      website: 'Till exempel https://forening.fi',
    },
    board: 'Styrelsen måste godkänna en grupp innan den publiceras',
    save: 'Spara',
    saved: 'Inställningarna sparades.',
    errorHeading: 'Rätta de markerade fälten.',
    errors: {
      nameFi: 'Skriv namnet på finska.',
      email: 'Ange en giltig e-postadress.',
      phone: 'Ange telefonnumret med siffror, till exempel +358 40 123 4567.',
      website: 'Ange en adress som börjar med https:// eller http://.',
      retention: 'Ange ett heltal mellan 1 och 3650.',
      number: 'Ange ett positivt heltal.',
      both: 'Ange båda talen eller lämna båda tomma.',
      forbidden: 'Endast huvudanvändare kan ändra organisationens inställningar.',
    },
    none: 'Endast organisationens huvudanvändare kan ändra dess inställningar.',
  },
  en: {
    title: 'Organisation settings',
    organisation: 'Organisation',
    show: 'Show',
    names: 'Name',
    descriptions: 'Description',
    contact: 'Contact details',
    rules: 'Practices',
    labels: {
      name_fi: 'Name in Finnish',
      name_sv: 'Name in Swedish',
      name_en: 'Name in English',
      description_fi: 'Description in Finnish',
      description_sv: 'Description in Swedish',
      description_en: 'Description in English',
      email: 'Email',
      phone: 'Phone number',
      website: 'Website',
      retention_days: 'Retention (days)',
      low_attendance_min_present: 'Low attendance limit (participants)',
      low_attendance_consecutive: 'Sessions in a row before a warning',
    },
    hints: {
      retention_days: 'Registrations are anonymised this many days after a group ends.',
      low_attendance_min_present:
        'A group gets a warning when fewer people attend. Leave empty to use no such rule.',
      website: 'For example https://association.fi',
    },
    board: 'The board must approve a group before it is published',
    save: 'Save',
    saved: 'The settings were saved.',
    errorHeading: 'Correct the marked fields.',
    errors: {
      nameFi: 'Write the name in Finnish.',
      email: 'Give a valid email address.',
      phone: 'Give the phone number in digits, for example +358 40 123 4567.',
      website: 'Give an address that starts with https:// or http://.',
      retention: 'Give a whole number from 1 to 3650.',
      number: 'Give a positive whole number.',
      both: 'Give both numbers or leave both empty.',
      forbidden: 'Only admins may change the organisation’s settings.',
    },
    none: 'Only the organisation’s admins may change its settings.',
  },
};

function formOf(org: OrganisationRow): SettingsForm {
  const s = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    name_fi: org.name.fi,
    name_sv: s(org.name.sv),
    name_en: s(org.name.en),
    description_fi: s(org.description?.fi),
    description_sv: s(org.description?.sv),
    description_en: s(org.description?.en),
    email: s(org.email),
    phone: s(org.phone),
    website: s(org.website),
    retention_days: s(org.retention_days),
    low_attendance_min_present: s(org.low_attendance_min_present),
    low_attendance_consecutive: s(org.low_attendance_consecutive),
    requires_board_approval: org.requires_board_approval,
  };
}

function readForm(body: Record<string, unknown> | undefined): SettingsForm {
  const form = { requires_board_approval: body?.requires_board_approval === 'yes' } as SettingsForm;
  for (const f of FIELDS) {
    const v = body?.[f];
    form[f] = typeof v === 'string' ? v.trim().slice(0, f.startsWith('description') ? 5000 : 500) : '';
  }
  return form;
}

/** Checks the form as the API schema would, with messages for people; the write or the errors. */
function checkForm(form: SettingsForm, lang: Lang): { input?: OrganisationWrite; errors: SettingsErrors } {
  const t = TEXTS[lang].errors;
  const errors: SettingsErrors = {};
  if (!form.name_fi) errors.name_fi = t.nameFi;
  if (form.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email)) errors.email = t.email;
  if (form.phone && !/^[+0-9 ()-]{5,30}$/.test(form.phone)) errors.phone = t.phone;
  if (form.website) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(form.website).protocol);
    } catch {
      ok = false;
    }
    if (!ok) errors.website = t.website;
  }
  const int = (v: string, max: number) => (/^\d{1,5}$/.test(v) && +v >= 1 && +v <= max ? +v : null);
  const retention = int(form.retention_days, 3650);
  if (retention === null) errors.retention_days = t.retention;
  const min = form.low_attendance_min_present ? int(form.low_attendance_min_present, 100) : null;
  const runs = form.low_attendance_consecutive ? int(form.low_attendance_consecutive, 20) : null;
  if (form.low_attendance_min_present && min === null) errors.low_attendance_min_present = t.number;
  if (form.low_attendance_consecutive && runs === null) errors.low_attendance_consecutive = t.number;
  if (!errors.low_attendance_min_present && !errors.low_attendance_consecutive) {
    if (form.low_attendance_min_present && !form.low_attendance_consecutive)
      errors.low_attendance_consecutive = t.both;
    if (!form.low_attendance_min_present && form.low_attendance_consecutive)
      errors.low_attendance_min_present = t.both;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const localized = (fi: string, sv: string, en: string): LocalizedText => ({
    fi,
    ...(sv ? { sv } : {}),
    ...(en ? { en } : {}),
  });
  return {
    errors,
    input: {
      name: localized(form.name_fi, form.name_sv, form.name_en),
      description: form.description_fi
        ? localized(form.description_fi, form.description_sv, form.description_en)
        : null,
      email: form.email || null,
      phone: form.phone || null,
      website: form.website || null,
      requires_board_approval: form.requires_board_approval,
      retention_days: retention!,
      low_attendance_min_present: min,
      low_attendance_consecutive: runs,
    },
  };
}

interface SettingsView {
  orgs: { id: string; name: LocalizedText }[];
  org: { id: string; name: LocalizedText };
  form: SettingsForm;
  errors: SettingsErrors;
  csrf: string;
  saved?: boolean;
}

function SettingsPage({ lang, view }: { lang: Lang; view: SettingsView }) {
  const t = TEXTS[lang];
  const field = (id: FieldName, extra: { type?: 'email' | 'text' | 'number'; multiline?: boolean } = {}) => (
    <Field
      id={id}
      label={t.labels[id]}
      hint={t.hints[id]}
      value={view.form[id]}
      error={view.errors[id]}
      required={id === 'name_fi' || id === 'retention_days'}
      type={extra.type}
      multiline={extra.multiline}
      inputMode={extra.type === 'number' ? 'numeric' : undefined}
    />
  );
  const errorCount = Object.keys(view.errors).length;
  return (
    <>
      <h1>{t.title}</h1>
      {view.saved ? (
        <div class="hds-notification hds-notification--success" role="status">
          <div class="hds-notification__content">
            <p>{t.saved}</p>
          </div>
        </div>
      ) : null}
      {errorCount > 0 ? (
        <div class="hds-notification hds-notification--error" role="alert">
          <div class="hds-notification__content">
            <p>{view.errors.form ?? t.errorHeading}</p>
          </div>
        </div>
      ) : null}
      {view.orgs.length > 1 ? (
        <form method="get" action={inLang(lang, '/staff/settings')} class="staff-form">
          <div class="staff-select">
            <label for="org">{t.organisation}</label>{' '}
            <select id="org" name="org">
              {view.orgs.map((o) => (
                <option value={o.id} selected={o.id === view.org.id}>
                  {pick(o.name, lang)}
                </option>
              ))}
            </select>{' '}
            <button type="submit" class="hds-button hds-button--secondary">
              <span class="hds-button__label">{t.show}</span>
            </button>
          </div>
        </form>
      ) : null}
      <h2>{pick(view.org.name, lang)}</h2>
      <form
        method="post"
        action={inLang(lang, `/staff/settings?org=${view.org.id}`)}
        class="staff-form"
        novalidate
      >
        <Csrf token={view.csrf} />
        <fieldset class="hds-fieldset staff-fieldset">
          <legend class="hds-fieldset-legend">{t.names}</legend>
          {field('name_fi')}
          {field('name_sv')}
          {field('name_en')}
        </fieldset>
        <fieldset class="hds-fieldset staff-fieldset">
          <legend class="hds-fieldset-legend">{t.descriptions}</legend>
          {field('description_fi', { multiline: true })}
          {field('description_sv', { multiline: true })}
          {field('description_en', { multiline: true })}
        </fieldset>
        <fieldset class="hds-fieldset staff-fieldset">
          <legend class="hds-fieldset-legend">{t.contact}</legend>
          {field('email', { type: 'email' })}
          {field('phone')}
          {field('website')}
        </fieldset>
        <fieldset class="hds-fieldset staff-fieldset">
          <legend class="hds-fieldset-legend">{t.rules}</legend>
          <div class="hds-checkbox">
            <input
              type="checkbox"
              class="hds-checkbox__input"
              id="requires_board_approval"
              name="requires_board_approval"
              value="yes"
              checked={view.form.requires_board_approval}
            />
            <label class="hds-checkbox__label" for="requires_board_approval">
              {t.board}
            </label>
          </div>
          {field('retention_days', { type: 'number' })}
          {field('low_attendance_min_present', { type: 'number' })}
          {field('low_attendance_consecutive', { type: 'number' })}
        </fieldset>
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.save}</span>
          </button>
        </p>
      </form>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string | undefined>;
}>;

const administered = (actor: Actor) =>
  [...actor.roles.keys()].filter((id) => can(actor, 'organisation.update', id));

export function settingsRoutes(staff: App, deps: Deps, kit: Kit): void {
  const render = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    orgId: string | undefined,
    extra: { form?: SettingsForm; errors?: SettingsErrors; saved?: boolean; status?: number } = {},
  ) => {
    const t = TEXTS[lang];
    const orgIds = administered(who.actor);
    const notice = (
      <div class="hds-notification hds-notification--error" role="alert">
        <div class="hds-notification__content">
          <p>{t.none}</p>
        </div>
      </div>
    );
    if (orgIds.length === 0) return kit.page(reply, lang, t.title, '/settings', notice, { who, status: 403 });
    if (orgId && !orgIds.includes(orgId)) return sendNotFound(reply, lang, '/staff/settings', deps.publicUrl);
    const view = await inTx(deps, who.actor, async (tx) => {
      const orgs = await organisationNames(tx, orgIds);
      const id = orgs.find((o) => o.id === orgId)?.id ?? orgs[0]!.id;
      const row = await getOrganisation(tx, id);
      return { orgs, org: { id: row.id, name: row.name }, form: extra.form ?? formOf(row) };
    });
    return kit.page(
      reply,
      lang,
      t.title,
      `/settings?org=${view.org.id}`,
      <SettingsPage
        lang={lang}
        view={{ ...view, errors: extra.errors ?? {}, csrf: who.csrf, saved: extra.saved }}
      />,
      { who, status: extra.status },
    );
  };

  const orgOf = (request: Req) => {
    const org = request.query.org;
    return typeof org === 'string' && /^[0-9a-f-]{36}$/i.test(org) ? org : undefined;
  };

  staff.get('/:lang/staff/settings', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    return render(reply, lang, who, orgOf(request), { saved: request.query.done === 'saved' });
  });

  staff.post('/:lang/staff/settings', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/settings');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const orgId = orgOf(request);
    if (!orgId || !administered(who.actor).includes(orgId))
      return render(reply, lang, who, orgId, { status: 403 });
    const form = readForm(request.body);
    const { input, errors } = checkForm(form, lang);
    if (!input) return render(reply, lang, who, orgId, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => updateOrganisation(tx, who.actor, orgId, input));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const mapped: SettingsErrors = { form: TEXTS[lang].errors.forbidden };
      return render(reply, lang, who, orgId, { form, errors: mapped, status: error.status });
    }
    return reply.redirect(`/${lang}/staff/settings?org=${orgId}&done=saved`, 303);
  });
}
