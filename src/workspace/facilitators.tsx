/**
 * The organisation's facilitators in the staff workspace: volunteer or paid, peer or
 * professional, with the trainings they have completed (district facilitator training,
 * method trainings such as Kasvokkain) and until when each is valid. Coordinators add and
 * edit facilitators and record trainings; everyone else in the organisation reads.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import { formatDate, helsinkiToday } from '../shared/time.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import * as repo from '../facilitation/repository.ts';
import {
  createFacilitator,
  getFacilitator,
  presentFacilitator,
  recordTraining,
  updateFacilitator,
} from '../facilitation/service.ts';
import { isLang, MESSAGES, pick, type Lang } from '../web/i18n.ts';
import { sendNotFound } from '../web/send.tsx';
import { organisationNames } from './repository.ts';
import { listMembers } from '../organisations/repository.ts';
import type { Tx } from '../db/database.ts';
import { GROUP_LANGUAGES } from './forms.ts';
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
  orgChoice,
  Select,
  staffPath,
  str,
  ticked,
  validDate,
  type Body,
  type Errors,
  type Kit,
  type Who,
} from './admin-ui.tsx';
import { PROFESSIONS, PROFESSION_NAMES } from '../facilitation/professions.ts';

export { PROFESSIONS };
type Profession = (typeof PROFESSIONS)[number];

interface Texts {
  title: string;
  intro: string;
  organisation: string;
  empty: string;
  columns: { name: string; kind: string; trainings: string; languages: string };
  kinds: { peer: string; professional: string };
  engagements: { volunteer: string; paid: string };
  professions: Record<Profession, string>;
  noTrainings: string;
  validUntil: (date: string) => string;
  noExpiry: string;
  expired: string;
  completed: (date: string) => string;
  edit: (name: string) => string;
  add: string;
  editTitle: (name: string) => string;
  back: string;
  fields: {
    display_name: string;
    kind: string;
    engagement: string;
    profession: string;
    noProfession: string;
    languages: string;
    name_public: string;
    account: string;
    noAccount: string;
    accountHint: string;
    save: string;
    create: string;
  };
  training: {
    heading: string;
    training: string;
    completed_on: string;
    valid_until: string;
    validHint: string;
    submit: string;
  };
  errors: {
    name: string;
    choose: string;
    languages: string;
    date: string;
    dateRequired: string;
    validBefore: string;
    training: string;
    already: string;
    forbidden: string;
    other: string;
  };
  done: { added: string; saved: string; trained: string };
  readOnly: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Ohjaajat',
    intro: 'Organisaation vapaaehtoiset ja palkatut ohjaajat ja heidän koulutuksensa.',
    organisation: 'Organisaatio',
    empty: 'Organisaatiolla ei ole vielä ohjaajia.',
    columns: { name: 'Nimi', kind: 'Ohjaajana', trainings: 'Koulutukset', languages: 'Kielet' },
    kinds: { peer: 'Vertaisohjaaja', professional: 'Ammattilainen' },
    engagements: { volunteer: 'vapaaehtoinen', paid: 'palkattu' },
    professions: PROFESSION_NAMES.fi,
    noTrainings: 'Ei kirjattuja koulutuksia.',
    validUntil: (d) => `voimassa ${d} asti`,
    noExpiry: 'voimassa toistaiseksi',
    expired: 'Vanhentunut',
    completed: (d) => `suoritettu ${d}`,
    edit: (n) => `Muokkaa: ${n}`,
    add: 'Lisää ohjaaja',
    editTitle: (n) => `Ohjaaja: ${n}`,
    back: 'Takaisin ohjaajiin',
    fields: {
      display_name: 'Nimi',
      kind: 'Ohjaajan tyyppi',
      engagement: 'Toimii',
      profession: 'Ammatti',
      noProfession: 'Ei ammattia / ei kerrota',
      languages: 'Kielet, joilla ohjaa',
      name_public: 'Nimen saa näyttää ryhmän julkisella sivulla',
      account: 'Käyttäjätunnus työtilassa (valinnainen)',
      noAccount: 'Ei käyttäjätunnusta',
      accountHint:
        'Ohjaaja näkee omat ryhmänsä ja kirjaa läsnäolot työtilassa. Kutsu hänet ensin Henkilöt-sivulla.',
      save: 'Tallenna',
      create: 'Lisää ohjaaja',
    },
    training: {
      heading: 'Kirjaa koulutus',
      training: 'Koulutus',
      completed_on: 'Suorituspäivä',
      valid_until: 'Voimassa asti',
      validHint: 'Jätä tyhjäksi, niin voimassaolo lasketaan koulutuksen oman keston mukaan.',
      submit: 'Kirjaa koulutus',
    },
    errors: {
      name: 'Kirjoita ohjaajan nimi.',
      choose: 'Valitse yksi vaihtoehdoista.',
      languages: 'Valitse vähintään yksi kieli.',
      date: 'Anna päivämäärä muodossa VVVV-KK-PP.',
      dateRequired: 'Anna suorituspäivä.',
      validBefore: 'Voimassaolo ei voi päättyä ennen suorituspäivää.',
      training: 'Valitse koulutus.',
      already: 'Tämä koulutus on jo kirjattu tälle päivälle.',
      forbidden: 'Vain koordinaattori voi muuttaa ohjaajien tietoja.',
      other: 'Tallennus ei onnistunut. Tarkista tiedot.',
    },
    done: {
      added: 'Ohjaaja lisättiin.',
      saved: 'Muutokset tallennettiin.',
      trained: 'Koulutus kirjattiin.',
    },
    readOnly: 'Voit katsoa tietoja. Vain koordinaattori voi muuttaa niitä.',
  },
  sv: {
    title: 'Ledare',
    intro: 'Organisationens frivilliga och avlönade ledare och deras utbildningar.',
    organisation: 'Organisation',
    empty: 'Organisationen har ännu inga ledare.',
    columns: { name: 'Namn', kind: 'Som ledare', trainings: 'Utbildningar', languages: 'Språk' },
    kinds: { peer: 'Kamratledare', professional: 'Yrkesperson' },
    engagements: { volunteer: 'frivillig', paid: 'avlönad' },
    professions: PROFESSION_NAMES.sv,
    noTrainings: 'Inga registrerade utbildningar.',
    validUntil: (d) => `giltig till ${d}`,
    noExpiry: 'giltig tills vidare',
    expired: 'Har gått ut',
    completed: (d) => `avlagd ${d}`,
    edit: (n) => `Redigera: ${n}`,
    add: 'Lägg till en ledare',
    editTitle: (n) => `Ledare: ${n}`,
    back: 'Tillbaka till ledarna',
    fields: {
      display_name: 'Namn',
      kind: 'Typ av ledare',
      engagement: 'Verkar som',
      profession: 'Yrke',
      noProfession: 'Inget yrke / anges inte',
      languages: 'Språk som ledaren leder på',
      name_public: 'Namnet får visas på gruppens offentliga sida',
      account: 'Användarkonto i arbetsytan (valfritt)',
      noAccount: 'Inget användarkonto',
      accountHint:
        'Ledaren ser sina grupper och för närvaro i arbetsytan. Bjud först in hen på sidan Personer.',
      save: 'Spara',
      create: 'Lägg till ledaren',
    },
    training: {
      heading: 'Registrera en utbildning',
      training: 'Utbildning',
      completed_on: 'Avlagd den',
      valid_until: 'Giltig till',
      validHint: 'Lämna tomt så räknas giltigheten enligt utbildningens egen längd.',
      submit: 'Registrera utbildningen',
    },
    errors: {
      name: 'Skriv ledarens namn.',
      choose: 'Välj ett av alternativen.',
      languages: 'Välj minst ett språk.',
      date: 'Ange datumet i formen ÅÅÅÅ-MM-DD.',
      dateRequired: 'Ange dagen utbildningen avlades.',
      validBefore: 'Giltigheten kan inte sluta före dagen utbildningen avlades.',
      training: 'Välj en utbildning.',
      already: 'Den här utbildningen är redan registrerad för den dagen.',
      forbidden: 'Bara en koordinator kan ändra ledarnas uppgifter.',
      other: 'Det gick inte att spara. Kontrollera uppgifterna.',
    },
    done: {
      added: 'Ledaren lades till.',
      saved: 'Ändringarna sparades.',
      trained: 'Utbildningen registrerades.',
    },
    readOnly: 'Du kan se uppgifterna. Bara en koordinator kan ändra dem.',
  },
  en: {
    title: 'Facilitators',
    intro: "The organisation's volunteer and paid facilitators and their trainings.",
    organisation: 'Organisation',
    empty: 'The organisation has no facilitators yet.',
    columns: { name: 'Name', kind: 'Facilitates as', trainings: 'Trainings', languages: 'Languages' },
    kinds: { peer: 'Peer facilitator', professional: 'Professional' },
    engagements: { volunteer: 'volunteer', paid: 'paid' },
    professions: PROFESSION_NAMES.en,
    noTrainings: 'No trainings recorded.',
    validUntil: (d) => `valid until ${d}`,
    noExpiry: 'valid with no end date',
    expired: 'Expired',
    completed: (d) => `completed ${d}`,
    edit: (n) => `Edit: ${n}`,
    add: 'Add a facilitator',
    editTitle: (n) => `Facilitator: ${n}`,
    back: 'Back to facilitators',
    fields: {
      display_name: 'Name',
      kind: 'Kind of facilitator',
      engagement: 'Works as',
      profession: 'Profession',
      noProfession: 'No profession / not given',
      languages: 'Languages they facilitate in',
      name_public: "The name may be shown on the group's public page",
      account: 'Workspace account (optional)',
      noAccount: 'No account',
      accountHint:
        'The facilitator sees their own groups and marks attendance in the workspace. Invite them on the People page first.',
      save: 'Save',
      create: 'Add the facilitator',
    },
    training: {
      heading: 'Record a training',
      training: 'Training',
      completed_on: 'Completed on',
      valid_until: 'Valid until',
      validHint: "Leave empty to count the validity from the training's own length.",
      submit: 'Record the training',
    },
    errors: {
      name: "Write the facilitator's name.",
      choose: 'Choose one of the options.',
      languages: 'Choose at least one language.',
      date: 'Give the date as YYYY-MM-DD.',
      dateRequired: 'Give the day the training was completed.',
      validBefore: 'Validity cannot end before the training was completed.',
      training: 'Choose a training.',
      already: 'This training is already recorded for that day.',
      forbidden: 'Only a coordinator can change facilitators.',
      other: 'Saving did not succeed. Check the details.',
    },
    done: {
      added: 'The facilitator was added.',
      saved: 'The changes were saved.',
      trained: 'The training was recorded.',
    },
    readOnly: 'You can read the details. Only a coordinator can change them.',
  },
};

export const facilitatorTexts = (lang: Lang) => TEXTS[lang];

type Presented = Awaited<ReturnType<typeof presentFacilitator>>;

/** Each member of the organisation once, by name and email. */
async function accountsOf(tx: Tx, orgId: string): Promise<Account[]> {
  const seen = new Map<string, Account>();
  for (const m of await listMembers(tx, orgId))
    if (!seen.has(m.user_id))
      seen.set(m.user_id, { user_id: m.user_id, label: `${m.display_name} (${m.email})` });
  return [...seen.values()];
}

interface FacilitatorForm {
  display_name: string;
  kind: string;
  engagement: string;
  profession: string;
  languages: string[];
  name_public: boolean;
  /** the staff account of the facilitator, one of the organisation's members */
  user_id: string;
}
type FacilitatorErrors = Errors<
  'display_name' | 'kind' | 'engagement' | 'profession' | 'languages' | 'user_id'
>;
/** The organisation's staff accounts a facilitator record can be linked to. */
type Account = { user_id: string; label: string };

interface TrainingForm {
  training: string;
  completed_on: string;
  valid_until: string;
}
type TrainingErrors = Errors<'training' | 'completed_on' | 'valid_until'>;

const emptyForm = (): FacilitatorForm => ({
  display_name: '',
  kind: 'peer',
  engagement: 'volunteer',
  profession: '',
  languages: ['fi'],
  name_public: false,
  user_id: '',
});

function readForm(body: Body): FacilitatorForm {
  return {
    display_name: str(body, 'display_name', 300).trim(),
    kind: str(body, 'kind', 50),
    engagement: str(body, 'engagement', 50),
    profession: str(body, 'profession', 50),
    languages: ticked(body, 'languages', GROUP_LANGUAGES),
    name_public: str(body, 'name_public') !== '',
    user_id: str(body, 'user_id', 100),
  };
}

function checkForm(
  form: FacilitatorForm,
  lang: Lang,
): { errors: FacilitatorErrors; input: repo.FacilitatorWrite | null } {
  const t = TEXTS[lang].errors;
  const errors: FacilitatorErrors = {};
  if (!form.display_name || form.display_name.length > 200) errors.display_name = t.name;
  if (form.kind !== 'peer' && form.kind !== 'professional') errors.kind = t.choose;
  if (form.engagement !== 'volunteer' && form.engagement !== 'paid') errors.engagement = t.choose;
  if (form.profession && !(PROFESSIONS as readonly string[]).includes(form.profession))
    errors.profession = t.choose;
  if (form.languages.length === 0) errors.languages = t.languages;
  if (form.user_id && !isUuid(form.user_id)) errors.user_id = t.choose;
  if (Object.keys(errors).length) return { errors, input: null };
  return {
    errors,
    input: {
      display_name: form.display_name,
      kind: form.kind as 'peer' | 'professional',
      engagement: form.engagement as 'volunteer' | 'paid',
      profession: form.profession || null,
      languages: form.languages,
      name_public: form.name_public,
      user_id: form.user_id || null,
    },
  };
}

function FacilitatorFields({
  lang,
  form,
  errors,
  accounts,
}: {
  lang: Lang;
  form: FacilitatorForm;
  errors: FacilitatorErrors;
  accounts: Account[];
}) {
  const t = TEXTS[lang];
  const f = t.fields;
  return (
    <>
      <Field
        id="display_name"
        label={f.display_name}
        value={form.display_name}
        error={errors.display_name}
        required
      />
      <Choices
        name="kind"
        type="radio"
        legend={f.kind}
        values={[form.kind]}
        options={(['peer', 'professional'] as const).map((k) => ({ value: k, label: t.kinds[k] }))}
        error={errors.kind}
      />
      <Choices
        name="engagement"
        type="radio"
        legend={f.engagement}
        values={[form.engagement]}
        options={(['volunteer', 'paid'] as const).map((k) => ({ value: k, label: t.engagements[k] }))}
        error={errors.engagement}
      />
      <Select
        id="profession"
        label={f.profession}
        value={form.profession}
        options={[
          { value: '', label: f.noProfession },
          ...PROFESSIONS.map((p) => ({ value: p, label: t.professions[p] })),
        ]}
        error={errors.profession}
      />
      <Choices
        name="languages"
        type="checkbox"
        legend={f.languages}
        values={form.languages}
        options={GROUP_LANGUAGES.map((l) => ({ value: l, label: MESSAGES[lang].languageNames[l] ?? l }))}
        error={errors.languages}
      />
      <Checkbox id="name_public" label={f.name_public} checked={form.name_public} />
      <Select
        id="user_id"
        label={f.account}
        hint={f.accountHint}
        value={form.user_id}
        options={[
          { value: '', label: f.noAccount },
          ...accounts.map((a) => ({ value: a.user_id, label: a.label })),
        ]}
        error={errors.user_id}
      />
    </>
  );
}

export function TrainingList({ lang, trainings }: { lang: Lang; trainings: Presented['trainings'] }) {
  const t = TEXTS[lang];
  if (trainings.length === 0) return <span class="muted">{t.noTrainings}</span>;
  return (
    <ul class="trainings">
      {trainings.map((r) => (
        <li class={r.valid ? undefined : 'training--expired'}>
          {!r.valid ? <strong>{t.expired}: </strong> : null}
          {pick(r.training_name, lang)} ({t.completed(formatDate(r.completed_on, lang))},{' '}
          {r.valid_until ? t.validUntil(formatDate(r.valid_until, lang)) : t.noExpiry})
        </li>
      ))}
    </ul>
  );
}

const kindLine = (lang: Lang, f: Presented) => {
  const t = TEXTS[lang];
  return [
    t.kinds[f.kind],
    t.engagements[f.engagement],
    f.profession ? t.professions[f.profession as Profession] : null,
  ]
    .filter(Boolean)
    .join(', ');
};

interface ListView {
  orgs: { id: string; name: LocalizedText }[];
  org: string;
  facilitators: Presented[];
  manage: boolean;
  csrf: string;
  done?: string;
  form: FacilitatorForm;
  errors: FacilitatorErrors;
  accounts: Account[];
}

function ListPage({ lang, view }: { lang: Lang; view: ListView }) {
  const t = TEXTS[lang];
  const orgName = view.orgs.find((o) => o.id === view.org)?.name;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang)}>{BACK[lang]}</a>
      </p>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {view.orgs.length > 1 ? (
        <nav aria-label={t.organisation}>
          <ul class="staff-list">
            {view.orgs.map((o) => (
              <li>
                <a
                  href={staffPath(lang, `/facilitators?org=${o.id}`)}
                  aria-current={o.id === view.org ? 'page' : undefined}
                >
                  {pick(o.name, lang)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {orgName ? <h2>{pick(orgName, lang)}</h2> : null}
      {view.done ? <Notice text={view.done} /> : null}
      {!view.manage ? <p class="muted">{t.readOnly}</p> : null}
      {view.facilitators.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div class="table-scroll" tabIndex={0}>
          <table class="hds-table facilitators">
            <thead>
              <tr>
                <th scope="col">{t.columns.name}</th>
                <th scope="col">{t.columns.kind}</th>
                <th scope="col">{t.columns.languages}</th>
                <th scope="col">{t.columns.trainings}</th>
              </tr>
            </thead>
            <tbody>
              {view.facilitators.map((f) => (
                <tr>
                  <th scope="row">
                    <a href={staffPath(lang, `/facilitators/${f.id}`)}>{f.display_name}</a>
                  </th>
                  <td>{kindLine(lang, f)}</td>
                  <td>{f.languages.map((l) => MESSAGES[lang].languageNames[l] ?? l).join(', ')}</td>
                  <td>
                    <TrainingList lang={lang} trainings={f.trainings} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.manage ? (
        <section aria-labelledby="add-facilitator">
          <h2 id="add-facilitator">{t.add}</h2>
          {view.errors.form ? <ErrorBox text={view.errors.form} /> : null}
          <form method="post" action={staffPath(lang, '/facilitators')} novalidate>
            <Csrf token={view.csrf} />
            <input type="hidden" name="org" value={view.org} />
            <FacilitatorFields lang={lang} form={view.form} errors={view.errors} accounts={view.accounts} />
            <p>
              <Button>{t.fields.create}</Button>
            </p>
          </form>
        </section>
      ) : null}
    </>
  );
}

interface EditView {
  facilitator: Presented;
  trainings: repo.TrainingRow[];
  manage: boolean;
  csrf: string;
  done?: string;
  form: FacilitatorForm;
  errors: FacilitatorErrors;
  accounts: Account[];
  training: TrainingForm;
  trainingErrors: TrainingErrors;
}

function EditPage({ lang, view }: { lang: Lang; view: EditView }) {
  const t = TEXTS[lang];
  const f = view.facilitator;
  const base = `/facilitators/${f.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/facilitators?org=${f.organization_id}`)}>{t.back}</a>
      </p>
      <h1>{t.editTitle(f.display_name)}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      <p>{kindLine(lang, f)}</p>
      <h2>{t.columns.trainings}</h2>
      <TrainingList lang={lang} trainings={f.trainings} />
      {view.manage ? (
        <>
          <section aria-labelledby="record-training">
            <h2 id="record-training">{t.training.heading}</h2>
            {view.trainingErrors.form ? <ErrorBox text={view.trainingErrors.form} /> : null}
            <form method="post" action={staffPath(lang, `${base}/trainings`)} novalidate>
              <Csrf token={view.csrf} />
              <Select
                id="training"
                label={t.training.training}
                value={view.training.training}
                options={[
                  { value: '', label: '—' },
                  ...view.trainings.map((x) => ({ value: x.id, label: pick(x.name, lang) })),
                ]}
                error={view.trainingErrors.training}
              />
              <Field
                id="completed_on"
                label={t.training.completed_on}
                type="date"
                value={view.training.completed_on}
                error={view.trainingErrors.completed_on}
                required
              />
              <Field
                id="valid_until"
                label={t.training.valid_until}
                type="date"
                hint={t.training.validHint}
                value={view.training.valid_until}
                error={view.trainingErrors.valid_until}
              />
              <p>
                <Button>{t.training.submit}</Button>
              </p>
            </form>
          </section>
          <section aria-labelledby="edit-facilitator">
            <h2 id="edit-facilitator">{t.edit(f.display_name)}</h2>
            {view.errors.form ? <ErrorBox text={view.errors.form} /> : null}
            <form method="post" action={staffPath(lang, base)} novalidate>
              <Csrf token={view.csrf} />
              <FacilitatorFields lang={lang} form={view.form} errors={view.errors} accounts={view.accounts} />
              <p>
                <Button>{t.fields.save}</Button>
              </p>
            </form>
          </section>
        </>
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

type Req = FastifyRequest<{
  Params: { lang: string; id?: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;

export function facilitatorRoutes(staff: App, deps: Deps, kit: Kit): void {
  const listPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    wanted: string | undefined,
    extra: { done?: string; form?: FacilitatorForm; errors?: FacilitatorErrors; status?: number } = {},
  ) => {
    const { ids, chosen } = orgChoice(who.actor, wanted);
    const t = TEXTS[lang];
    if (!chosen) return forbiddenReply(kit, reply, lang, '/facilitators', who, t.errors.forbidden);
    const today = helsinkiToday(deps.clock());
    const view = await inTx(deps, who.actor, async (tx): Promise<ListView> => {
      const rows = await repo.listFacilitators(tx, chosen);
      const facilitators = [];
      for (const r of rows) facilitators.push(await presentFacilitator(tx, r, today));
      return {
        orgs: await organisationNames(tx, ids),
        org: chosen,
        facilitators,
        manage: can(who.actor, 'catalogue.manage', chosen),
        csrf: who.csrf,
        done: extra.done,
        form: extra.form ?? emptyForm(),
        errors: extra.errors ?? {},
        accounts: await accountsOf(tx, chosen),
      };
    });
    return kit.page(reply, lang, t.title, '/facilitators', <ListPage lang={lang} view={view} />, {
      who,
      status: extra.status,
    });
  };

  staff.get('/:lang/staff/facilitators', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const d = request.query.done;
    return listPage(reply, lang, who, request.query.org, {
      done: d === 'added' ? TEXTS[lang].done.added : undefined,
    });
  });

  staff.post('/:lang/staff/facilitators', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/facilitators');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = TEXTS[lang];
    const org = str(request.body, 'org', 100);
    if (!isUuid(org) || !can(who.actor, 'catalogue.manage', org))
      return forbiddenReply(kit, reply, lang, '/facilitators', who, t.errors.forbidden);
    const form = readForm(request.body);
    const { errors, input } = checkForm(form, lang);
    if (!input) return listPage(reply, lang, who, org, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => createFacilitator(tx, who.actor, org, input));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return listPage(reply, lang, who, org, {
        form,
        errors:
          error.code === 'unknown-user'
            ? { user_id: t.errors.choose }
            : { form: error.status === 403 ? t.errors.forbidden : t.errors.other },
        status: error.status,
      });
    }
    return reply.redirect(`/${lang}/staff/facilitators?org=${org}&done=added`, 303);
  });

  const editPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    id: string,
    extra: {
      done?: string;
      form?: FacilitatorForm;
      errors?: FacilitatorErrors;
      training?: TrainingForm;
      trainingErrors?: TrainingErrors;
      status?: number;
    } = {},
  ) => {
    const path = `/facilitators/${id}`;
    const today = helsinkiToday(deps.clock());
    const view = await inTx(deps, who.actor, async (tx): Promise<EditView | null> => {
      let row;
      try {
        row = await getFacilitator(tx, who.actor, id);
      } catch (error) {
        if (error instanceof AppError && (error.status === 404 || error.status === 403)) return null;
        throw error;
      }
      const facilitator = await presentFacilitator(tx, row, today);
      const trainings = (await repo.listTrainings(tx)).filter(
        (x) => x.org_id === null || x.org_id === row.org_id,
      );
      return {
        facilitator,
        trainings,
        manage: can(who.actor, 'catalogue.manage', row.org_id),
        csrf: who.csrf,
        done: extra.done,
        form: extra.form ?? {
          display_name: row.display_name,
          kind: row.kind,
          engagement: row.engagement,
          profession: row.profession ?? '',
          languages: row.languages,
          name_public: row.name_public,
          user_id: row.user_id ?? '',
        },
        errors: extra.errors ?? {},
        accounts: await accountsOf(tx, row.org_id),
        training: extra.training ?? { training: '', completed_on: '', valid_until: '' },
        trainingErrors: extra.trainingErrors ?? {},
      };
    });
    // Another organisation's facilitator is not found, not refused: its existence is not told.
    if (!view) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
    return kit.page(
      reply,
      lang,
      TEXTS[lang].editTitle(view.facilitator.display_name),
      path,
      <EditPage lang={lang} view={view} />,
      {
        who,
        status: extra.status,
      },
    );
  };

  staff.get('/:lang/staff/facilitators/:id', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, id } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const d = request.query.done;
    const t = TEXTS[lang].done;
    return editPage(reply, lang, who, id!, { done: d === 'saved' || d === 'trained' ? t[d] : undefined });
  });

  /** The facilitator this coordinator may change, or null with the answer already sent. */
  const changeable = async (reply: FastifyReply, lang: Lang, who: Who, id: string) => {
    const row = await inTx(deps, who.actor, async (tx) => (isUuid(id) ? repo.findFacilitator(tx, id) : null));
    if (!row) {
      await sendNotFound(reply, lang, `/staff/facilitators/${id}`, deps.publicUrl);
      return null;
    }
    if (!can(who.actor, 'catalogue.manage', row.org_id)) {
      await forbiddenReply(kit, reply, lang, `/facilitators/${id}`, who, TEXTS[lang].errors.forbidden);
      return null;
    }
    return row;
  };

  staff.post('/:lang/staff/facilitators/:id', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, id } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, `/facilitators/${id}`);
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const row = await changeable(reply, lang, who, id!);
    if (!row) return reply;
    const form = readForm(request.body);
    const { errors, input } = checkForm(form, lang);
    if (!input) return editPage(reply, lang, who, row.id, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => updateFacilitator(tx, who.actor, row.id, input));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'unknown-user') throw error;
      const errors = { user_id: TEXTS[lang].errors.choose };
      return editPage(reply, lang, who, row.id, { form, errors, status: 422 });
    }
    return reply.redirect(`/${lang}/staff/facilitators/${row.id}?done=saved`, 303);
  });

  staff.post(
    '/:lang/staff/facilitators/:id/trainings',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, `/facilitators/${id}`);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const row = await changeable(reply, lang, who, id!);
      if (!row) return reply;
      const t = TEXTS[lang].errors;
      const training: TrainingForm = {
        training: str(request.body, 'training', 100),
        completed_on: str(request.body, 'completed_on', 20).trim(),
        valid_until: str(request.body, 'valid_until', 20).trim(),
      };
      const errors: TrainingErrors = {};
      if (!isUuid(training.training)) errors.training = t.training;
      if (!training.completed_on) errors.completed_on = t.dateRequired;
      else if (!validDate(training.completed_on)) errors.completed_on = t.date;
      if (training.valid_until && !validDate(training.valid_until)) errors.valid_until = t.date;
      else if (training.valid_until && !errors.completed_on && training.valid_until < training.completed_on)
        errors.valid_until = t.validBefore;
      if (Object.keys(errors).length)
        return editPage(reply, lang, who, row.id, { training, trainingErrors: errors, status: 422 });
      try {
        await inTx(deps, who.actor, async (tx) => {
          const known = (await repo.listTrainings(tx)).find(
            (x) => x.id === training.training && (x.org_id === null || x.org_id === row.org_id),
          );
          if (!known)
            throw new AppError(422, 'unknown-training', 'No such training.', [
              { in: 'body', field: 'training', message: 'unknown' },
            ]);
          await recordTraining(tx, who.actor, row.id, {
            training: training.training,
            completed_on: training.completed_on,
            ...(training.valid_until ? { valid_until: training.valid_until } : {}),
          });
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === '23505')
          return editPage(reply, lang, who, row.id, {
            training,
            trainingErrors: { completed_on: t.already },
            status: 409,
          });
        if (!(error instanceof AppError)) throw error;
        const field = error.errors[0]?.field;
        const trainingErrors: TrainingErrors =
          field === 'training'
            ? { training: t.training }
            : field === 'valid_until'
              ? { valid_until: t.validBefore }
              : { form: t.other };
        return editPage(reply, lang, who, row.id, { training, trainingErrors, status: error.status });
      }
      return reply.redirect(`/${lang}/staff/facilitators/${row.id}?done=trained`, 303);
    },
  );
}
