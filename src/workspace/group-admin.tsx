/**
 * Running a group in the staff workspace: who facilitates it and in which role (and which
 * required training each of them lacks, before publishing is tried), what it costs and
 * with which partners it is run, its low-attendance rule, and the warnings on the start
 * page (low attendance, listings whose details need confirming). Coordinators change;
 * everyone else in the organisation reads.
 */
import { COST_CATEGORY_NAMES } from '../groups/costs.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { formatDate, formatEuros, helsinkiToday } from '../shared/time.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import {
  accessToGroup,
  getGroup,
  setFacilitators,
  setGroupPartners,
  type FacilitatorAssignment,
} from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import { addCost, COST_CATEGORIES, listCosts, removeCost, type CostCategory } from '../groups/costs.ts';
import { confirmListing, freshnessOf, staleGroups } from '../groups/freshness.ts';
import * as facilitation from '../facilitation/repository.ts';
import { missingTrainings, presentFacilitator } from '../facilitation/service.ts';
import { insertPartner, listPartners } from '../organisations/repository.ts';
import { PARTNER_KINDS } from '../organisations/service.ts';
import { findWarning, orgWarnings as lowAttendanceWarnings } from '../attendance/repository.ts';
import { effectiveRule, setLowAttendanceRule, type RuleInput } from '../attendance/service.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { sendNotFound } from '../web/send.tsx';
import { validCsrf } from './security.ts';
import { Field } from '../web/fields.tsx';
import { facilitatorTexts } from './facilitators.tsx';
import { auditLinkText } from './audit.tsx';
import { REPORT_TEXTS } from './reports/texts.ts';
import { tokensLinkText } from './tokens.tsx';
import { venueTexts } from './venues.tsx';
import {
  Button,
  Choices,
  Csrf,
  ErrorBox,
  forbiddenReply,
  Notice,
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

const ROLES = ['lead', 'co_facilitator', 'convener'] as const;
type PartnerKind = (typeof PARTNER_KINDS)[number];

interface Texts {
  links: { facilitators: string; costs: string };
  back: string;
  readOnly: string;
  forbidden: string;
  facilitators: {
    title: (group: string) => string;
    intro: string;
    required: (training: string) => string;
    noneRequired: string;
    lacking: string;
    lacks: (name: string, training: string) => string;
    missing: (training: string) => string;
    allTrained: string;
    empty: string;
    manage: string;
    column: { name: string; kind: string; trainings: string; role: string };
    roles: Record<(typeof ROLES)[number] | 'none', string>;
    roleOf: (name: string) => string;
    noRequired: string;
    save: string;
    saved: string;
    errors: { lead: string; other: string };
  };
  costs: {
    title: (group: string) => string;
    heading: string;
    empty: string;
    column: { date: string; category: string; note: string; amount: string; actions: string };
    categories: Record<CostCategory, string>;
    total: string;
    byCategory: string;
    remove: (what: string) => string;
    add: string;
    category: string;
    amount: string;
    amountHint: string;
    date: string;
    dateHint: string;
    note: string;
    submit: string;
    added: string;
    removed: string;
    errors: { category: string; amount: string; date: string; note: string };
  };
  partners: {
    heading: string;
    intro: string;
    none: string;
    choose: string;
    save: string;
    saved: string;
    addHeading: string;
    name_fi: string;
    name_sv: string;
    name_en: string;
    kind: string;
    website: string;
    submit: string;
    added: string;
    kinds: Record<PartnerKind, string>;
    errors: { name: string; kind: string; website: string; tooLong: string };
  };
  rule: {
    heading: string;
    title: (group: string) => string;
    intro: string;
    legend: string;
    organisation: (rule: { min_present: number; consecutive_sessions: number } | null) => string;
    off: string;
    custom: string;
    min_present: string;
    consecutive_sessions: string;
    save: string;
    saved: string;
    warning: (sessions: number, min: number, since: string) => string;
    errors: { number: (max: number) => string; choose: string };
  };
  warnings: {
    heading: string;
    none: string;
    low: (sessions: number, min: number, since: string) => string;
    suspend: (group: string) => string;
    stale: (date: string | null) => string;
    confirm: (group: string) => string;
    confirmed: string;
  };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    links: { facilitators: 'Ohjaajat', costs: 'Kulut ja yhteistyökumppanit' },
    back: 'Takaisin ryhmään',
    readOnly: 'Voit katsoa tietoja. Vain koordinaattori voi muuttaa niitä.',
    forbidden: 'Vain koordinaattori voi muuttaa ryhmän ohjaajia, kuluja ja kumppaneita.',
    facilitators: {
      title: (g) => `Ohjaajat: ${g}`,
      intro:
        'Valitse, kuka ohjaa ryhmää ja missä roolissa. Pariohjauksessa ryhmällä on kaksi ohjaajaa, esimerkiksi terveydenhoitaja ja vertaisohjaaja.',
      required: (t) => `Ryhmän ohjelma vaatii ohjaajilta koulutuksen: ${t}.`,
      noneRequired: 'Ryhmän ohjelma ei vaadi ohjaajilta erityistä koulutusta.',
      lacking: 'Ryhmää ei voi julkaista, ennen kuin jokaisella ohjaajalla on voimassa oleva koulutus:',
      lacks: (n, t) => `${n}: puuttuu ${t}`,
      missing: (t) => `Puuttuu: ${t}`,
      allTrained: 'Kaikilla ryhmän ohjaajilla on vaadittu koulutus.',
      empty: 'Organisaatiolla ei ole vielä ohjaajia.',
      manage: 'Lisää ja muokkaa ohjaajia',
      column: { name: 'Ohjaaja', kind: 'Ohjaajana', trainings: 'Koulutukset', role: 'Rooli tässä ryhmässä' },
      roles: {
        none: 'Ei ohjaa tätä ryhmää',
        lead: 'Vastuuohjaaja',
        co_facilitator: 'Pariohjaaja',
        convener: 'Koollekutsuja',
      },
      roleOf: (n) => `Rooli: ${n}`,
      noRequired: 'Ei vaadittua koulutusta',
      save: 'Tallenna ohjaajat',
      saved: 'Ryhmän ohjaajat tallennettiin.',
      errors: {
        lead: 'Valitse rooli jokaiselle ohjaajalle.',
        other: 'Ohjaajien tallennus ei onnistunut.',
      },
    },
    costs: {
      title: (g) => `Kulut ja kumppanit: ${g}`,
      heading: 'Kulut',
      empty: 'Ryhmälle ei ole kirjattu kuluja.',
      column: { date: 'Päivä', category: 'Laji', note: 'Selite', amount: 'Summa', actions: 'Toiminnot' },
      categories: COST_CATEGORY_NAMES.fi,
      total: 'Yhteensä',
      byCategory: 'Kulut lajeittain',
      remove: (w) => `Poista kulu: ${w}`,
      add: 'Kirjaa kulu',
      category: 'Laji',
      amount: 'Summa (euroa)',
      amountHint: 'Esimerkiksi 45 tai 12,50',
      date: 'Päivä',
      dateHint: 'VVVV-KK-PP; tyhjä tarkoittaa tätä päivää',
      note: 'Selite',
      submit: 'Kirjaa kulu',
      added: 'Kulu kirjattiin.',
      removed: 'Kulu poistettiin.',
      errors: {
        category: 'Valitse kulun laji.',
        amount: 'Anna summa euroina, esimerkiksi 12,50.',
        date: 'Anna päivämäärä muodossa VVVV-KK-PP.',
        note: 'Selite on liian pitkä (enintään 500 merkkiä).',
      },
    },
    partners: {
      heading: 'Yhteistyökumppanit',
      intro: 'Valitse organisaation kumppaneista ne, joiden kanssa ryhmä toteutetaan.',
      none: 'Organisaatiolla ei ole vielä kumppaneita. Lisää ensimmäinen alla.',
      choose: 'Ryhmän kumppanit',
      save: 'Tallenna kumppanit',
      saved: 'Ryhmän kumppanit tallennettiin.',
      addHeading: 'Lisää organisaatiolle kumppani',
      name_fi: 'Nimi suomeksi',
      name_sv: 'Nimi ruotsiksi',
      name_en: 'Nimi englanniksi',
      kind: 'Kumppanin tyyppi',
      website: 'Verkkosivu',
      submit: 'Lisää kumppani',
      added: 'Kumppani lisättiin organisaatiolle.',
      kinds: {
        municipality: 'Kunta',
        child_health_clinic: 'Neuvola',
        parish: 'Seurakunta',
        patient_organisation: 'Potilasjärjestö',
        martha_organisation: 'Marttayhdistys',
        adult_education_centre: 'Kansalaisopisto',
        pensioners_organisation: 'Eläkeläisjärjestö',
        association: 'Yhdistys',
        wellbeing_services_county: 'Hyvinvointialue',
        company: 'Yritys',
        other: 'Muu',
      },
      errors: {
        name: 'Kirjoita kumppanin nimi suomeksi.',
        kind: 'Valitse kumppanin tyyppi.',
        website: 'Anna verkkosivu muodossa https://…',
        tooLong: 'Nimi on liian pitkä (enintään 200 merkkiä).',
      },
    },
    rule: {
      heading: 'Vähäisen osallistumisen varoitus',
      title: (g) => `Vähäisen osallistumisen varoitus: ${g}`,
      intro:
        'Varoitus näkyy työtilan etusivulla, kun peräkkäisissä tapaamisissa on ollut liian vähän osallistujia.',
      legend: 'Milloin ryhmästä varoitetaan',
      organisation: (r) =>
        r
          ? `Organisaation sääntö: alle ${r.min_present} läsnä ${r.consecutive_sessions} kertaa peräkkäin`
          : 'Organisaation sääntö (organisaatiolla ei ole sääntöä)',
      off: 'Ei varoitusta tästä ryhmästä',
      custom: 'Ryhmän oma sääntö',
      min_present: 'Vähintään läsnä (ryhmän oma sääntö)',
      consecutive_sessions: 'Peräkkäisiä tapaamisia (ryhmän oma sääntö)',
      save: 'Tallenna sääntö',
      saved: 'Sääntö tallennettiin.',
      warning: (s, m, d) => `Varoitus: ${s} tapaamista peräkkäin alle ${m} läsnä, alkaen ${d}.`,
      errors: {
        number: (max) => `Anna kokonaisluku väliltä 1–${max}.`,
        choose: 'Valitse yksi vaihtoehdoista.',
      },
    },
    warnings: {
      heading: 'Varoitukset',
      none: 'Ei varoituksia.',
      low: (s, m, d) => `Vähän osallistujia: ${s} tapaamista peräkkäin alle ${m} läsnä (alkaen ${d}).`,
      suspend: (g) => `Keskeytä ryhmä ${g}`,
      stale: (d) =>
        d
          ? `Tiedot pitää vahvistaa: vanhentuneet ${d}.`
          : 'Tiedot pitää vahvistaa: niitä ei ole vahvistettu.',
      confirm: (g) => `Tiedot ovat ajan tasalla: ${g}`,
      confirmed: 'Ryhmän tiedot vahvistettiin ajantasaisiksi.',
    },
  },
  sv: {
    links: { facilitators: 'Ledare', costs: 'Kostnader och samarbetspartner' },
    back: 'Tillbaka till gruppen',
    readOnly: 'Du kan se uppgifterna. Bara en koordinator kan ändra dem.',
    forbidden: 'Bara en koordinator kan ändra gruppens ledare, kostnader och partner.',
    facilitators: {
      title: (g) => `Ledare: ${g}`,
      intro:
        'Välj vem som leder gruppen och i vilken roll. Vid parledning har gruppen två ledare, till exempel en hälsovårdare och en kamratledare.',
      required: (t) => `Gruppens program kräver att ledarna har utbildningen: ${t}.`,
      noneRequired: 'Gruppens program kräver ingen särskild utbildning av ledarna.',
      lacking: 'Gruppen kan inte publiceras förrän varje ledare har en giltig utbildning:',
      lacks: (n, t) => `${n}: saknar ${t}`,
      missing: (t) => `Saknar: ${t}`,
      allTrained: 'Alla gruppens ledare har den utbildning som krävs.',
      empty: 'Organisationen har ännu inga ledare.',
      manage: 'Lägg till och redigera ledare',
      column: {
        name: 'Ledare',
        kind: 'Som ledare',
        trainings: 'Utbildningar',
        role: 'Roll i den här gruppen',
      },
      roles: {
        none: 'Leder inte den här gruppen',
        lead: 'Ansvarig ledare',
        co_facilitator: 'Medledare',
        convener: 'Sammankallare',
      },
      roleOf: (n) => `Roll: ${n}`,
      noRequired: 'Ingen utbildning krävs',
      save: 'Spara ledarna',
      saved: 'Gruppens ledare sparades.',
      errors: {
        lead: 'Välj en roll för varje ledare.',
        other: 'Det gick inte att spara ledarna.',
      },
    },
    costs: {
      title: (g) => `Kostnader och partner: ${g}`,
      heading: 'Kostnader',
      empty: 'Inga kostnader har registrerats för gruppen.',
      column: { date: 'Dag', category: 'Slag', note: 'Förklaring', amount: 'Belopp', actions: 'Åtgärder' },
      categories: COST_CATEGORY_NAMES.sv,
      total: 'Totalt',
      byCategory: 'Kostnader per slag',
      remove: (w) => `Ta bort kostnaden: ${w}`,
      add: 'Registrera en kostnad',
      category: 'Slag',
      amount: 'Belopp (euro)',
      amountHint: 'Till exempel 45 eller 12,50',
      date: 'Dag',
      dateHint: 'ÅÅÅÅ-MM-DD; tomt betyder i dag',
      note: 'Förklaring',
      submit: 'Registrera kostnaden',
      added: 'Kostnaden registrerades.',
      removed: 'Kostnaden togs bort.',
      errors: {
        category: 'Välj kostnadens slag.',
        amount: 'Ange beloppet i euro, till exempel 12,50.',
        date: 'Ange datumet i formen ÅÅÅÅ-MM-DD.',
        note: 'Förklaringen är för lång (högst 500 tecken).',
      },
    },
    partners: {
      heading: 'Samarbetspartner',
      intro: 'Välj bland organisationens partner dem som gruppen genomförs tillsammans med.',
      none: 'Organisationen har ännu inga partner. Lägg till den första nedan.',
      choose: 'Gruppens partner',
      save: 'Spara partnerna',
      saved: 'Gruppens partner sparades.',
      addHeading: 'Lägg till en partner för organisationen',
      name_fi: 'Namn på finska',
      name_sv: 'Namn på svenska',
      name_en: 'Namn på engelska',
      kind: 'Typ av partner',
      website: 'Webbplats',
      submit: 'Lägg till partnern',
      added: 'Partnern lades till för organisationen.',
      kinds: {
        municipality: 'Kommun',
        child_health_clinic: 'Rådgivningsbyrå',
        parish: 'Församling',
        patient_organisation: 'Patientorganisation',
        martha_organisation: 'Marthaförening',
        adult_education_centre: 'Medborgarinstitut',
        pensioners_organisation: 'Pensionärsorganisation',
        association: 'Förening',
        wellbeing_services_county: 'Välfärdsområde',
        company: 'Företag',
        other: 'Annan',
      },
      errors: {
        name: 'Skriv partnerns namn på finska.',
        kind: 'Välj typ av partner.',
        website: 'Ange webbplatsen i formen https://…',
        tooLong: 'Namnet är för långt (högst 200 tecken).',
      },
    },
    rule: {
      heading: 'Varning för lågt deltagande',
      title: (g) => `Varning för lågt deltagande: ${g}`,
      intro: 'Varningen visas på arbetsytans startsida när det har varit för få deltagare på träffar i rad.',
      legend: 'När gruppen ger en varning',
      organisation: (r) =>
        r
          ? `Organisationens regel: färre än ${r.min_present} närvarande ${r.consecutive_sessions} gånger i rad`
          : 'Organisationens regel (organisationen har ingen regel)',
      off: 'Ingen varning för den här gruppen',
      custom: 'Gruppens egen regel',
      min_present: 'Minst närvarande (gruppens egen regel)',
      consecutive_sessions: 'Träffar i rad (gruppens egen regel)',
      save: 'Spara regeln',
      saved: 'Regeln sparades.',
      warning: (s, m, d) => `Varning: ${s} träffar i rad med färre än ${m} närvarande, från ${d}.`,
      errors: {
        number: (max) => `Ange ett heltal mellan 1 och ${max}.`,
        choose: 'Välj ett av alternativen.',
      },
    },
    warnings: {
      heading: 'Varningar',
      none: 'Inga varningar.',
      low: (s, m, d) => `Få deltagare: ${s} träffar i rad med färre än ${m} närvarande (från ${d}).`,
      suspend: (g) => `Avbryt gruppen ${g}`,
      stale: (d) =>
        d
          ? `Uppgifterna ska bekräftas: föråldrade ${d}.`
          : 'Uppgifterna ska bekräftas: de har inte bekräftats.',
      confirm: (g) => `Uppgifterna är aktuella: ${g}`,
      confirmed: 'Gruppens uppgifter bekräftades som aktuella.',
    },
  },
  en: {
    links: { facilitators: 'Facilitators', costs: 'Costs and partners' },
    back: 'Back to the group',
    readOnly: 'You can read the details. Only a coordinator can change them.',
    forbidden: "Only a coordinator can change the group's facilitators, costs and partners.",
    facilitators: {
      title: (g) => `Facilitators: ${g}`,
      intro:
        'Choose who facilitates the group and in which role. In co-facilitation the group has two facilitators, for example a public health nurse and a peer facilitator.',
      required: (t) => `The group's programme requires its facilitators to have: ${t}.`,
      noneRequired: "The group's programme requires no particular training of its facilitators.",
      lacking: 'The group cannot be published until every facilitator has a valid training:',
      lacks: (n, t) => `${n}: lacks ${t}`,
      missing: (t) => `Lacks: ${t}`,
      allTrained: "All of the group's facilitators have the required training.",
      empty: 'The organisation has no facilitators yet.',
      manage: 'Add and edit facilitators',
      column: {
        name: 'Facilitator',
        kind: 'Facilitates as',
        trainings: 'Trainings',
        role: 'Role in this group',
      },
      roles: {
        none: 'Does not facilitate this group',
        lead: 'Lead facilitator',
        co_facilitator: 'Co-facilitator',
        convener: 'Convener',
      },
      roleOf: (n) => `Role: ${n}`,
      noRequired: 'No training required',
      save: 'Save the facilitators',
      saved: "The group's facilitators were saved.",
      errors: {
        lead: 'Choose a role for each facilitator.',
        other: 'Saving the facilitators did not succeed.',
      },
    },
    costs: {
      title: (g) => `Costs and partners: ${g}`,
      heading: 'Costs',
      empty: 'No costs have been recorded for the group.',
      column: { date: 'Date', category: 'Category', note: 'Note', amount: 'Amount', actions: 'Actions' },
      categories: COST_CATEGORY_NAMES.en,
      total: 'Total',
      byCategory: 'Costs by category',
      remove: (w) => `Remove the cost: ${w}`,
      add: 'Record a cost',
      category: 'Category',
      amount: 'Amount (euros)',
      amountHint: 'For example 45 or 12.50',
      date: 'Date',
      dateHint: 'YYYY-MM-DD; empty means today',
      note: 'Note',
      submit: 'Record the cost',
      added: 'The cost was recorded.',
      removed: 'The cost was removed.',
      errors: {
        category: 'Choose the category of the cost.',
        amount: 'Give the amount in euros, for example 12.50.',
        date: 'Give the date as YYYY-MM-DD.',
        note: 'The note is too long (at most 500 characters).',
      },
    },
    partners: {
      heading: 'Partners',
      intro: "Choose from the organisation's partners those the group is run with.",
      none: 'The organisation has no partners yet. Add the first one below.',
      choose: "The group's partners",
      save: 'Save the partners',
      saved: "The group's partners were saved.",
      addHeading: 'Add a partner to the organisation',
      name_fi: 'Name in Finnish',
      name_sv: 'Name in Swedish',
      name_en: 'Name in English',
      kind: 'Kind of partner',
      website: 'Website',
      submit: 'Add the partner',
      added: 'The partner was added to the organisation.',
      kinds: {
        municipality: 'Municipality',
        child_health_clinic: 'Child health clinic',
        parish: 'Parish',
        patient_organisation: 'Patient organisation',
        martha_organisation: 'Martha organisation',
        adult_education_centre: 'Adult education centre',
        pensioners_organisation: "Pensioners' organisation",
        association: 'Association',
        wellbeing_services_county: 'Wellbeing services county',
        company: 'Company',
        other: 'Other',
      },
      errors: {
        name: "Write the partner's name in Finnish.",
        kind: 'Choose the kind of partner.',
        website: 'Give the website as https://…',
        tooLong: 'The name is too long (at most 200 characters).',
      },
    },
    rule: {
      heading: 'Low-attendance warning',
      title: (g) => `Low-attendance warning: ${g}`,
      intro:
        'The warning shows on the workspace start page when consecutive meetings have had too few people.',
      legend: 'When the group raises a warning',
      organisation: (r) =>
        r
          ? `The organisation's rule: fewer than ${r.min_present} present ${r.consecutive_sessions} times in a row`
          : "The organisation's rule (the organisation has none)",
      off: 'No warning for this group',
      custom: "The group's own rule",
      min_present: "At least present (the group's own rule)",
      consecutive_sessions: "Meetings in a row (the group's own rule)",
      save: 'Save the rule',
      saved: 'The rule was saved.',
      warning: (s, m, d) => `Warning: ${s} meetings in a row with fewer than ${m} present, since ${d}.`,
      errors: {
        number: (max) => `Give a whole number from 1 to ${max}.`,
        choose: 'Choose one of the options.',
      },
    },
    warnings: {
      heading: 'Warnings',
      none: 'No warnings.',
      low: (s, m, d) => `Few people: ${s} meetings in a row with fewer than ${m} present (since ${d}).`,
      suspend: (g) => `Suspend the group ${g}`,
      stale: (d) =>
        d
          ? `The details need confirming: stale since ${d}.`
          : 'The details need confirming: never confirmed.',
      confirm: (g) => `The details are still correct: ${g}`,
      confirmed: "The group's details were confirmed as current.",
    },
  },
};

export const groupAdminTexts = (lang: Lang) => TEXTS[lang];

// ------------------------------------------------------------------ the low-attendance rule

interface RuleForm {
  rule: string;
  min_present: string;
  consecutive_sessions: string;
}
type RuleErrors = Errors<'rule' | 'min_present' | 'consecutive_sessions'>;

export interface RunningPanelView {
  manage: boolean;
  rule: RuleForm;
  organisationRule: { min_present: number; consecutive_sessions: number } | null;
  warning: { since: Date; sessions: number; min_present: number } | null;
  /** facilitators lacking the training the programme requires */
  lacking: { name: string; training: LocalizedText }[];
}

/** What the group's workspace page shows of running the group: links, missing trainings, the rule. */
export async function runningPanel(
  tx: Tx,
  actor: Actor,
  row: GroupRow,
  today: string,
): Promise<RunningPanelView> {
  const orgRule = await effectiveRule(tx, { ...row, low_attendance_rule: 'organisation' });
  const w = await findWarning(tx, row.id);
  return {
    manage: can(actor, 'catalogue.manage', row.org_id),
    rule: {
      rule: row.low_attendance_rule,
      min_present: row.low_attendance_min_present === null ? '' : String(row.low_attendance_min_present),
      consecutive_sessions:
        row.low_attendance_consecutive === null ? '' : String(row.low_attendance_consecutive),
    },
    organisationRule: orgRule,
    warning: w ? { since: w.since, sessions: w.sessions, min_present: w.min_present } : null,
    lacking: await lacking(tx, row, today),
  };
}

async function lacking(tx: Tx, row: GroupRow, today: string) {
  if (!row.template_id) return [];
  const template = await facilitation.findTemplateRow(tx, row.template_id, true);
  if (!template?.required_training_id) return [];
  return (await missingTrainings(tx, row.id, template.required_training_id, today)).map((f) => ({
    name: f.display_name,
    training: f.training_name,
  }));
}

function RuleFormView({
  lang,
  slug,
  csrf,
  view,
  errors = {},
}: {
  lang: Lang;
  slug: string;
  csrf: string;
  view: RunningPanelView;
  errors?: RuleErrors;
}) {
  const t = TEXTS[lang].rule;
  return (
    <>
      <p class="muted">{t.intro}</p>
      {view.warning ? (
        <p>
          <strong>
            {t.warning(view.warning.sessions, view.warning.min_present, formatDate(view.warning.since, lang))}
          </strong>
        </p>
      ) : null}
      {view.manage ? (
        <form method="post" action={staffPath(lang, `/groups/${slug}/attendance-rule`)} novalidate>
          <Csrf token={csrf} />
          <Choices
            name="rule"
            type="radio"
            legend={t.legend}
            values={[view.rule.rule]}
            options={[
              { value: 'organisation', label: t.organisation(view.organisationRule) },
              { value: 'off', label: t.off },
              { value: 'custom', label: t.custom },
            ]}
            error={errors.rule}
          />
          <Field
            id="min_present"
            type="number"
            label={t.min_present}
            value={view.rule.min_present}
            error={errors.min_present}
          />
          <Field
            id="consecutive_sessions"
            type="number"
            label={t.consecutive_sessions}
            value={view.rule.consecutive_sessions}
            error={errors.consecutive_sessions}
          />
          <p>
            <Button secondary>{t.save}</Button>
          </p>
        </form>
      ) : (
        <p>
          {view.rule.rule === 'off'
            ? t.off
            : view.rule.rule === 'custom'
              ? `${t.custom}: ${view.rule.min_present} / ${view.rule.consecutive_sessions}`
              : t.organisation(view.organisationRule)}
        </p>
      )}
    </>
  );
}

/** On the group's workspace page: links to facilitators and costs, missing trainings, the rule. */
export function GroupRunningPanel({
  lang,
  slug,
  csrf,
  view,
}: {
  lang: Lang;
  slug: string;
  csrf: string;
  view: RunningPanelView;
}) {
  const t = TEXTS[lang];
  return (
    <>
      <ul class="group-running-links">
        <li>
          <a href={staffPath(lang, `/groups/${slug}/facilitators`)}>{t.links.facilitators}</a>
        </li>
        <li>
          <a href={staffPath(lang, `/groups/${slug}/costs`)}>{t.links.costs}</a>
        </li>
      </ul>
      {view.lacking.length ? <Lacking lang={lang} lacking={view.lacking} /> : null}
      <section aria-labelledby="attendance-rule">
        <h2 id="attendance-rule">{t.rule.heading}</h2>
        <RuleFormView lang={lang} slug={slug} csrf={csrf} view={view} />
      </section>
    </>
  );
}

function Lacking({ lang, lacking }: { lang: Lang; lacking: RunningPanelView['lacking'] }) {
  const t = TEXTS[lang].facilitators;
  return (
    <div class="hds-notification hds-notification--alert" role="region" aria-label={t.lacking}>
      <div class="hds-notification__content">
        <p>
          <strong>{t.lacking}</strong>
        </p>
        <ul>
          {lacking.map((l) => (
            <li>{t.lacks(l.name, pick(l.training, lang))}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ start page warnings

const ORG_LINKS: Record<
  Lang,
  { facilitators: string; templates: string; people: string; settings: string; label: string }
> = {
  fi: {
    facilitators: 'Ohjaajat ja koulutukset',
    templates: 'Ohjelmamallit',
    people: 'Henkilöt ja kutsut',
    settings: 'Organisaation asetukset',
    label: 'Organisaation sivut',
  },
  sv: {
    facilitators: 'Ledare och utbildningar',
    templates: 'Programmodeller',
    people: 'Personer och inbjudningar',
    settings: 'Organisationens inställningar',
    label: 'Organisationens sidor',
  },
  en: {
    facilitators: 'Facilitators and trainings',
    templates: 'Programme templates',
    people: 'People and invitations',
    settings: 'Organisation settings',
    label: 'Organisation pages',
  },
};

/**
 * Links from an organisation's section of the start page to its own pages (facilitators, venues, templates); people,
 * settings and the audit log only for those who may use them.
 */
export function OrgLinks({
  lang,
  orgId,
  pages,
}: {
  lang: Lang;
  orgId: string;
  pages: { people: boolean; settings: boolean; audit: boolean };
}) {
  const t = ORG_LINKS[lang];
  return (
    <ul class="group-running-links" aria-label={t.label}>
      <li>
        <a href={staffPath(lang, `/facilitators?org=${orgId}`)}>{t.facilitators}</a>
      </li>
      <li>
        <a href={staffPath(lang, `/venues?org=${orgId}`)}>{venueTexts(lang).link}</a>
      </li>
      <li>
        <a href={staffPath(lang, '/templates')}>{t.templates}</a>
      </li>
      {pages.people ? (
        <li>
          <a href={staffPath(lang, `/people?org=${orgId}`)}>{t.people}</a>
        </li>
      ) : null}
      {pages.settings ? (
        <li>
          <a href={staffPath(lang, `/settings?org=${orgId}`)}>{t.settings}</a>
        </li>
      ) : null}
      {pages.settings ? (
        <li>
          <a href={staffPath(lang, `/tokens?org=${orgId}`)}>{tokensLinkText(lang)}</a>
        </li>
      ) : null}
      {pages.audit ? (
        <li>
          <a href={staffPath(lang, `/audit?org=${orgId}`)}>{auditLinkText(lang)}</a>
        </li>
      ) : null}
      {pages.audit ? (
        <li>
          <a href={staffPath(lang, `/reports?org=${orgId}`)}>{REPORT_TEXTS[lang].title}</a>
        </li>
      ) : null}
    </ul>
  );
}

export interface OrgWarnings {
  low: { slug: string; name: LocalizedText; since: Date; sessions: number; min_present: number }[];
  stale: { slug: string; name: LocalizedText; stale_on: string | null }[];
  canConfirm: boolean;
}

/** An organisation's warnings for its coordinators' start page. */
export async function orgWarnings(tx: Tx, actor: Actor, orgId: string, now: Date): Promise<OrgWarnings> {
  const low = (await lowAttendanceWarnings(tx, orgId)).map((w) => ({
    slug: w.slug,
    name: w.name as LocalizedText,
    since: w.since,
    sessions: w.sessions,
    min_present: w.min_present,
  }));
  const stale = (await staleGroups(tx, orgId, now)).map((g) => ({
    slug: g.slug,
    name: g.name,
    stale_on: freshnessOf(
      { status: g.status as 'published', last_confirmed_at: g.confirmed_at, published_at: null },
      g.stale_after_days,
      now,
    ).stale_on,
  }));
  return { low, stale, canConfirm: can(actor, 'group.publish', orgId) };
}

/** The warnings section of one organisation on the start page. */
export function WarningsSection({
  lang,
  orgKey,
  csrf,
  warnings,
}: {
  lang: Lang;
  orgKey: string;
  csrf: string;
  warnings: OrgWarnings;
}) {
  const t = TEXTS[lang].warnings;
  const headingId = `warnings-${orgKey}`;
  return (
    <section aria-labelledby={headingId} class="staff-warnings">
      <h3 id={headingId}>{t.heading}</h3>
      {warnings.low.length === 0 && warnings.stale.length === 0 ? <p class="muted">{t.none}</p> : null}
      <ul class="staff-list">
        {warnings.low.map((w) => (
          <li>
            <a href={staffPath(lang, `/groups/${w.slug}`)}>{pick(w.name, lang)}</a>{' '}
            <span class="staff-list__hint">
              {t.low(w.sessions, w.min_present, formatDate(w.since, lang))}
            </span>{' '}
            <a href={staffPath(lang, `/groups/${w.slug}#action-suspend`)}>{t.suspend(pick(w.name, lang))}</a>
          </li>
        ))}
        {warnings.stale.map((w) => (
          <li>
            <a href={staffPath(lang, `/groups/${w.slug}`)}>{pick(w.name, lang)}</a>{' '}
            <span class="staff-list__hint">{t.stale(w.stale_on ? formatDate(w.stale_on, lang) : null)}</span>
            {warnings.canConfirm ? (
              <form method="post" action={staffPath(lang, `/groups/${w.slug}/confirm`)} class="inline-form">
                <Csrf token={csrf} />
                <Button secondary>{t.confirm(pick(w.name, lang))}</Button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

// ------------------------------------------------------------------ pages

type Presented = Awaited<ReturnType<typeof presentFacilitator>>;

interface FacilitatorsView {
  group: GroupRow;
  manage: boolean;
  csrf: string;
  required: { id: string; name: LocalizedText } | null;
  people: (Presented & { role: string; trained: boolean | null })[];
  lacking: RunningPanelView['lacking'];
  done?: string;
  errors: Errors<'roles'>;
}

function GroupFacilitatorsPage({ lang, view }: { lang: Lang; view: FacilitatorsView }) {
  const t = TEXTS[lang].facilitators;
  const ft = facilitatorTexts(lang);
  const g = view.group;
  const assigned = view.people.filter((p) => p.role !== 'none');
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${g.slug}`)}>{TEXTS[lang].back}</a>
      </p>
      <h1>{t.title(pick(g.name, lang))}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      <p>{t.intro}</p>
      <p>{view.required ? <strong>{t.required(pick(view.required.name, lang))}</strong> : t.noneRequired}</p>
      {view.lacking.length ? (
        <Lacking lang={lang} lacking={view.lacking} />
      ) : view.required && assigned.length ? (
        <p>{t.allTrained}</p>
      ) : null}
      {!view.manage ? <p class="muted">{TEXTS[lang].readOnly}</p> : null}
      {view.people.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <form method="post" action={staffPath(lang, `/groups/${g.slug}/facilitators`)} novalidate>
          <Csrf token={view.csrf} />
          {view.errors.form ? <ErrorBox text={view.errors.form} id="roles-error" /> : null}
          <div class="table-scroll" tabIndex={0}>
            <table class="hds-table">
              <thead>
                <tr>
                  <th scope="col">{t.column.name}</th>
                  <th scope="col">{t.column.kind}</th>
                  <th scope="col">{t.column.trainings}</th>
                  <th scope="col">{t.column.role}</th>
                </tr>
              </thead>
              <tbody>
                {view.people.map((p) => (
                  <tr>
                    <th scope="row">
                      {p.display_name}
                      {view.required && p.trained === false ? (
                        <>
                          <br />
                          <strong>{t.missing(pick(view.required.name, lang))}</strong>
                        </>
                      ) : null}
                    </th>
                    <td>
                      {[ft.kinds[p.kind], ft.engagements[p.engagement]].join(', ')}
                      {p.profession ? `, ${ft.professions[p.profession as keyof typeof ft.professions]}` : ''}
                    </td>
                    <td>
                      <ul class="trainings">
                        {p.trainings.map((r) => (
                          <li>
                            {!r.valid ? <strong>{ft.expired}: </strong> : null}
                            {pick(r.training_name, lang)}
                            {r.valid_until ? ` (${ft.validUntil(formatDate(r.valid_until, lang))})` : ''}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {view.manage ? (
                        <select
                          name={`role_${p.id}`}
                          aria-label={t.roleOf(p.display_name)}
                          aria-describedby={view.errors.form ? 'roles-error' : undefined}
                        >
                          {(['none', ...ROLES] as const).map((r) => (
                            <option value={r} selected={p.role === r}>
                              {t.roles[r]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t.roles[p.role as keyof typeof t.roles]
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.manage ? (
            <p>
              <Button>{t.save}</Button>
            </p>
          ) : null}
        </form>
      )}
      <p>
        <a href={staffPath(lang, `/facilitators?org=${g.org_id}`)}>{t.manage}</a>
      </p>
    </>
  );
}

interface CostForm {
  category: string;
  amount: string;
  incurred_on: string;
  note: string;
}
type CostErrors = Errors<'category' | 'amount' | 'incurred_on' | 'note'>;
interface PartnerForm {
  name_fi: string;
  name_sv: string;
  name_en: string;
  kind: string;
  website: string;
}
type PartnerErrors = Errors<'name_fi' | 'name_sv' | 'name_en' | 'kind' | 'website'>;

interface CostsView {
  group: GroupRow;
  manage: boolean;
  csrf: string;
  costs: Awaited<ReturnType<typeof listCosts>>;
  partners: { id: string; name: LocalizedText; kind: string }[];
  chosen: string[];
  done?: string;
  cost: CostForm;
  costErrors: CostErrors;
  partner: PartnerForm;
  partnerErrors: PartnerErrors;
  partnersError?: string;
}

function CostsPage({ lang, view }: { lang: Lang; view: CostsView }) {
  const t = TEXTS[lang];
  const c = t.costs;
  const p = t.partners;
  const g = view.group;
  const base = `/groups/${g.slug}/costs`;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${g.slug}`)}>{t.back}</a>
      </p>
      <h1>{c.title(pick(g.name, lang))}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      {!view.manage ? <p class="muted">{t.readOnly}</p> : null}
      <section aria-labelledby="costs-heading">
        <h2 id="costs-heading">{c.heading}</h2>
        {view.costs.items.length === 0 ? (
          <p>{c.empty}</p>
        ) : (
          <div class="table-scroll" tabIndex={0}>
            <table class="hds-table">
              <thead>
                <tr>
                  <th scope="col">{c.column.date}</th>
                  <th scope="col">{c.column.category}</th>
                  <th scope="col">{c.column.note}</th>
                  <th scope="col">{c.column.amount}</th>
                  {view.manage ? <th scope="col">{c.column.actions}</th> : null}
                </tr>
              </thead>
              <tbody>
                {view.costs.items.map((x) => {
                  const what = `${c.categories[x.category]} ${formatEuros(x.amount_cents, lang)} (${formatDate(x.incurred_on, lang)})`;
                  return (
                    <tr>
                      <td>{formatDate(x.incurred_on, lang)}</td>
                      <th scope="row">{c.categories[x.category]}</th>
                      <td>{x.note ?? ''}</td>
                      <td class="amount">{formatEuros(x.amount_cents, lang)}</td>
                      {view.manage ? (
                        <td>
                          <form method="post" action={staffPath(lang, `${base}/${x.id}/remove`)}>
                            <Csrf token={view.csrf} />
                            <Button secondary>{c.remove(what)}</Button>
                          </form>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    {c.total}
                  </th>
                  <td class="amount">{formatEuros(view.costs.total_cents, lang)}</td>
                  {view.manage ? <td /> : null}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        {view.costs.items.length ? (
          <>
            <h3>{c.byCategory}</h3>
            <dl class="facts">
              {COST_CATEGORIES.filter((k) => view.costs.by_category[k] !== undefined).map((k) => (
                <div>
                  <dt>{c.categories[k]}</dt>
                  <dd>{formatEuros(view.costs.by_category[k]!, lang)}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
        {view.manage ? (
          <>
            <h3 id="add-cost">{c.add}</h3>
            {view.costErrors.form ? <ErrorBox text={view.costErrors.form} /> : null}
            <form method="post" action={staffPath(lang, base)} novalidate aria-labelledby="add-cost">
              <Csrf token={view.csrf} />
              <Select
                id="category"
                label={c.category}
                value={view.cost.category}
                options={[
                  { value: '', label: '—' },
                  ...COST_CATEGORIES.map((k) => ({ value: k, label: c.categories[k] })),
                ]}
                error={view.costErrors.category}
              />
              <Field
                id="amount"
                label={c.amount}
                hint={c.amountHint}
                value={view.cost.amount}
                error={view.costErrors.amount}
                required
              />
              <Field
                id="incurred_on"
                type="date"
                label={c.date}
                hint={c.dateHint}
                value={view.cost.incurred_on}
                error={view.costErrors.incurred_on}
              />
              <Field id="note" label={c.note} value={view.cost.note} error={view.costErrors.note} />
              <p>
                <Button>{c.submit}</Button>
              </p>
            </form>
          </>
        ) : null}
      </section>
      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading">{p.heading}</h2>
        <p>{p.intro}</p>
        {view.partnersError ? <ErrorBox text={view.partnersError} /> : null}
        {view.partners.length === 0 ? (
          <p>{p.none}</p>
        ) : view.manage ? (
          <form method="post" action={staffPath(lang, `${base}/partners`)} novalidate>
            <Csrf token={view.csrf} />
            <Choices
              name="partner"
              type="checkbox"
              legend={p.choose}
              values={view.chosen}
              options={view.partners.map((x) => ({
                value: x.id,
                label: `${pick(x.name, lang)} (${p.kinds[x.kind as PartnerKind] ?? x.kind})`,
              }))}
            />
            <p>
              <Button>{p.save}</Button>
            </p>
          </form>
        ) : (
          <ul>
            {view.partners
              .filter((x) => view.chosen.includes(x.id))
              .map((x) => (
                <li>{pick(x.name, lang)}</li>
              ))}
          </ul>
        )}
        {view.manage ? (
          <>
            <h3 id="add-partner">{p.addHeading}</h3>
            {view.partnerErrors.form ? <ErrorBox text={view.partnerErrors.form} /> : null}
            <form
              method="post"
              action={staffPath(lang, `${base}/new-partner`)}
              novalidate
              aria-labelledby="add-partner"
            >
              <Csrf token={view.csrf} />
              <Field
                id="name_fi"
                label={p.name_fi}
                value={view.partner.name_fi}
                error={view.partnerErrors.name_fi}
                required
              />
              <Field
                id="name_sv"
                label={p.name_sv}
                value={view.partner.name_sv}
                error={view.partnerErrors.name_sv}
              />
              <Field
                id="name_en"
                label={p.name_en}
                value={view.partner.name_en}
                error={view.partnerErrors.name_en}
              />
              <Select
                id="kind"
                label={p.kind}
                value={view.partner.kind}
                options={[
                  { value: '', label: '—' },
                  ...PARTNER_KINDS.map((k) => ({ value: k, label: p.kinds[k] })),
                ]}
                error={view.partnerErrors.kind}
              />
              <Field
                id="website"
                type="url"
                label={p.website}
                value={view.partner.website}
                error={view.partnerErrors.website}
              />
              <p>
                <Button>{p.submit}</Button>
              </p>
            </form>
          </>
        ) : null}
      </section>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; slug: string; id?: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;

const emptyCost = (): CostForm => ({ category: '', amount: '', incurred_on: '', note: '' });
const emptyPartner = (): PartnerForm => ({ name_fi: '', name_sv: '', name_en: '', kind: '', website: '' });

export function groupAdminRoutes(staff: App, deps: Deps, kit: Kit): void {
  /** The group, when this person is staff of its organisation; null when not found (404 sent). */
  const groupOf = async (reply: FastifyReply, lang: Lang, who: Who, slug: string, path: string) => {
    const row = await inTx(deps, who.actor, async (tx) => {
      try {
        return await getGroup(tx, slug);
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      }
    });
    const access = row && (await inTx(deps, who.actor, (tx) => accessToGroup(tx, who.actor, row)));
    if (!row || !access || !access.internal) {
      await sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
      return null;
    }
    return row;
  };

  /** A coordinator's form: checks CSRF and sign-in, finds the group, refuses others. */
  const coordinatorPost = async (request: Req, reply: FastifyReply, path: string) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) {
      reply.callNotFound();
      return null;
    }
    if (!validCsrf(request)) {
      await kit.refused(reply, lang, path);
      return null;
    }
    const who = kit.signedIn(request, reply, lang);
    if (!who) return null;
    const group = await groupOf(reply, lang, who, slug, path);
    if (!group) return null;
    if (!can(who.actor, 'catalogue.manage', group.org_id)) {
      await forbiddenReply(kit, reply, lang, path, who, TEXTS[lang].forbidden);
      return null;
    }
    return { lang, who, group };
  };

  // ---------------------------------------------------------------- the group's facilitators

  const facilitatorsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    group: GroupRow,
    extra: { done?: string; errors?: Errors<'roles'>; roles?: Map<string, string>; status?: number } = {},
  ) => {
    const today = helsinkiToday(deps.clock());
    const view = await inTx(deps, who.actor, async (tx): Promise<FacilitatorsView> => {
      const template = group.template_id
        ? await facilitation.findTemplateRow(tx, group.template_id, true)
        : null;
      const required = template?.required_training_id
        ? await facilitation.findTraining(tx, template.required_training_id, true)
        : null;
      const { rows: assignments } = await tx.query<{ facilitator_id: string; role: string }>(
        'SELECT facilitator_id, role FROM group_facilitators WHERE group_id = $1',
        [group.id],
      );
      const roleOf = new Map(assignments.map((a) => [a.facilitator_id, a.role]));
      const people = [];
      // The whole register to its coordinators and admins; the board (a proposal) and the
      // group's own facilitators see only the group's facilitators (docs/security.md, finding 8).
      const register = can(who.actor, 'organisation.read_internal', group.org_id);
      for (const row of await facilitation.listFacilitators(tx, group.org_id)) {
        if (!register && !roleOf.has(row.id)) continue;
        const f = await presentFacilitator(tx, row, today);
        people.push({
          ...f,
          role: extra.roles?.get(f.id) ?? roleOf.get(f.id) ?? 'none',
          trained: required ? f.trainings.some((r) => r.training_id === required.id && r.valid) : null,
        });
      }
      return {
        group,
        manage: can(who.actor, 'catalogue.manage', group.org_id),
        csrf: who.csrf,
        required: required ? { id: required.id, name: required.name } : null,
        people,
        lacking: await lacking(tx, group, today),
        done: extra.done,
        errors: extra.errors ?? {},
      };
    });
    return kit.page(
      reply,
      lang,
      TEXTS[lang].facilitators.title(pick(group.name, lang)),
      `/groups/${group.slug}/facilitators`,
      <GroupFacilitatorsPage lang={lang} view={view} />,
      { who, status: extra.status },
    );
  };

  staff.get(
    '/:lang/staff/groups/:slug/facilitators',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const group = await groupOf(reply, lang, who, slug, `/groups/${slug}/facilitators`);
      if (!group) return reply;
      return facilitatorsPage(reply, lang, who, group, {
        done: request.query.done === 'saved' ? TEXTS[lang].facilitators.saved : undefined,
      });
    },
  );

  staff.post(
    '/:lang/staff/groups/:slug/facilitators',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}/facilitators`);
      if (!ok) return reply;
      const { lang, who, group } = ok;
      const t = TEXTS[lang].facilitators;
      const roles = new Map<string, string>();
      const assignments: FacilitatorAssignment[] = [];
      let bad = false;
      for (const [key, value] of Object.entries(request.body ?? {})) {
        if (!key.startsWith('role_') || typeof value !== 'string') continue;
        const id = key.slice(5);
        if (!isUuid(id)) continue;
        roles.set(id, value);
        if (value === 'none') continue;
        if (!(ROLES as readonly string[]).includes(value)) bad = true;
        else assignments.push({ facilitator_id: id, role: value as FacilitatorAssignment['role'] });
      }
      if (bad)
        return facilitatorsPage(reply, lang, who, group, {
          roles,
          errors: { form: t.errors.lead },
          status: 422,
        });
      try {
        await inTx(deps, who.actor, (tx) => setFacilitators(tx, who.actor, group.id, assignments));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return facilitatorsPage(reply, lang, who, group, {
          roles,
          errors: { form: t.errors.other },
          status: error.status,
        });
      }
      return reply.redirect(`/${lang}/staff/groups/${group.slug}/facilitators?done=saved`, 303);
    },
  );

  // ---------------------------------------------------------------- costs and partners

  const costsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    group: GroupRow,
    extra: {
      done?: string;
      cost?: CostForm;
      costErrors?: CostErrors;
      partner?: PartnerForm;
      partnerErrors?: PartnerErrors;
      chosen?: string[];
      partnersError?: string;
      status?: number;
    } = {},
  ) => {
    const view = await inTx(deps, who.actor, async (tx): Promise<CostsView> => {
      const { rows } = await tx.query<{ partner_id: string }>(
        'SELECT partner_id FROM group_partners WHERE group_id = $1',
        [group.id],
      );
      return {
        group,
        manage: can(who.actor, 'catalogue.manage', group.org_id),
        csrf: who.csrf,
        costs: await listCosts(tx, who.actor, group.id),
        partners: (await listPartners(tx, group.org_id)).map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
        })),
        chosen: extra.chosen ?? rows.map((r) => r.partner_id),
        done: extra.done,
        cost: extra.cost ?? emptyCost(),
        costErrors: extra.costErrors ?? {},
        partner: extra.partner ?? emptyPartner(),
        partnerErrors: extra.partnerErrors ?? {},
        partnersError: extra.partnersError,
      };
    });
    return kit.page(
      reply,
      lang,
      TEXTS[lang].costs.title(pick(group.name, lang)),
      `/groups/${group.slug}/costs`,
      <CostsPage lang={lang} view={view} />,
      { who, status: extra.status },
    );
  };

  staff.get('/:lang/staff/groups/:slug/costs', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const group = await groupOf(reply, lang, who, slug, `/groups/${slug}/costs`);
    if (!group) return reply;
    const t = TEXTS[lang];
    const d = request.query.done;
    const done =
      d === 'added'
        ? t.costs.added
        : d === 'removed'
          ? t.costs.removed
          : d === 'partners'
            ? t.partners.saved
            : d === 'partner-added'
              ? t.partners.added
              : undefined;
    return costsPage(reply, lang, who, group, { done });
  });

  staff.post('/:lang/staff/groups/:slug/costs', { schema: { hide: true } }, async (request: Req, reply) => {
    const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}/costs`);
    if (!ok) return reply;
    const { lang, who, group } = ok;
    const t = TEXTS[lang].costs.errors;
    const cost: CostForm = {
      category: str(request.body, 'category', 50),
      amount: str(request.body, 'amount', 50).trim(),
      incurred_on: str(request.body, 'incurred_on', 20).trim(),
      note: str(request.body, 'note', 2000).trim(),
    };
    const errors: CostErrors = {};
    if (!(COST_CATEGORIES as readonly string[]).includes(cost.category)) errors.category = t.category;
    const raw = cost.amount.replace(/\s|€/g, '');
    const cents = Math.round(Number(raw.replace(',', '.')) * 100);
    if (!/^\d{1,7}([.,]\d{1,2})?$/.test(raw) || cents <= 0) errors.amount = t.amount;
    if (cost.incurred_on && !validDate(cost.incurred_on)) errors.incurred_on = t.date;
    if (cost.note.length > 500) errors.note = t.note;
    if (Object.keys(errors).length)
      return costsPage(reply, lang, who, group, { cost, costErrors: errors, status: 422 });
    await inTx(deps, who.actor, (tx) =>
      addCost(
        tx,
        who.actor,
        group.id,
        {
          category: cost.category as CostCategory,
          amount_cents: cents,
          ...(cost.incurred_on ? { incurred_on: cost.incurred_on } : {}),
          note: cost.note || null,
        },
        deps.clock(),
      ),
    );
    return reply.redirect(`/${lang}/staff/groups/${group.slug}/costs?done=added`, 303);
  });

  staff.post(
    '/:lang/staff/groups/:slug/costs/:id/remove',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}/costs`);
      if (!ok) return reply;
      const { lang, who, group } = ok;
      const id = request.params.id!;
      // The cost must be this group's, or it is not found.
      const found = await inTx(deps, who.actor, async (tx) => {
        if (!isUuid(id)) return false;
        const { rows } = await tx.query('SELECT 1 FROM group_costs WHERE id = $1 AND group_id = $2', [
          id,
          group.id,
        ]);
        if (rows.length === 0) return false;
        await removeCost(tx, who.actor, id);
        return true;
      });
      if (!found) return sendNotFound(reply, lang, `/staff/groups/${group.slug}/costs`, deps.publicUrl);
      return reply.redirect(`/${lang}/staff/groups/${group.slug}/costs?done=removed`, 303);
    },
  );

  staff.post(
    '/:lang/staff/groups/:slug/costs/partners',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}/costs`);
      if (!ok) return reply;
      const { lang, who, group } = ok;
      const known = await inTx(deps, who.actor, async (tx) =>
        (await listPartners(tx, group.org_id)).map((p) => p.id),
      );
      const chosen = ticked(request.body, 'partner', known);
      try {
        await inTx(deps, who.actor, (tx) => setGroupPartners(tx, who.actor, group.id, chosen));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return costsPage(reply, lang, who, group, {
          chosen,
          partnersError: facilitatorTexts(lang).errors.other,
          status: error.status,
        });
      }
      return reply.redirect(`/${lang}/staff/groups/${group.slug}/costs?done=partners`, 303);
    },
  );

  staff.post(
    '/:lang/staff/groups/:slug/costs/new-partner',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}/costs`);
      if (!ok) return reply;
      const { lang, who, group } = ok;
      const t = TEXTS[lang].partners.errors;
      const partner: PartnerForm = {
        name_fi: str(request.body, 'name_fi', 1000).trim(),
        name_sv: str(request.body, 'name_sv', 1000).trim(),
        name_en: str(request.body, 'name_en', 1000).trim(),
        kind: str(request.body, 'kind', 50),
        website: str(request.body, 'website', 1000).trim(),
      };
      const errors: PartnerErrors = {};
      if (!partner.name_fi) errors.name_fi = t.name;
      for (const key of ['name_fi', 'name_sv', 'name_en'] as const)
        if (partner[key].length > 200) errors[key] = t.tooLong;
      if (!(PARTNER_KINDS as readonly string[]).includes(partner.kind)) errors.kind = t.kind;
      if (partner.website) {
        let url: URL | null = null;
        try {
          url = new URL(partner.website);
        } catch {
          url = null;
        }
        if (!url || !['https:', 'http:'].includes(url.protocol) || partner.website.length > 500)
          errors.website = t.website;
      }
      if (Object.keys(errors).length)
        return costsPage(reply, lang, who, group, { partner, partnerErrors: errors, status: 422 });
      await inTx(deps, who.actor, (tx) =>
        insertPartner(tx, {
          org_id: group.org_id,
          name: {
            fi: partner.name_fi,
            ...(partner.name_sv ? { sv: partner.name_sv } : {}),
            ...(partner.name_en ? { en: partner.name_en } : {}),
          },
          kind: partner.kind,
          website: partner.website || null,
        }),
      );
      return reply.redirect(`/${lang}/staff/groups/${group.slug}/costs?done=partner-added`, 303);
    },
  );

  // ---------------------------------------------------------------- the low-attendance rule

  staff.post(
    '/:lang/staff/groups/:slug/attendance-rule',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const ok = await coordinatorPost(request, reply, `/groups/${request.params.slug}`);
      if (!ok) return reply;
      const { lang, who, group } = ok;
      const t = TEXTS[lang].rule;
      const form: RuleForm = {
        rule: str(request.body, 'rule', 50),
        min_present: str(request.body, 'min_present', 20).trim(),
        consecutive_sessions: str(request.body, 'consecutive_sessions', 20).trim(),
      };
      const errors: RuleErrors = {};
      const whole = (s: string, max: number) => (/^\d{1,3}$/.test(s) && +s >= 1 && +s <= max ? +s : null);
      let input: RuleInput | null = null;
      if (form.rule === 'organisation' || form.rule === 'off') input = { rule: form.rule };
      else if (form.rule === 'custom') {
        const min = whole(form.min_present, 100);
        const consecutive = whole(form.consecutive_sessions, 20);
        if (min === null) errors.min_present = t.errors.number(100);
        if (consecutive === null) errors.consecutive_sessions = t.errors.number(20);
        if (min !== null && consecutive !== null)
          input = { rule: 'custom', min_present: min, consecutive_sessions: consecutive };
      } else errors.rule = t.errors.choose;
      if (!input) {
        // The group page's form again, alone on its page, with the errors beside the fields.
        const view = await inTx(deps, who.actor, (tx) =>
          runningPanel(tx, who.actor, group, helsinkiToday(deps.clock())),
        );
        return kit.page(
          reply,
          lang,
          t.title(pick(group.name, lang)),
          `/groups/${group.slug}/attendance-rule`,
          <>
            <p class="breadcrumb">
              <a href={staffPath(lang, `/groups/${group.slug}`)}>{TEXTS[lang].back}</a>
            </p>
            <h1>{t.title(pick(group.name, lang))}</h1>
            <RuleFormView
              lang={lang}
              slug={group.slug}
              csrf={who.csrf}
              view={{ ...view, rule: form }}
              errors={errors}
            />
          </>,
          { who, status: 422 },
        );
      }
      const ruleInput = input;
      await inTx(deps, who.actor, (tx) =>
        setLowAttendanceRule(tx, who.actor, group.id, ruleInput, deps.clock()),
      );
      return reply.redirect(`/${lang}/staff/groups/${group.slug}?done=rule`, 303);
    },
  );

  // ---------------------------------------------------------------- confirming a listing

  staff.post('/:lang/staff/groups/:slug/confirm', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const group = await groupOf(reply, lang, who, slug, `/groups/${slug}`);
    if (!group) return reply;
    if (!can(who.actor, 'group.publish', group.org_id))
      return forbiddenReply(kit, reply, lang, `/groups/${slug}`, who, TEXTS[lang].forbidden);
    try {
      await inTx(deps, who.actor, (tx) => confirmListing(tx, who.actor, group.id, deps.clock()));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      // Not listed any more: nothing to confirm; the start page shows what is current.
    }
    return reply.redirect(`/${lang}/staff?done=confirmed`, 303);
  });
}
