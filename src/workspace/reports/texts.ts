/** Texts of the statistics and project pages and their exports, in Finnish, Swedish and English. */
import { COST_CATEGORY_NAMES } from '../../groups/costs.ts';
import { PROFESSION_NAMES } from '../../facilitation/professions.ts';
import type { Lang } from '../../shared/lang.ts';
import type { CostCategory } from '../../groups/costs.ts';
import type { Background, Measure, Profession, WayOfJoining } from '../../reporting/statistics.ts';

/** The rows of the summary table, in order; each names one figure of `Figures`. */
export const FIGURE_KEYS = [
  'groups_active',
  'groups_new',
  'groups_ended',
  'groups_suspended',
  'sessions_held',
  'sessions_cancelled',
  'sessions_with_attendance',
  'participants_different',
  'participants_new',
  'visits',
  'children',
  'drop_in_sessions',
  'drop_in_head_count',
  'facilitators_total',
  'facilitators_volunteer',
  'facilitators_paid',
  'facilitators_peer',
  'facilitators_professional',
  'volunteer_hours',
  'costs_total',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export interface ReportTexts {
  title: string;
  intro: string;
  organisation: string;
  show: string;
  period: string;
  from: string;
  to: string;
  dateHint: string;
  errors: { date: string; range: string; heading: string };
  refused: string;
  download: string;
  csv: string;
  xlsx: string;
  summary: string;
  figure: string;
  total: string;
  totalNote: string;
  figures: Record<FigureKey, string>;
  byProgramme: string;
  noProgramme: string;
  byJoining: string;
  byProfession: string;
  costs: string;
  category: string;
  amount: string;
  count: string;
  month: string;
  monthly: { title: string; description: string; sessions: string; visits: string };
  yearly: { title: string; description: (now: string, before: string) => string; figure: string };
  groups: { title: string; name: string; sessions: string; visits: string; none: string };
  ways: Record<WayOfJoining, string>;
  professions: Record<Profession, string>;
  categories: Record<CostCategory, string>;
  definitions: string;
  targetsLink: string;
  sheet: {
    summary: string;
    months: string;
    groups: string;
    breakdown: string;
    costs: string;
    targets: string;
    progress: string;
  };
  project: {
    title: string;
    intro: string;
    period: string;
    none: string;
    target: string;
    value: string;
    share: string;
    countedFrom: string;
    notMeasured: string;
    chartTitle: (label: string) => string;
    chartDescription: (label: string, target: number) => string;
    day: string;
    goal: string;
    measureHeading: string;
    measure: string;
    background: string;
    profession: string;
    save: string;
    figureHeading: string;
    figureValue: string;
    figureDay: string;
    figureNote: string;
    add: string;
    figures: string;
    noFigures: string;
    drill: string;
    saved: string;
    added: string;
    errors: { value: string; background: string; profession: string };
  };
  measures: Record<Measure, string>;
  backgrounds: Record<Background, string>;
  statisticsLink: string;
}

export const REPORT_TEXTS: Record<Lang, ReportTexts> = {
  fi: {
    title: 'Tilastot',
    intro:
      'Vuositilastot rahoittajille: ryhmät, kokoontumiset, osallistujat, käynnit, ohjaajat, vapaaehtoistunnit ja kulut. Luvut lasketaan samoin kuin rajapinnassa ja vientitiedostoissa.',
    organisation: 'Organisaatio',
    show: 'Näytä',
    period: 'Ajanjakso',
    from: 'Alkaen',
    to: 'Päättyen',
    dateHint: 'Päivämäärä, esim. 31.12.2019. Tyhjänä kuluva kalenterivuosi.',
    errors: {
      date: 'Anna päivämäärä, esim. 31.12.2019.',
      range: 'Loppupäivä on ennen alkupäivää.',
      heading: 'Tilastoa ei voitu laskea',
    },
    refused: 'Organisaation koordinaattorit ja ylläpitäjät näkevät tilastot.',
    download: 'Lataa',
    csv: 'Tilastot CSV-tiedostona',
    xlsx: 'Tilastot Excel-tiedostona (XLSX)',
    summary: 'Luvut organisaatioittain',
    figure: 'Luku',
    total: 'Yhteensä',
    totalNote:
      'Yhteensä-sarakkeessa sama henkilö lasketaan kerran, vaikka hän olisi ollut useamman yhdistyksen ryhmissä, joten se voi olla pienempi kuin sarakkeiden summa.',
    figures: {
      groups_active: 'Toiminnassa olleet ryhmät',
      groups_new: 'Uudet ryhmät',
      groups_ended: 'Päättyneet ryhmät',
      groups_suspended: 'Keskeytetyt ryhmät',
      sessions_held: 'Pidetyt kokoontumiset',
      sessions_cancelled: 'Perutut kokoontumiset',
      sessions_with_attendance: 'Kokoontumiset, joiden läsnäolo kirjattiin',
      participants_different: 'Eri osallistujat',
      participants_new: 'Uudet osallistujat',
      visits: 'Käynnit',
      children: 'Mukana olleet lapset',
      drop_in_sessions: 'Avoimien ryhmien kokoontumiset',
      drop_in_head_count: 'Avoimien ryhmien kävijät',
      facilitators_total: 'Ohjaajat',
      facilitators_volunteer: 'Vapaaehtoiset ohjaajat',
      facilitators_paid: 'Palkatut ohjaajat',
      facilitators_peer: 'Vertaisohjaajat',
      facilitators_professional: 'Ammattilaisohjaajat',
      volunteer_hours: 'Vapaaehtoistunnit',
      costs_total: 'Kulut (€)',
    },
    byProgramme: 'Ryhmät ohjelman mukaan',
    noProgramme: 'Ei ohjelmaa',
    byJoining: 'Ryhmät liittymistavan mukaan',
    byProfession: 'Ohjaajat ammatin mukaan',
    costs: 'Kulut lajeittain',
    category: 'Laji',
    amount: 'Summa (€)',
    count: 'Määrä',
    month: 'Kuukausi',
    monthly: {
      title: 'Kokoontumiset ja käynnit kuukausittain',
      description:
        'Pylväät: pidetyt kokoontumiset ja käynnit kunakin kuukautena. Samat luvut ovat taulukossa.',
      sessions: 'Pidetyt kokoontumiset',
      visits: 'Käynnit',
    },
    yearly: {
      title: 'Vuosi edelliseen verrattuna',
      description: (now, before) =>
        `Pylväät: keskeiset luvut ajanjaksolla ${now} ja vuotta aiemmin ${before}.`,
      figure: 'Luku',
    },
    groups: {
      title: 'Ryhmät lukujen takana',
      name: 'Ryhmä',
      sessions: 'Pidetyt kokoontumiset',
      visits: 'Käynnit',
      none: 'Ajanjaksolla ei pidetty kokoontumisia.',
    },
    ways: {
      drop_in: 'Avoin, tule paikalle',
      registration: 'Ilmoittautuminen',
      referral: 'Lähete',
      application: 'Haku',
    },
    professions: PROFESSION_NAMES.fi,
    categories: COST_CATEGORY_NAMES.fi,
    definitions:
      'Perutut kokoontumiset eivät ole pidettyjen joukossa. Vapaaehtoistunnit = kunkin pidetyn kokoontumisen kesto × sen ohjanneet vapaaehtoiset ohjaajat.',
    targetsLink: 'Hankkeen tavoitteet ja eteneminen',
    sheet: {
      summary: 'Luvut',
      months: 'Kuukausittain',
      groups: 'Ryhmät',
      breakdown: 'Erittelyt',
      costs: 'Kulut',
      targets: 'Tavoitteet',
      progress: 'Eteneminen',
    },
    project: {
      title: 'Hankkeen tavoitteet',
      intro: 'Kunkin tavoitteen nykyinen arvo, osuus tavoitteesta ja eteneminen hankkeen aikana.',
      period: 'Hankkeen ajanjakso',
      none: 'Organisaatiolle ei ole asetettu tavoitteita.',
      target: 'Tavoite',
      value: 'Nyt',
      share: 'Saavutettu',
      countedFrom: 'Lasketaan',
      notMeasured: 'Mittaria ei ole valittu.',
      chartTitle: (label) => `${label}: eteneminen`,
      chartDescription: (label, target) =>
        `Viiva: tavoitteen "${label}" arvo kunkin kuukauden lopussa. Tavoite on ${target}. Samat luvut ovat taulukossa.`,
      day: 'Päivä',
      goal: 'Tavoite',
      measureHeading: 'Miten tavoite lasketaan',
      measure: 'Mittari',
      background: 'Tausta',
      profession: 'Ammatti',
      save: 'Tallenna mittari',
      figureHeading: 'Kirjaa luku käsin',
      figureValue: 'Arvo',
      figureDay: 'Päivä',
      figureNote: 'Lähde tai huomio',
      add: 'Kirjaa luku',
      figures: 'Käsin kirjatut luvut',
      noFigures: 'Ei käsin kirjattuja lukuja.',
      drill: 'Ryhmät tavoitteiden takana',
      saved: 'Mittari tallennettiin.',
      added: 'Luku kirjattiin.',
      errors: {
        value: 'Anna kokonaisluku, vähintään 0.',
        background: 'Valitse tausta.',
        profession: 'Valitse ammatti.',
      },
    },
    measures: {
      families_by_background: 'perheet taustan mukaan (hakemuksen taustatieto)',
      facilitators_by_profession: 'ohjaajat ammatin mukaan',
      network: 'verkosto: eri osallistujat ja ohjaajat',
      participants: 'eri osallistujat',
      groups_run: 'toiminnassa olleet ryhmät',
      sessions_held: 'pidetyt kokoontumiset',
      visits: 'käynnit',
      manual: 'käsin kirjattu luku',
    },
    backgrounds: { finnish: 'suomalainen perhe', immigrant: 'maahanmuuttajaperhe' },
    statisticsLink: 'Tilastot',
  },
  sv: {
    title: 'Statistik',
    intro:
      'Årsstatistik för finansiärer: grupper, träffar, deltagare, besök, ledare, frivilliga timmar och kostnader. Talen räknas på samma sätt som i gränssnittet och i exportfilerna.',
    organisation: 'Organisation',
    show: 'Visa',
    period: 'Period',
    from: 'Från',
    to: 'Till',
    dateHint: 'Ett datum, t.ex. 31.12.2019. Tomt: innevarande kalenderår.',
    errors: {
      date: 'Ange ett datum, t.ex. 31.12.2019.',
      range: 'Slutdatumet är före startdatumet.',
      heading: 'Statistiken kunde inte räknas',
    },
    refused: 'Organisationens koordinatorer och administratörer ser statistiken.',
    download: 'Ladda ner',
    csv: 'Statistiken som CSV-fil',
    xlsx: 'Statistiken som Excel-fil (XLSX)',
    summary: 'Talen per organisation',
    figure: 'Tal',
    total: 'Totalt',
    totalNote:
      'I kolumnen Totalt räknas samma person en gång, även om hen deltog i flera föreningars grupper, så den kan vara mindre än summan av kolumnerna.',
    figures: {
      groups_active: 'Grupper i verksamhet',
      groups_new: 'Nya grupper',
      groups_ended: 'Avslutade grupper',
      groups_suspended: 'Avbrutna grupper',
      sessions_held: 'Hållna träffar',
      sessions_cancelled: 'Inställda träffar',
      sessions_with_attendance: 'Träffar med antecknad närvaro',
      participants_different: 'Olika deltagare',
      participants_new: 'Nya deltagare',
      visits: 'Besök',
      children: 'Barn som var med',
      drop_in_sessions: 'Öppna gruppers träffar',
      drop_in_head_count: 'Öppna gruppers besökare',
      facilitators_total: 'Ledare',
      facilitators_volunteer: 'Frivilliga ledare',
      facilitators_paid: 'Avlönade ledare',
      facilitators_peer: 'Kamratledare',
      facilitators_professional: 'Yrkespersoner som ledare',
      volunteer_hours: 'Frivilliga timmar',
      costs_total: 'Kostnader (€)',
    },
    byProgramme: 'Grupper enligt program',
    noProgramme: 'Inget program',
    byJoining: 'Grupper enligt sätt att delta',
    byProfession: 'Ledare enligt yrke',
    costs: 'Kostnader per slag',
    category: 'Slag',
    amount: 'Belopp (€)',
    count: 'Antal',
    month: 'Månad',
    monthly: {
      title: 'Träffar och besök per månad',
      description: 'Staplar: hållna träffar och besök varje månad. Samma tal finns i tabellen.',
      sessions: 'Hållna träffar',
      visits: 'Besök',
    },
    yearly: {
      title: 'Året jämfört med året innan',
      description: (now, before) =>
        `Staplar: de viktigaste talen för perioden ${now} och ett år tidigare ${before}.`,
      figure: 'Tal',
    },
    groups: {
      title: 'Grupperna bakom talen',
      name: 'Grupp',
      sessions: 'Hållna träffar',
      visits: 'Besök',
      none: 'Inga träffar hölls under perioden.',
    },
    ways: {
      drop_in: 'Öppen, kom på plats',
      registration: 'Anmälan',
      referral: 'Remiss',
      application: 'Ansökan',
    },
    professions: PROFESSION_NAMES.sv,
    categories: COST_CATEGORY_NAMES.sv,
    definitions:
      'Inställda träffar räknas inte bland de hållna. Frivilliga timmar = varje hållen träffs längd × de frivilliga ledare som ledde den.',
    targetsLink: 'Projektets mål och framsteg',
    sheet: {
      summary: 'Tal',
      months: 'Per månad',
      groups: 'Grupper',
      breakdown: 'Specifikationer',
      costs: 'Kostnader',
      targets: 'Mål',
      progress: 'Framsteg',
    },
    project: {
      title: 'Projektets mål',
      intro: 'Varje måls nuvarande värde, andel av målet och framsteg under projektet.',
      period: 'Projektets period',
      none: 'Organisationen har inga mål.',
      target: 'Mål',
      value: 'Nu',
      share: 'Uppnått',
      countedFrom: 'Räknas som',
      notMeasured: 'Ingen mätare har valts.',
      chartTitle: (label) => `${label}: framsteg`,
      chartDescription: (label, target) =>
        `Linje: värdet för målet "${label}" i slutet av varje månad. Målet är ${target}. Samma tal finns i tabellen.`,
      day: 'Dag',
      goal: 'Mål',
      measureHeading: 'Hur målet räknas',
      measure: 'Mätare',
      background: 'Bakgrund',
      profession: 'Yrke',
      save: 'Spara mätaren',
      figureHeading: 'Anteckna ett tal för hand',
      figureValue: 'Värde',
      figureDay: 'Dag',
      figureNote: 'Källa eller anmärkning',
      add: 'Anteckna talet',
      figures: 'Tal antecknade för hand',
      noFigures: 'Inga tal antecknade för hand.',
      drill: 'Grupperna bakom målen',
      saved: 'Mätaren sparades.',
      added: 'Talet antecknades.',
      errors: {
        value: 'Ange ett heltal, minst 0.',
        background: 'Välj en bakgrund.',
        profession: 'Välj ett yrke.',
      },
    },
    measures: {
      families_by_background: 'familjer enligt bakgrund (ansökans bakgrundsuppgift)',
      facilitators_by_profession: 'ledare enligt yrke',
      network: 'nätverket: olika deltagare och ledare',
      participants: 'olika deltagare',
      groups_run: 'grupper i verksamhet',
      sessions_held: 'hållna träffar',
      visits: 'besök',
      manual: 'tal antecknat för hand',
    },
    backgrounds: { finnish: 'finsk familj', immigrant: 'invandrarfamilj' },
    statisticsLink: 'Statistik',
  },
  en: {
    title: 'Statistics',
    intro:
      'Yearly statistics for funders: groups, sessions, participants, visits, facilitators, volunteer hours and costs. The figures are counted as in the API and the exports.',
    organisation: 'Organisation',
    show: 'Show',
    period: 'Period',
    from: 'From',
    to: 'To',
    dateHint: 'A date, e.g. 31.12.2019. Empty: the current calendar year.',
    errors: {
      date: 'Give a date, e.g. 31.12.2019.',
      range: 'The end date is before the start date.',
      heading: 'The statistics could not be counted',
    },
    refused: "The organisation's coordinators and admins see the statistics.",
    download: 'Download',
    csv: 'Statistics as a CSV file',
    xlsx: 'Statistics as an Excel file (XLSX)',
    summary: 'Figures by organisation',
    figure: 'Figure',
    total: 'Total',
    totalNote:
      "In the Total column one person counts once, even if they were in several associations' groups, so it can be less than the sum of the columns.",
    figures: {
      groups_active: 'Groups active',
      groups_new: 'New groups',
      groups_ended: 'Groups ended',
      groups_suspended: 'Groups suspended',
      sessions_held: 'Sessions held',
      sessions_cancelled: 'Sessions cancelled',
      sessions_with_attendance: 'Sessions with attendance recorded',
      participants_different: 'Different participants',
      participants_new: 'New participants',
      visits: 'Visits',
      children: 'Children along',
      drop_in_sessions: 'Drop-in sessions',
      drop_in_head_count: 'Drop-in head count',
      facilitators_total: 'Facilitators',
      facilitators_volunteer: 'Volunteer facilitators',
      facilitators_paid: 'Paid facilitators',
      facilitators_peer: 'Peer facilitators',
      facilitators_professional: 'Professional facilitators',
      volunteer_hours: 'Volunteer hours',
      costs_total: 'Costs (€)',
    },
    byProgramme: 'Groups by programme',
    noProgramme: 'No programme',
    byJoining: 'Groups by way of joining',
    byProfession: 'Facilitators by profession',
    costs: 'Costs by category',
    category: 'Category',
    amount: 'Amount (€)',
    count: 'Number',
    month: 'Month',
    monthly: {
      title: 'Sessions and visits per month',
      description: 'Bars: sessions held and visits in each month. The same figures are in the table.',
      sessions: 'Sessions held',
      visits: 'Visits',
    },
    yearly: {
      title: 'Year against year',
      description: (now, before) =>
        `Bars: the main figures of the period ${now} and a year earlier, ${before}.`,
      figure: 'Figure',
    },
    groups: {
      title: 'The groups behind the figures',
      name: 'Group',
      sessions: 'Sessions held',
      visits: 'Visits',
      none: 'No sessions were held in the period.',
    },
    ways: {
      drop_in: 'Drop in',
      registration: 'Registration',
      referral: 'Referral',
      application: 'Application',
    },
    professions: PROFESSION_NAMES.en,
    categories: COST_CATEGORY_NAMES.en,
    definitions:
      'Cancelled sessions are not among those held. Volunteer hours = each held session’s length × the volunteer facilitators who ran it.',
    targetsLink: "The project's targets and progress",
    sheet: {
      summary: 'Figures',
      months: 'By month',
      groups: 'Groups',
      breakdown: 'Breakdowns',
      costs: 'Costs',
      targets: 'Targets',
      progress: 'Progress',
    },
    project: {
      title: "The project's targets",
      intro: "Each target's current value, the share reached and its progress over the project.",
      period: "The project's period",
      none: 'The organisation has no targets.',
      target: 'Target',
      value: 'Now',
      share: 'Reached',
      countedFrom: 'Counted from',
      notMeasured: 'No measure has been chosen.',
      chartTitle: (label) => `${label}: progress`,
      chartDescription: (label, target) =>
        `Line: the value of the target "${label}" at the end of each month. The target is ${target}. The same figures are in the table.`,
      day: 'Day',
      goal: 'Target',
      measureHeading: 'How the target is counted',
      measure: 'Measure',
      background: 'Background',
      profession: 'Profession',
      save: 'Save the measure',
      figureHeading: 'Record a figure by hand',
      figureValue: 'Value',
      figureDay: 'Day',
      figureNote: 'Source or note',
      add: 'Record the figure',
      figures: 'Figures recorded by hand',
      noFigures: 'No figures recorded by hand.',
      drill: 'The groups behind the targets',
      saved: 'The measure was saved.',
      added: 'The figure was recorded.',
      errors: {
        value: 'Give a whole number, at least 0.',
        background: 'Choose a background.',
        profession: 'Choose a profession.',
      },
    },
    measures: {
      families_by_background: "families by background (the application's background fact)",
      facilitators_by_profession: 'facilitators by profession',
      network: 'the network: different participants and facilitators',
      participants: 'different participants',
      groups_run: 'groups run',
      sessions_held: 'sessions held',
      visits: 'visits',
      manual: 'a figure recorded by hand',
    },
    backgrounds: { finnish: 'Finnish family', immigrant: 'immigrant family' },
    statisticsLink: 'Statistics',
  },
};
