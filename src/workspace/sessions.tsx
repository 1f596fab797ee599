/**
 * Running a group in the staff workspace: its sessions (the programme's plan, themes,
 * cancelling, moving, extra sessions, holiday breaks, notes and materials for the
 * facilitators) and a phone-sized attendance page. For the organisation's coordinators and
 * the group's own facilitators; server-rendered, without JavaScript, every form CSRF-protected.
 */
import { actorName } from './actor-name.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { isUuid } from '../http/schemas.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import {
  formatSessionTime,
  helsinkiToday,
  instantToHelsinkiWall,
  toHelsinkiIso,
  formatDateTime,
} from '../shared/time.ts';
import { getGroup } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import * as scheduleRepo from '../schedules/repository.ts';
import { scheduleTexts } from './schedule.tsx';
import {
  addExtraSession,
  authorizeSessionChange,
  changeSession,
  holidayBreak,
  saveSessionNotes,
  sessionNotes,
  type SessionChange,
} from '../schedules/service.ts';
import {
  attendanceKindOf,
  groupAttendance,
  readAttendance,
  recordAttendance,
} from '../attendance/service.ts';
import { AttendanceSummary } from './attendance-summary.tsx';
import {
  addSessionGuest,
  listSessionGuests,
  removeSessionGuest,
  type GuestJson,
} from '../schedules/guests.ts';
import { Field } from '../web/fields.tsx';
import { Button, Checkbox, Csrf, ErrorBox, Notice, Select } from './admin-ui.tsx';
import { findTemplate } from '../groups/repository.ts';
import { isLang, langOf, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { sendNotFound } from '../web/send.tsx';
import type { Kit } from './participants.tsx';
import { validCsrf } from './security.ts';
import { FeedbackLinks } from './feedback/view.tsx';
import { sessionFacilitators, type SessionFacilitators } from '../reporting/session-facilitators.ts';
import { SessionFacilitatorsSection, sessionFacilitatorsSaved } from './reports/session-facilitators.tsx';

type PlanKind = 'kickoff' | 'theme' | 'closing' | 'regular' | 'extra';
const CANCEL_REASONS = [
  'holiday',
  'facilitator_unavailable',
  'venue_unavailable',
  'low_attendance',
  'other',
] as const;
type CancelReason = (typeof CANCEL_REASONS)[number];

interface Texts {
  link: string;
  title: (group: string) => string;
  back: string;
  backToSessions: string;
  forbidden: string;
  none: string;
  columns: { time: string; kind: string; theme: string; status: string; attendance: string };
  kinds: Record<PlanKind, string>;
  status: { scheduled: string; cancelled: string };
  reasons: Record<CancelReason | 'group_suspended', string>;
  recorded: (n: number) => string;
  mark: string;
  open: string;
  optional: string;
  date: string;
  time: string;
  duration: string;
  errorsHeading: string;
  errors: {
    date: string;
    time: string;
    duration: string;
    count: string;
    interval: string;
    themeFi: string;
    range: string;
    count0: string;
    theme: string;
    failed: string;
    restore: string;
  };
  extra: { heading: string; hint: string; submit: string };
  holiday: { heading: string; hint: string; from: string; to: string; reason: string; submit: string };
  session: {
    title: (kind: string, when: string) => string;
    when: string;
    kind: string;
    theme: string;
    noTheme: string;
    status: string;
    themeHeading: string;
    themeHint: string;
    themeChoice: string;
    themeNone: string;
    themeFi: string;
    themeSv: string;
    themeEn: string;
    themeSubmit: string;
    notesHeading: string;
    notesHint: string;
    notes: string;
    materials: string;
    notesSubmit: string;
    moveHeading: string;
    moveHint: string;
    moveSubmit: string;
    cancelHeading: string;
    cancelHint: string;
    reasonCode: string;
    reason: string;
    cancelSubmit: string;
    cancelled: (reason: string) => string;
    restore: string;
  };
  guests: {
    heading: string;
    hint: string;
    none: string;
    name: string;
    affiliation: string;
    affiliationHint: string;
    topicFi: string;
    topicSv: string;
    topicEn: string;
    namePublic: string;
    shownPublicly: string;
    topicOnly: string;
    submit: string;
    remove: (name: string) => string;
    errors: { name: string; topicFi: string; tooLong: (n: number) => string };
  };
  attendance: {
    title: (when: string) => string;
    named: string;
    namedHint: string;
    nobody: string;
    headCount: string;
    children: string;
    submit: string;
    notStarted: string;
    cancelled: string;
    saved: (n: number, when: string, by: string) => string;
    headCountError: string;
    childrenError: string;
  };
  done: {
    theme: string;
    notes: string;
    moved: string;
    cancelled: string;
    restored: string;
    extra: string;
    holiday: (n: number) => string;
    attendance: string;
    guestAdded: string;
    guestRemoved: string;
  };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    link: 'Kokoontumiset ja läsnäolot',
    title: (g) => `Kokoontumiset: ${g}`,
    back: 'Takaisin ryhmään',
    backToSessions: 'Takaisin kokoontumisiin',
    forbidden: 'Kokoontumisia hoitavat organisaation koordinaattorit ja ryhmän omat ohjaajat.',
    none: 'Ryhmällä ei ole vielä kokoontumisia.',
    columns: { time: 'Aika', kind: 'Tapaaminen', theme: 'Teema', status: 'Tila', attendance: 'Läsnäolo' },
    kinds: {
      kickoff: 'Aloitustapaaminen',
      theme: 'Teematapaaminen',
      closing: 'Päättämistapaaminen',
      regular: 'Tapaaminen',
      extra: 'Lisätapaaminen',
    },
    status: { scheduled: 'Tulossa', cancelled: 'Peruttu' },
    reasons: {
      holiday: 'Loma',
      facilitator_unavailable: 'Ohjaaja estynyt',
      venue_unavailable: 'Tila ei käytettävissä',
      low_attendance: 'Vähäinen osallistujamäärä',
      group_suspended: 'Ryhmän toiminta keskeytetty',
      other: 'Muu syy',
    },
    recorded: (n) => `Merkitty: ${n} paikalla`,
    mark: 'Merkitse läsnäolot',
    open: 'Avaa',
    optional: '(vapaaehtoinen)',
    date: 'Päivä',
    time: 'Alkamisaika',
    duration: 'Kesto minuutteina',
    errorsHeading: 'Tarkista nämä kohdat',
    errors: {
      date: 'Anna päivä muodossa vvvv-kk-pp.',
      time: 'Anna kellonaika muodossa tt:mm.',
      duration: 'Anna kesto minuutteina, 5–1440.',
      count: 'Anna tapaamisten määrä, 1–60.',
      interval: 'Valitse, kuinka usein ryhmä kokoontuu.',
      themeFi: 'Kirjoita teema ainakin suomeksi.',
      range: 'Tauon viimeinen päivä on ennen ensimmäistä.',
      count0: 'Tauon ajalle ei osunut yhtään tulevaa tapaamista.',
      theme: 'Valitse teema ohjelman teemoista.',
      failed: 'Muutosta ei voitu tallentaa. Tarkista tiedot.',
      restore: 'Keskeytetyn tai päättyneen ryhmän tapaamista ei voi palauttaa.',
    },
    extra: {
      heading: 'Lisää lisätapaaminen',
      hint: 'Esimerkiksi vierailijan kanssa. Lisätapaaminen ei muuta ohjelman suunnitelmaa.',
      submit: 'Lisää tapaaminen',
    },
    holiday: {
      heading: 'Lomatauko',
      hint: 'Perutaan kaikki tapaamiset näiden päivien väliltä (päivät mukaan lukien). Osallistujat saavat viestin jokaisesta perutusta tapaamisesta.',
      from: 'Tauon ensimmäinen päivä',
      to: 'Tauon viimeinen päivä',
      reason: 'Viesti osallistujille',
      submit: 'Peru tapaamiset tauon ajalta',
    },
    session: {
      title: (k, w) => `${k} ${w}`,
      when: 'Aika',
      kind: 'Tapaaminen',
      theme: 'Teema',
      noTheme: 'Ei teemaa',
      status: 'Tila',
      themeHeading: 'Teema',
      themeHint: 'Teema näkyy ryhmän julkisella sivulla.',
      themeChoice: 'Ohjelman teemat',
      themeNone: 'Ei valittua teemaa',
      themeFi: 'Teema suomeksi',
      themeSv: 'Teema ruotsiksi',
      themeEn: 'Teema englanniksi',
      themeSubmit: 'Tallenna teema',
      notesHeading: 'Muistiinpanot ja materiaalit',
      notesHint: 'Näkyvät vain organisaation koordinaattoreille ja ryhmän ohjaajille, eivät osallistujille.',
      notes: 'Muistiinpanot ohjaajille',
      materials: 'Materiaalit',
      notesSubmit: 'Tallenna muistiinpanot',
      moveHeading: 'Siirrä tapaaminen',
      moveHint: 'Ilmoittautuneet saavat viestin uudesta ajasta. Kesto pysyy samana.',
      moveSubmit: 'Siirrä tapaaminen',
      cancelHeading: 'Peru tapaaminen',
      cancelHint: 'Ilmoittautuneet saavat viestin perumisesta ja syystä.',
      reasonCode: 'Syy',
      reason: 'Viesti osallistujille',
      cancelSubmit: 'Peru tapaaminen',
      cancelled: (r) => `Tapaaminen on peruttu: ${r}`,
      restore: 'Palauta tapaaminen',
    },
    guests: {
      heading: 'Vierailevat asiantuntijat',
      hint: 'Esimerkiksi terveydenhoitaja kertoo unesta. Kirjaa vain nimi, ammatti tai tausta ja aihe, ei yhteystietoja. Ryhmän julkisella sivulla näkyy vain aihe, ellei vierailija ole antanut lupaa näyttää nimeään.',
      none: 'Tälle tapaamiselle ei ole kirjattu vierailijoita.',
      name: 'Vierailijan nimi',
      affiliation: 'Ammatti tai tausta',
      affiliationHint: 'Esimerkiksi terveydenhoitaja, Hervannan neuvola.',
      topicFi: 'Aihe suomeksi',
      topicSv: 'Aihe ruotsiksi',
      topicEn: 'Aihe englanniksi',
      namePublic: 'Vierailija on antanut luvan näyttää nimensä ja taustansa ryhmän julkisella sivulla',
      shownPublicly: 'nimi näkyy julkisesti',
      topicOnly: 'julkisesti näkyy vain aihe',
      submit: 'Lisää vierailija',
      remove: (n) => `Poista vierailija ${n}`,
      errors: {
        name: 'Kirjoita vierailijan nimi.',
        topicFi: 'Kirjoita aihe ainakin suomeksi.',
        tooLong: (n) => `Enintään ${n} merkkiä.`,
      },
    },
    attendance: {
      title: (w) => `Läsnäolot ${w}`,
      named: 'Ketkä olivat paikalla?',
      namedHint: 'Rastita paikalla olleet ja tallenna kerralla.',
      nobody: 'Ryhmässä ei ole vahvistettuja osallistujia.',
      headCount: 'Montako ihmistä tuli?',
      children: 'Montako lasta oli mukana?',
      submit: 'Tallenna läsnäolot',
      notStarted: 'Läsnäolot merkitään, kun tapaaminen on alkanut.',
      cancelled: 'Tapaaminen on peruttu, joten läsnäoloja ei merkitä.',
      saved: (n, w, b) => `Tallennettu ${w} (${b}): ${n} paikalla.`,
      headCountError: 'Anna osallistujien määrä kokonaislukuna (0 tai enemmän).',
      childrenError: 'Anna lasten määrä kokonaislukuna (0 tai enemmän).',
    },
    done: {
      theme: 'Teema tallennettiin.',
      notes: 'Muistiinpanot tallennettiin.',
      moved: 'Tapaaminen siirrettiin. Ilmoittautuneet saavat viestin.',
      cancelled: 'Tapaaminen peruttiin. Ilmoittautuneet saavat viestin.',
      restored: 'Tapaaminen palautettiin.',
      extra: 'Lisätapaaminen lisättiin.',
      holiday: (n) => `Lomatauon ajalta peruttiin ${n} tapaamista.`,
      attendance: 'Läsnäolot tallennettiin.',
      guestAdded: 'Vierailija lisättiin.',
      guestRemoved: 'Vierailija poistettiin.',
    },
  },
  sv: {
    link: 'Träffar och närvaro',
    title: (g) => `Träffar: ${g}`,
    back: 'Tillbaka till gruppen',
    backToSessions: 'Tillbaka till träffarna',
    forbidden: 'Träffarna sköts av organisationens koordinatorer och gruppens egna ledare.',
    none: 'Gruppen har inga träffar ännu.',
    columns: { time: 'Tid', kind: 'Träff', theme: 'Tema', status: 'Status', attendance: 'Närvaro' },
    kinds: {
      kickoff: 'Startträff',
      theme: 'Tematräff',
      closing: 'Avslutande träff',
      regular: 'Träff',
      extra: 'Extra träff',
    },
    status: { scheduled: 'Planerad', cancelled: 'Inställd' },
    reasons: {
      holiday: 'Semester',
      facilitator_unavailable: 'Ledaren förhindrad',
      venue_unavailable: 'Lokalen inte tillgänglig',
      low_attendance: 'Få deltagare',
      group_suspended: 'Gruppens verksamhet avbruten',
      other: 'Annan orsak',
    },
    recorded: (n) => `Antecknat: ${n} närvarande`,
    mark: 'Anteckna närvaro',
    open: 'Öppna',
    optional: '(frivilligt)',
    date: 'Dag',
    time: 'Starttid',
    duration: 'Längd i minuter',
    errorsHeading: 'Kontrollera följande',
    errors: {
      date: 'Ange dagen i formen åååå-mm-dd.',
      time: 'Ange klockslaget i formen tt:mm.',
      duration: 'Ange längden i minuter, 5–1440.',
      count: 'Ange antalet träffar, 1–60.',
      interval: 'Välj hur ofta gruppen träffas.',
      themeFi: 'Skriv temat åtminstone på finska.',
      range: 'Pausens sista dag är före den första.',
      count0: 'Inga kommande träffar infaller under pausen.',
      theme: 'Välj ett av programmets teman.',
      failed: 'Ändringen kunde inte sparas. Kontrollera uppgifterna.',
      restore: 'En träff i en avbruten eller avslutad grupp kan inte återställas.',
    },
    extra: {
      heading: 'Lägg till en extra träff',
      hint: 'Till exempel med en gäst. En extra träff ändrar inte programmets plan.',
      submit: 'Lägg till träffen',
    },
    holiday: {
      heading: 'Semesteruppehåll',
      hint: 'Alla träffar mellan dagarna (dagarna inräknade) ställs in. Deltagarna får ett meddelande om varje inställd träff.',
      from: 'Pausens första dag',
      to: 'Pausens sista dag',
      reason: 'Meddelande till deltagarna',
      submit: 'Ställ in träffarna under pausen',
    },
    session: {
      title: (k, w) => `${k} ${w}`,
      when: 'Tid',
      kind: 'Träff',
      theme: 'Tema',
      noTheme: 'Inget tema',
      status: 'Status',
      themeHeading: 'Tema',
      themeHint: 'Temat visas på gruppens offentliga sida.',
      themeChoice: 'Programmets teman',
      themeNone: 'Inget valt tema',
      themeFi: 'Temat på finska',
      themeSv: 'Temat på svenska',
      themeEn: 'Temat på engelska',
      themeSubmit: 'Spara temat',
      notesHeading: 'Anteckningar och material',
      notesHint: 'Syns bara för organisationens koordinatorer och gruppens ledare, inte för deltagarna.',
      notes: 'Anteckningar för ledarna',
      materials: 'Material',
      notesSubmit: 'Spara anteckningarna',
      moveHeading: 'Flytta träffen',
      moveHint: 'De anmälda får ett meddelande om den nya tiden. Längden förblir densamma.',
      moveSubmit: 'Flytta träffen',
      cancelHeading: 'Ställ in träffen',
      cancelHint: 'De anmälda får ett meddelande om att träffen ställs in och varför.',
      reasonCode: 'Orsak',
      reason: 'Meddelande till deltagarna',
      cancelSubmit: 'Ställ in träffen',
      cancelled: (r) => `Träffen är inställd: ${r}`,
      restore: 'Återställ träffen',
    },
    guests: {
      heading: 'Gästande experter',
      hint: 'Till exempel en hälsovårdare som berättar om sömn. Anteckna bara namn, yrke eller bakgrund och ämne, inga kontaktuppgifter. På gruppens offentliga sida syns bara ämnet, om inte gästen har gett lov att visa sitt namn.',
      none: 'Inga gäster har antecknats för den här träffen.',
      name: 'Gästens namn',
      affiliation: 'Yrke eller bakgrund',
      affiliationHint: 'Till exempel hälsovårdare, Hervanta rådgivning.',
      topicFi: 'Ämne på finska',
      topicSv: 'Ämne på svenska',
      topicEn: 'Ämne på engelska',
      namePublic: 'Gästen har gett lov att visa sitt namn och sin bakgrund på gruppens offentliga sida',
      shownPublicly: 'namnet syns offentligt',
      topicOnly: 'offentligt syns bara ämnet',
      submit: 'Lägg till gästen',
      remove: (n) => `Ta bort gästen ${n}`,
      errors: {
        name: 'Skriv gästens namn.',
        topicFi: 'Skriv ämnet åtminstone på finska.',
        tooLong: (n) => `Högst ${n} tecken.`,
      },
    },
    attendance: {
      title: (w) => `Närvaro ${w}`,
      named: 'Vilka var på plats?',
      namedHint: 'Kryssa för dem som var på plats och spara på en gång.',
      nobody: 'Gruppen har inga bekräftade deltagare.',
      headCount: 'Hur många personer kom?',
      children: 'Hur många barn var med?',
      submit: 'Spara närvaron',
      notStarted: 'Närvaron antecknas när träffen har börjat.',
      cancelled: 'Träffen är inställd, så ingen närvaro antecknas.',
      saved: (n, w, b) => `Sparat ${w} (${b}): ${n} närvarande.`,
      headCountError: 'Ange antalet deltagare som ett heltal (0 eller fler).',
      childrenError: 'Ange antalet barn som ett heltal (0 eller fler).',
    },
    done: {
      theme: 'Temat sparades.',
      notes: 'Anteckningarna sparades.',
      moved: 'Träffen flyttades. De anmälda får ett meddelande.',
      cancelled: 'Träffen ställdes in. De anmälda får ett meddelande.',
      restored: 'Träffen återställdes.',
      extra: 'Den extra träffen lades till.',
      holiday: (n) => `${n} träffar ställdes in under semesteruppehållet.`,
      attendance: 'Närvaron sparades.',
      guestAdded: 'Gästen lades till.',
      guestRemoved: 'Gästen togs bort.',
    },
  },
  en: {
    link: 'Sessions and attendance',
    title: (g) => `Sessions: ${g}`,
    back: 'Back to the group',
    backToSessions: 'Back to the sessions',
    forbidden: "Sessions are run by the organisation's coordinators and the group's own facilitators.",
    none: 'The group has no sessions yet.',
    columns: { time: 'Time', kind: 'Session', theme: 'Theme', status: 'Status', attendance: 'Attendance' },
    kinds: {
      kickoff: 'Kickoff meeting',
      theme: 'Theme meeting',
      closing: 'Closing meeting',
      regular: 'Meeting',
      extra: 'Extra meeting',
    },
    status: { scheduled: 'Scheduled', cancelled: 'Cancelled' },
    reasons: {
      holiday: 'Holiday',
      facilitator_unavailable: 'Facilitator unavailable',
      venue_unavailable: 'Venue unavailable',
      low_attendance: 'Low attendance',
      group_suspended: 'Group suspended',
      other: 'Other reason',
    },
    recorded: (n) => `Recorded: ${n} present`,
    mark: 'Mark attendance',
    open: 'Open',
    optional: '(optional)',
    date: 'Date',
    time: 'Start time',
    duration: 'Length in minutes',
    errorsHeading: 'Please check these',
    errors: {
      date: 'Give the date as yyyy-mm-dd.',
      time: 'Give the time as hh:mm.',
      duration: 'Give the length in minutes, 5–1440.',
      count: 'Give the number of meetings, 1–60.',
      interval: 'Choose how often the group meets.',
      themeFi: 'Write the theme in Finnish at least.',
      range: 'The last day of the break is before the first.',
      count0: 'No upcoming session falls within the break.',
      theme: "Choose one of the programme's themes.",
      failed: 'The change could not be saved. Please check the details.',
      restore: 'A session of a suspended or ended group cannot be restored.',
    },
    extra: {
      heading: 'Add an extra meeting',
      hint: "For example with a guest. An extra meeting does not change the programme's plan.",
      submit: 'Add the meeting',
    },
    holiday: {
      heading: 'Holiday break',
      hint: 'Every meeting between these dates (both included) is cancelled. Participants get a message about each cancelled meeting.',
      from: 'First day of the break',
      to: 'Last day of the break',
      reason: 'Message to participants',
      submit: 'Cancel the meetings during the break',
    },
    session: {
      title: (k, w) => `${k} ${w}`,
      when: 'Time',
      kind: 'Session',
      theme: 'Theme',
      noTheme: 'No theme',
      status: 'Status',
      themeHeading: 'Theme',
      themeHint: "The theme is shown on the group's public page.",
      themeChoice: "The programme's themes",
      themeNone: 'No theme chosen',
      themeFi: 'Theme in Finnish',
      themeSv: 'Theme in Swedish',
      themeEn: 'Theme in English',
      themeSubmit: 'Save the theme',
      notesHeading: 'Notes and materials',
      notesHint:
        "Seen only by the organisation's coordinators and the group's facilitators, never by participants.",
      notes: 'Notes for the facilitators',
      materials: 'Materials',
      notesSubmit: 'Save the notes',
      moveHeading: 'Move the meeting',
      moveHint: 'Registered participants get a message with the new time. The length stays the same.',
      moveSubmit: 'Move the meeting',
      cancelHeading: 'Cancel the meeting',
      cancelHint: 'Registered participants get a message that the meeting is cancelled, and why.',
      reasonCode: 'Reason',
      reason: 'Message to participants',
      cancelSubmit: 'Cancel the meeting',
      cancelled: (r) => `The meeting is cancelled: ${r}`,
      restore: 'Restore the meeting',
    },
    guests: {
      heading: 'Guest experts',
      hint: "For example a public health nurse talking about sleep. Record only a name, a profession or background and the topic, no contact details. The group's public page shows only the topic unless the guest has agreed to show their name.",
      none: 'No guests are recorded for this session.',
      name: "Guest's name",
      affiliation: 'Profession or background',
      affiliationHint: 'For example public health nurse, Hervanta child health clinic.',
      topicFi: 'Topic in Finnish',
      topicSv: 'Topic in Swedish',
      topicEn: 'Topic in English',
      namePublic: "The guest has agreed to show their name and background on the group's public page",
      shownPublicly: 'name shown publicly',
      topicOnly: 'only the topic is shown publicly',
      submit: 'Add the guest',
      remove: (n) => `Remove guest ${n}`,
      errors: {
        name: "Write the guest's name.",
        topicFi: 'Write the topic at least in Finnish.',
        tooLong: (n) => `At most ${n} characters.`,
      },
    },
    attendance: {
      title: (w) => `Attendance ${w}`,
      named: 'Who was there?',
      namedHint: 'Tick everyone who came and save once.',
      nobody: 'The group has no confirmed participants.',
      headCount: 'How many people came?',
      children: 'How many children came along?',
      submit: 'Save attendance',
      notStarted: 'Attendance is marked once the meeting has started.',
      cancelled: 'The meeting is cancelled, so there is no attendance to mark.',
      saved: (n, w, b) => `Saved ${w} (${b}): ${n} present.`,
      headCountError: 'Give the number of people as a whole number (0 or more).',
      childrenError: 'Give the number of children as a whole number (0 or more).',
    },
    done: {
      theme: 'The theme was saved.',
      notes: 'The notes were saved.',
      moved: 'The meeting was moved. Registered participants get a message.',
      cancelled: 'The meeting was cancelled. Registered participants get a message.',
      restored: 'The meeting was restored.',
      extra: 'The extra meeting was added.',
      holiday: (n) => `${n} meetings were cancelled for the holiday break.`,
      attendance: 'Attendance was saved.',
      guestAdded: 'The guest was added.',
      guestRemoved: 'The guest was removed.',
    },
  },
};

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

// ------------------------------------------------------------------ small parts

/** A text from the data, marked with its own language when it had to fall back. */
function Text({ text, lang }: { text: LocalizedText | null; lang: Lang }) {
  const own = langOf(text, lang);
  return <span lang={own === lang ? undefined : own}>{pick(text, lang)}</span>;
}

/** A labelled input with its hint and error linked by aria-describedby; keeps what was typed. */
/** One form in a bordered box with its heading and hint, as the lifecycle actions are. */
function ActionBox(props: {
  id: string;
  heading: string;
  hint?: string;
  action: string;
  csrf: string;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <section class="staff-action" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`} class="staff-action__heading">
        {props.heading}
      </h2>
      {props.hint ? (
        <p class="muted" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? <ErrorBox text={props.error} id={`${props.id}-error`} /> : null}
      <form
        method="post"
        action={props.action}
        novalidate
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      >
        <Csrf token={props.csrf} />
        {props.children}
      </form>
    </section>
  );
}

// ------------------------------------------------------------------ links from other pages

/** The link from a group's workspace page to its sessions and attendance. */
export function GroupSessionsLink({ lang, slug }: { lang: Lang; slug: string }) {
  return (
    <p>
      <a href={staffPath(lang, `/groups/${slug}/sessions`)}>{TEXTS[lang].link}</a>
    </p>
  );
}

/** The link from a facilitator's start page to marking a session's attendance. */
export function AttendanceLink({ lang, sessionId }: { lang: Lang; sessionId: string }) {
  return <a href={staffPath(lang, `/sessions/${sessionId}/attendance`)}>{TEXTS[lang].mark}</a>;
}

// ------------------------------------------------------------------ forms as values

type Body = Record<string, unknown> | undefined;
const str = (body: Body, key: string, max = 1000) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const validTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
const intIn = (s: string, min: number, max: number) => {
  const t = s.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

type Fields = Record<string, string>;
type Errors = Record<string, string>;
/** Which form on a page was posted, what was typed in it, and what is wrong with it. */
interface Posted {
  form: string;
  fields: Fields;
  errors: Errors;
  message?: string;
}

// ------------------------------------------------------------------ pages

interface SessionLine {
  id: string;
  starts_at: string;
  ends_at: string;
  status: 'scheduled' | 'cancelled';
  plan_kind: PlanKind;
  theme: LocalizedText | null;
  cancel_reason_code: string | null;
  present_count: number | null;
  started: boolean;
}

interface SessionsView {
  group: GroupRow;
  sessions: SessionLine[];
  manage: boolean;
  planLength: number;
  durationDefault: number;
  today: string;
  csrf: string;
  done?: string;
  posted?: Posted;
  /** the numbers for reports, for those who run the group's meetings */
  totals?: Awaited<ReturnType<typeof groupAttendance>>['totals'];
}

function kindText(lang: Lang, kind: string) {
  return TEXTS[lang].kinds[kind as PlanKind] ?? kind;
}
function reasonText(lang: Lang, code: string | null) {
  return TEXTS[lang].reasons[(code ?? 'other') as CancelReason] ?? code ?? '';
}

function SessionsPage({ lang, view }: { lang: Lang; view: SessionsView }) {
  const t = TEXTS[lang];
  const g = view.group;
  const base = `/groups/${g.slug}/sessions`;
  const posted = (form: string) => (view.posted?.form === form ? view.posted : undefined);
  const extra = posted('extra');
  const holiday = posted('holiday');
  const f = (p: Posted | undefined, key: string, fallback = '') => p?.fields[key] ?? fallback;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${g.slug}`)}>{t.back}</a>
      </p>
      <h1>{t.title(pick(g.name, lang))}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      {view.sessions.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="session-list">
          {view.sessions.map((s) => (
            <li class={`session-line${s.status === 'cancelled' ? ' session--cancelled' : ''}`}>
              <a href={staffPath(lang, `/sessions/${s.id}`)} class="session-line__time">
                <time dateTime={s.starts_at}>{formatSessionTime(s.starts_at, s.ends_at, lang)}</time>
              </a>
              <span class="session-line__kind">
                {kindText(lang, s.plan_kind)}
                {s.theme &&
                pick(s.theme, lang).toLowerCase() !== kindText(lang, s.plan_kind).toLowerCase() ? (
                  <>
                    {': '}
                    <Text text={s.theme} lang={lang} />
                  </>
                ) : null}
              </span>
              <span class="session-line__status">
                {s.status === 'cancelled'
                  ? `${t.status.cancelled} – ${reasonText(lang, s.cancel_reason_code)}`
                  : s.present_count !== null
                    ? t.recorded(s.present_count)
                    : t.status.scheduled}
              </span>
              {s.status === 'scheduled' && s.started ? (
                <a href={staffPath(lang, `/sessions/${s.id}/attendance`)} class="session-line__mark">
                  {t.mark}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.totals ? <AttendanceSummary lang={lang} totals={view.totals} /> : null}
      {view.manage ? (
        <p>
          <a href={staffPath(lang, `/groups/${g.slug}/schedule`)}>{scheduleTexts(lang).link}</a>
        </p>
      ) : null}
      <ActionBox
        id="extra"
        heading={t.extra.heading}
        hint={t.extra.hint}
        action={staffPath(lang, `${base}/extra`)}
        csrf={view.csrf}
        error={extra?.message}
      >
        <Field
          id="extra_date"
          type="date"
          label={t.date}
          value={f(extra, 'extra_date')}
          error={extra?.errors.extra_date}
        />
        <Field
          id="extra_time"
          type="time"
          label={t.time}
          value={f(extra, 'extra_time', '17:00')}
          error={extra?.errors.extra_time}
        />
        <Field
          id="extra_duration"
          label={t.duration}
          inputMode="numeric"
          value={f(extra, 'extra_duration', String(view.durationDefault))}
          error={extra?.errors.extra_duration}
        />
        <Field
          id="extra_theme_fi"
          label={`${t.session.themeFi} ${t.optional}`}
          value={f(extra, 'extra_theme_fi')}
          error={extra?.errors.extra_theme_fi}
        />
        <Field
          id="extra_theme_sv"
          label={`${t.session.themeSv} ${t.optional}`}
          value={f(extra, 'extra_theme_sv')}
        />
        <Field
          id="extra_theme_en"
          label={`${t.session.themeEn} ${t.optional}`}
          value={f(extra, 'extra_theme_en')}
        />
        <p>
          <Button>{t.extra.submit}</Button>
        </p>
      </ActionBox>
      <ActionBox
        id="holiday"
        heading={t.holiday.heading}
        hint={t.holiday.hint}
        action={staffPath(lang, `${base}/holiday`)}
        csrf={view.csrf}
        error={holiday?.message}
      >
        <Field
          id="holiday_from"
          type="date"
          label={t.holiday.from}
          value={f(holiday, 'holiday_from')}
          error={holiday?.errors.holiday_from}
        />
        <Field
          id="holiday_to"
          type="date"
          label={t.holiday.to}
          value={f(holiday, 'holiday_to')}
          error={holiday?.errors.holiday_to}
        />
        <Field
          id="holiday_reason"
          label={`${t.holiday.reason} ${t.optional}`}
          value={f(holiday, 'holiday_reason')}
          multiline
        />
        <p>
          <Button>{t.holiday.submit}</Button>
        </p>
      </ActionBox>
    </>
  );
}

interface SessionView {
  group: GroupRow;
  session: scheduleRepo.SessionRow;
  themes: { key: string; label: LocalizedText }[];
  notes: { notes: string; materials: string };
  guests: GuestJson[];
  /** who ran the session, for the volunteer hours */
  facilitators: SessionFacilitators;
  started: boolean;
  csrf: string;
  done?: string;
  posted?: Posted;
}

/** The session's guest experts, a way to remove each, and a form to name one more. */
function GuestsSection({ lang, view, posted }: { lang: Lang; view: SessionView; posted?: Posted }) {
  const t = TEXTS[lang];
  const tg = t.guests;
  const base = `/sessions/${view.session.id}/guests`;
  const f = (key: string) => posted?.fields[key] ?? '';
  return (
    <section class="staff-action" aria-labelledby="guests-heading">
      <h2 id="guests-heading" class="staff-action__heading">
        {tg.heading}
      </h2>
      <p class="muted" id="guests-hint">
        {tg.hint}
      </p>
      {view.guests.length === 0 ? (
        <p>{tg.none}</p>
      ) : (
        <ul class="staff-list session-guests">
          {view.guests.map((g) => (
            <li>
              <strong>{g.name}</strong>
              {g.affiliation ? `, ${g.affiliation}` : ''}
              {' – '}
              <Text text={g.topic} lang={lang} />{' '}
              <span class="muted">({g.name_public ? tg.shownPublicly : tg.topicOnly})</span>
              <form method="post" action={staffPath(lang, `${base}/remove`)} class="inline-form">
                <Csrf token={view.csrf} />
                <input type="hidden" name="guest" value={g.id} />
                <Button secondary>{tg.remove(g.name)}</Button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {posted?.message ? <ErrorBox text={posted.message} id="guest-error" /> : null}
      <form method="post" action={staffPath(lang, base)} novalidate aria-describedby="guests-hint">
        <Csrf token={view.csrf} />
        <Field
          id="guest_name"
          label={tg.name}
          value={f('guest_name')}
          error={posted?.errors.guest_name}
          required
        />
        <Field
          id="guest_affiliation"
          label={`${tg.affiliation} ${t.optional}`}
          hint={tg.affiliationHint}
          value={f('guest_affiliation')}
          error={posted?.errors.guest_affiliation}
        />
        <Field
          id="guest_topic_fi"
          label={tg.topicFi}
          value={f('guest_topic_fi')}
          error={posted?.errors.guest_topic_fi}
          required
        />
        <Field
          id="guest_topic_sv"
          label={`${tg.topicSv} ${t.optional}`}
          value={f('guest_topic_sv')}
          error={posted?.errors.guest_topic_sv}
        />
        <Field
          id="guest_topic_en"
          label={`${tg.topicEn} ${t.optional}`}
          value={f('guest_topic_en')}
          error={posted?.errors.guest_topic_en}
        />
        <Checkbox id="guest_name_public" label={tg.namePublic} checked={f('guest_name_public') !== ''} />
        <p>
          <Button>{tg.submit}</Button>
        </p>
      </form>
    </section>
  );
}

function SessionPage({ lang, view }: { lang: Lang; view: SessionView }) {
  const t = TEXTS[lang];
  const ts = t.session;
  const s = view.session;
  const starts = toHelsinkiIso(s.starts_at);
  const when = formatSessionTime(starts, toHelsinkiIso(s.ends_at), lang);
  const base = `/sessions/${s.id}`;
  const posted = (form: string) => (view.posted?.form === form ? view.posted : undefined);
  const theme = posted('theme');
  const notes = posted('notes');
  const move = posted('move');
  const cancel = posted('cancel');
  const restore = posted('restore');
  const f = (p: Posted | undefined, key: string, fallback = '') => p?.fields[key] ?? fallback;
  const wall = instantToHelsinkiWall(s.starts_at);
  const custom = s.theme_key === 'custom' ? s.theme : null;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${view.group.slug}/sessions`)}>{t.backToSessions}</a>
      </p>
      <h1>{ts.title(kindText(lang, s.plan_kind), when)}</h1>
      <p class="muted">{pick(view.group.name, lang)}</p>
      {view.done ? <Notice text={view.done} /> : null}
      <dl class="staff-facts">
        <div>
          <dt>{ts.when}</dt>
          <dd>
            <time dateTime={starts}>{when}</time>
          </dd>
        </div>
        <div>
          <dt>{ts.kind}</dt>
          <dd>{kindText(lang, s.plan_kind)}</dd>
        </div>
        <div>
          <dt>{ts.theme}</dt>
          <dd>{s.theme ? <Text text={s.theme} lang={lang} /> : ts.noTheme}</dd>
        </div>
        <div>
          <dt>{ts.status}</dt>
          <dd>
            {s.status === 'cancelled'
              ? ts.cancelled(
                  [reasonText(lang, s.cancel_reason_code), s.cancel_reason ?? ''].filter(Boolean).join(' – '),
                )
              : t.status.scheduled}
          </dd>
        </div>
      </dl>
      {s.status === 'scheduled' && view.started ? (
        <p>
          <a class="hds-button hds-button--primary" href={staffPath(lang, `${base}/attendance`)}>
            <span class="hds-button__label">{t.mark}</span>
          </a>
        </p>
      ) : null}
      <FeedbackLinks lang={lang} slug={view.group.slug} dropIn={view.group.how_to_join === 'drop_in'} />

      <ActionBox
        id="theme"
        heading={ts.themeHeading}
        hint={ts.themeHint}
        action={staffPath(lang, `${base}/theme`)}
        csrf={view.csrf}
        error={theme?.message}
      >
        {view.themes.length > 0 ? (
          <Select
            id="theme_key"
            label={ts.themeChoice}
            value={f(theme, 'theme_key', s.theme_key && s.theme_key !== 'custom' ? s.theme_key : '')}
            options={[
              { value: '', label: ts.themeNone },
              ...view.themes.map((o) => ({ value: o.key, label: pick(o.label, lang) })),
            ]}
            error={theme?.errors.theme_key}
          />
        ) : (
          <>
            <Field
              id="theme_fi"
              label={ts.themeFi}
              value={f(theme, 'theme_fi', custom?.fi ?? '')}
              error={theme?.errors.theme_fi}
            />
            <Field
              id="theme_sv"
              label={`${ts.themeSv} ${t.optional}`}
              value={f(theme, 'theme_sv', custom?.sv ?? '')}
            />
            <Field
              id="theme_en"
              label={`${ts.themeEn} ${t.optional}`}
              value={f(theme, 'theme_en', custom?.en ?? '')}
            />
          </>
        )}
        <p>
          <Button>{ts.themeSubmit}</Button>
        </p>
      </ActionBox>

      <ActionBox
        id="notes"
        heading={ts.notesHeading}
        hint={ts.notesHint}
        action={staffPath(lang, `${base}/notes`)}
        csrf={view.csrf}
        error={notes?.message}
      >
        <Field
          id="notes"
          label={ts.notes}
          value={f(notes, 'notes', view.notes.notes)}
          error={notes?.errors.notes}
          multiline
        />
        <Field
          id="materials"
          label={ts.materials}
          value={f(notes, 'materials', view.notes.materials)}
          error={notes?.errors.materials}
          multiline
        />
        <p>
          <Button>{ts.notesSubmit}</Button>
        </p>
      </ActionBox>

      <GuestsSection lang={lang} view={view} posted={posted('guest')} />

      <SessionFacilitatorsSection
        lang={lang}
        sessionId={s.id}
        csrf={view.csrf}
        facilitators={view.facilitators}
      />

      {s.status === 'scheduled' ? (
        <>
          <ActionBox
            id="move"
            heading={ts.moveHeading}
            hint={ts.moveHint}
            action={staffPath(lang, `${base}/move`)}
            csrf={view.csrf}
            error={move?.message}
          >
            <Field
              id="move_date"
              type="date"
              label={t.date}
              value={f(move, 'move_date', wall.slice(0, 10))}
              error={move?.errors.move_date}
            />
            <Field
              id="move_time"
              type="time"
              label={t.time}
              value={f(move, 'move_time', wall.slice(11, 16))}
              error={move?.errors.move_time}
            />
            <p>
              <Button>{ts.moveSubmit}</Button>
            </p>
          </ActionBox>
          <ActionBox
            id="cancel"
            heading={ts.cancelHeading}
            hint={ts.cancelHint}
            action={staffPath(lang, `${base}/cancel`)}
            csrf={view.csrf}
            error={cancel?.message}
          >
            <Select
              id="reason_code"
              label={ts.reasonCode}
              value={f(cancel, 'reason_code', 'other')}
              options={CANCEL_REASONS.map((r) => ({ value: r, label: t.reasons[r] }))}
            />
            <Field
              id="reason"
              label={`${ts.reason} ${t.optional}`}
              value={f(cancel, 'reason')}
              error={cancel?.errors.reason}
              multiline
            />
            <p>
              <Button>{ts.cancelSubmit}</Button>
            </p>
          </ActionBox>
        </>
      ) : (
        <ActionBox
          id="restore"
          heading={ts.restore}
          action={staffPath(lang, `${base}/restore`)}
          csrf={view.csrf}
          error={restore?.message}
        >
          <p>
            <Button secondary>{ts.restore}</Button>
          </p>
        </ActionBox>
      )}
    </>
  );
}

interface AttendanceView {
  group: GroupRow;
  session: scheduleRepo.SessionRow;
  kind: 'named' | 'head_count';
  people: { registration_id: string; display_name: string; present: boolean }[];
  saved: { present_count: number; recorded_at: string; recorded_by: string } | null;
  head_count: string;
  children_count: string;
  started: boolean;
  csrf: string;
  done?: string;
  errors: Errors;
}

function AttendancePage({ lang, view }: { lang: Lang; view: AttendanceView }) {
  const t = TEXTS[lang];
  const ta = t.attendance;
  const s = view.session;
  const when = formatSessionTime(toHelsinkiIso(s.starts_at), toHelsinkiIso(s.ends_at), lang);
  const open = s.status === 'scheduled' && view.started;
  return (
    <div class="attendance">
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${view.group.slug}/sessions`)}>{t.backToSessions}</a>
      </p>
      <h1>{ta.title(when)}</h1>
      <p class="muted">
        {pick(view.group.name, lang)} · {kindText(lang, s.plan_kind)}
      </p>
      {view.done ? <Notice text={view.done} /> : null}
      {view.saved ? (
        <p>
          {ta.saved(
            view.saved.present_count,
            formatDateTime(view.saved.recorded_at, lang),
            actorName(view.saved.recorded_by, lang),
          )}
        </p>
      ) : null}
      {s.status === 'cancelled' ? <p>{ta.cancelled}</p> : null}
      {s.status === 'scheduled' && !view.started ? <p>{ta.notStarted}</p> : null}
      {open ? (
        <form method="post" action={staffPath(lang, `/sessions/${s.id}/attendance`)} novalidate>
          <Csrf token={view.csrf} />
          {view.kind === 'named' ? (
            <fieldset class="hds-fieldset attendance__people" aria-describedby="people-hint">
              <legend class="hds-fieldset-legend">{ta.named}</legend>
              <p class="muted" id="people-hint">
                {ta.namedHint}
              </p>
              {view.people.length === 0 ? <p>{ta.nobody}</p> : null}
              {view.people.map((p) => (
                <div class="attendance__person">
                  <input
                    type="checkbox"
                    id={`present-${p.registration_id}`}
                    name="present"
                    value={p.registration_id}
                    checked={p.present}
                  />
                  <label for={`present-${p.registration_id}`}>{p.display_name}</label>
                </div>
              ))}
            </fieldset>
          ) : (
            <Field
              id="head_count"
              label={ta.headCount}
              inputMode="numeric"
              value={view.head_count}
              error={view.errors.head_count}
            />
          )}
          <Field
            id="children_count"
            label={ta.children}
            inputMode="numeric"
            value={view.children_count}
            error={view.errors.children_count}
          />
          <p>
            <button type="submit" class="hds-button hds-button--primary attendance__submit">
              <span class="hds-button__label">{ta.submit}</span>
            </button>
          </p>
        </form>
      ) : null}
    </div>
  );
}

// ------------------------------------------------------------------ routes

type Req = FastifyRequest<{
  Params: { lang: string; slug?: string; id?: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;

type Who = { actor: Actor; csrf: string };

export function sessionRoutes(staff: App, deps: Deps, kit: Kit): void {
  /** Sends 404 or 403 for a refusal of the services; rethrows anything else. */
  const refusal = (reply: FastifyReply, lang: Lang, who: Who, path: string, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
    const text = TEXTS[lang].forbidden;
    return kit.page(reply, lang, text, path, <ErrorBox text={text} />, { who, status: 403 });
  };

  /** The group, when this person runs it: a coordinator of its organisation or its own facilitator. */
  const runGroup = async (tx: Tx, actor: Actor, idOrSlug: string) => {
    const group = await getGroup(tx, idOrSlug);
    await authorizeSessionChange(tx, actor, group);
    return group;
  };

  const runSession = async (tx: Tx, actor: Actor, id: string) => {
    if (!isUuid(id)) throw new AppError(404, 'not-found', 'Not found.');
    const session = await scheduleRepo.findSession(tx, id);
    if (!session) throw new AppError(404, 'not-found', 'Not found.');
    const group = await runGroup(tx, actor, session.group_id);
    return { session, group };
  };

  // ---------------------------------------------------------------- a group's sessions

  const sessionsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    slug: string,
    extra: { done?: string; posted?: Posted; status?: number } = {},
  ) => {
    const path = `/groups/${slug}/sessions`;
    const now = deps.clock();
    try {
      const view = await inTx(deps, who.actor, async (tx): Promise<SessionsView> => {
        const group = await runGroup(tx, who.actor, slug);
        const rows = await scheduleRepo.listSessions(tx, group.id, null, null, 500);
        const { rows: counts } = await tx.query<{ session_id: string; present_count: number }>(
          'SELECT session_id, present_count FROM session_attendance WHERE group_id = $1',
          [group.id],
        );
        const recorded = new Map(counts.map((c) => [c.session_id, c.present_count]));
        const template = group.template_id ? await findTemplate(tx, group.template_id, true) : null;
        const plan = group.template_id ? await scheduleRepo.templatePlan(tx, group.template_id) : [];
        return {
          group,
          sessions: rows.map((s) => ({
            id: s.id,
            starts_at: toHelsinkiIso(s.starts_at),
            ends_at: toHelsinkiIso(s.ends_at),
            status: s.status,
            plan_kind: s.plan_kind as PlanKind,
            theme: s.theme,
            cancel_reason_code: s.cancel_reason_code,
            present_count: recorded.get(s.id) ?? null,
            started: s.starts_at <= now,
          })),
          manage: can(who.actor, 'catalogue.manage', group.org_id),
          planLength: plan.length,
          durationDefault: template?.session_minutes_min ?? 90,
          today: helsinkiToday(now),
          csrf: who.csrf,
          totals: can(who.actor, 'session.manage', group.org_id)
            ? (await groupAttendance(tx, who.actor, group.id, now)).totals
            : undefined,
          ...extra,
        };
      });
      return kit.page(
        reply,
        lang,
        TEXTS[lang].title(pick(view.group.name, lang)),
        path,
        <SessionsPage lang={lang} view={view} />,
        { who, status: extra.status },
      );
    } catch (error) {
      return refusal(reply, lang, who, path, error);
    }
  };

  staff.get('/:lang/staff/groups/:slug/sessions', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const d = TEXTS[lang].done;
    const q = request.query.done ?? '';
    const done =
      q === 'extra' ? d.extra : /^holiday-\d+$/.test(q) ? d.holiday(Number(q.slice(8))) : undefined;
    return sessionsPage(reply, lang, who, slug!, { done });
  });

  /** A group form: checks CSRF and sign-in, reads the fields, runs, and redirects or shows the errors. */
  const groupForm =
    (
      form: string,
      keys: string[],
      check: (fields: Fields, lang: Lang) => Errors,
      run: (tx: Tx, actor: Actor, group: GroupRow, fields: Fields) => Promise<string>,
    ) =>
    async (request: Req, reply: FastifyReply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/groups/${slug}/sessions`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const fields: Fields = Object.fromEntries(keys.map((k) => [k, str(request.body, k, 2000).trim()]));
      const errors = check(fields, lang);
      if (Object.keys(errors).length > 0)
        return sessionsPage(reply, lang, who, slug!, { posted: { form, fields, errors }, status: 422 });
      let done: string;
      try {
        done = await inTx(deps, who.actor, async (tx) => {
          const group = await runGroup(tx, who.actor, slug!);
          return run(tx, who.actor, group, fields);
        });
      } catch (error) {
        if (error instanceof AppError && error.status !== 404 && error.status !== 403) {
          const message =
            error.code === 'no-sessions' ? TEXTS[lang].errors.count0 : TEXTS[lang].errors.failed;
          return sessionsPage(reply, lang, who, slug!, {
            posted: { form, fields, errors: {}, message },
            status: error.status,
          });
        }
        return refusal(reply, lang, who, path, error);
      }
      return reply.redirect(`/${lang}/staff${path}?done=${done}`, 303);
    };

  const dateTimeErrors = (f: Fields, lang: Lang, date: string, time: string, duration: string) => {
    const e = TEXTS[lang].errors;
    const errors: Errors = {};
    if (!validDate(f[date]!)) errors[date] = e.date;
    if (!validTime(f[time]!)) errors[time] = e.time;
    if (intIn(f[duration]!, 5, 1440) === null) errors[duration] = e.duration;
    return errors;
  };

  staff.post(
    '/:lang/staff/groups/:slug/sessions/extra',
    { schema: { hide: true } },
    groupForm(
      'extra',
      ['extra_date', 'extra_time', 'extra_duration', 'extra_theme_fi', 'extra_theme_sv', 'extra_theme_en'],
      (f, lang) => {
        const errors = dateTimeErrors(f, lang, 'extra_date', 'extra_time', 'extra_duration');
        if (!f.extra_theme_fi && (f.extra_theme_sv || f.extra_theme_en))
          errors.extra_theme_fi = TEXTS[lang].errors.themeFi;
        return errors;
      },
      async (tx, actor, group, f) => {
        await addExtraSession(tx, actor, group.id, {
          starts_at: `${f.extra_date}T${f.extra_time}`,
          duration_minutes: Number(f.extra_duration),
          theme: f.extra_theme_fi
            ? localizedOf(f.extra_theme_fi, f.extra_theme_sv!, f.extra_theme_en!)
            : null,
        });
        return 'extra';
      },
    ),
  );

  staff.post(
    '/:lang/staff/groups/:slug/sessions/holiday',
    { schema: { hide: true } },
    groupForm(
      'holiday',
      ['holiday_from', 'holiday_to', 'holiday_reason'],
      (f, lang) => {
        const e = TEXTS[lang].errors;
        const errors: Errors = {};
        if (!validDate(f.holiday_from!)) errors.holiday_from = e.date;
        if (!validDate(f.holiday_to!)) errors.holiday_to = e.date;
        else if (!errors.holiday_from && f.holiday_to! < f.holiday_from!) errors.holiday_to = e.range;
        return errors;
      },
      async (tx, actor, group, f) => {
        const cancelled = await holidayBreak(
          tx,
          actor,
          group.id,
          { from: f.holiday_from!, to: f.holiday_to!, cancel_reason: f.holiday_reason || null },
          deps.publicUrl,
        );
        if (cancelled.length === 0) throw new AppError(422, 'no-sessions', 'No sessions in the break.');
        return `holiday-${cancelled.length}`;
      },
    ),
  );

  // ---------------------------------------------------------------- one session

  const sessionPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    id: string,
    extra: { done?: string; posted?: Posted; status?: number } = {},
  ) => {
    const path = `/sessions/${id}`;
    try {
      const view = await inTx(deps, who.actor, async (tx): Promise<SessionView> => {
        const { session, group } = await runSession(tx, who.actor, id);
        const notes = await sessionNotes(tx, who.actor, session.id);
        const guests = await listSessionGuests(tx, who.actor, session.id);
        return {
          group,
          session,
          guests,
          facilitators: await sessionFacilitators(tx, who.actor, session.id),
          themes: group.template_id ? await scheduleRepo.templateThemes(tx, group.template_id) : [],
          notes,
          started: session.starts_at <= deps.clock(),
          csrf: who.csrf,
          ...extra,
        };
      });
      const s = view.session;
      const title = TEXTS[lang].session.title(
        kindText(lang, s.plan_kind),
        formatSessionTime(toHelsinkiIso(s.starts_at), toHelsinkiIso(s.ends_at), lang),
      );
      return kit.page(reply, lang, title, path, <SessionPage lang={lang} view={view} />, {
        who,
        status: extra.status,
      });
    } catch (error) {
      return refusal(reply, lang, who, path, error);
    }
  };

  const SESSION_DONE = [
    'theme',
    'notes',
    'moved',
    'cancelled',
    'restored',
    'guestAdded',
    'guestRemoved',
  ] as const;

  staff.get('/:lang/staff/sessions/:id', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, id } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const q = request.query.done as (typeof SESSION_DONE)[number];
    const done = SESSION_DONE.includes(q)
      ? TEXTS[lang].done[q]
      : request.query.done === 'facilitators'
        ? sessionFacilitatorsSaved(lang)
        : undefined;
    return sessionPage(reply, lang, who, id!, { done });
  });

  /** A session form: CSRF, sign-in, the fields, then the change through the schedules service. */
  const sessionForm =
    (
      form: string,
      keys: string[],
      check: (fields: Fields, lang: Lang, themes: boolean) => Errors,
      run: (
        tx: Tx,
        actor: Actor,
        session: scheduleRepo.SessionRow,
        fields: Fields,
        group: GroupRow,
      ) => Promise<string>,
    ) =>
    async (request: Req, reply: FastifyReply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/sessions/${id}`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const fields: Fields = Object.fromEntries(keys.map((k) => [k, str(request.body, k, 10_000).trim()]));
      let done: string;
      try {
        done = await inTx(deps, who.actor, async (tx) => {
          const { session, group } = await runSession(tx, who.actor, id!);
          const errors = check(fields, lang, await hasThemes(tx, group));
          if (Object.keys(errors).length > 0) throw new FormErrors(errors);
          return run(tx, who.actor, session, fields, group);
        });
      } catch (error) {
        if (error instanceof FormErrors)
          return sessionPage(reply, lang, who, id!, {
            posted: { form, fields, errors: error.errors },
            status: 422,
          });
        if (error instanceof AppError && error.status !== 404 && error.status !== 403) {
          const e = TEXTS[lang].errors;
          const field = error.errors[0]?.field;
          const errors: Errors = {};
          if (field === 'theme_key') errors.theme_key = e.theme;
          if (field === 'starts_at') errors.move_date = e.date;
          const message =
            error.code === 'group-not-active' ? e.restore : Object.keys(errors).length ? undefined : e.failed;
          return sessionPage(reply, lang, who, id!, {
            posted: { form, fields, errors, message },
            status: error.status,
          });
        }
        return refusal(reply, lang, who, path, error);
      }
      return reply.redirect(`/${lang}/staff${path}?done=${done}`, 303);
    };

  const change = async (tx: Tx, actor: Actor, session: scheduleRepo.SessionRow, input: SessionChange) => {
    await changeSession(tx, actor, session.id, input, deps.publicUrl);
  };

  staff.post(
    '/:lang/staff/sessions/:id/theme',
    { schema: { hide: true } },
    sessionForm(
      'theme',
      ['theme_key', 'theme_fi', 'theme_sv', 'theme_en'],
      (f, lang, themes): Errors =>
        !themes && !f.theme_fi && (f.theme_sv || f.theme_en) ? { theme_fi: TEXTS[lang].errors.themeFi } : {},
      async (tx, actor, session, f, group) => {
        if (await hasThemes(tx, group)) await change(tx, actor, session, { theme_key: f.theme_key || null });
        else
          await change(tx, actor, session, {
            theme: f.theme_fi ? localizedOf(f.theme_fi, f.theme_sv!, f.theme_en!) : null,
          });
        return 'theme';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/notes',
    { schema: { hide: true } },
    sessionForm(
      'notes',
      ['notes', 'materials'],
      () => ({}),
      async (tx, actor, session, f) => {
        await saveSessionNotes(
          tx,
          actor,
          session.id,
          { notes: f.notes, materials: f.materials },
          deps.clock(),
        );
        return 'notes';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/move',
    { schema: { hide: true } },
    sessionForm(
      'move',
      ['move_date', 'move_time'],
      (f, lang) => {
        const e = TEXTS[lang].errors;
        const errors: Errors = {};
        if (!validDate(f.move_date!)) errors.move_date = e.date;
        if (!validTime(f.move_time!)) errors.move_time = e.time;
        return errors;
      },
      async (tx, actor, session, f) => {
        await change(tx, actor, session, { starts_at: `${f.move_date}T${f.move_time}` });
        return 'moved';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/cancel',
    { schema: { hide: true } },
    sessionForm(
      'cancel',
      ['reason_code', 'reason'],
      () => ({}),
      async (tx, actor, session, f) => {
        const code = (CANCEL_REASONS as readonly string[]).includes(f.reason_code!)
          ? (f.reason_code as CancelReason)
          : 'other';
        await change(tx, actor, session, {
          status: 'cancelled',
          cancel_reason_code: code,
          cancel_reason: f.reason ? f.reason.slice(0, 1000) : null,
        });
        return 'cancelled';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/restore',
    { schema: { hide: true } },
    sessionForm(
      'restore',
      [],
      () => ({}),
      async (tx, actor, session) => {
        await change(tx, actor, session, { status: 'scheduled' });
        return 'restored';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/guests',
    { schema: { hide: true } },
    sessionForm(
      'guest',
      [
        'guest_name',
        'guest_affiliation',
        'guest_topic_fi',
        'guest_topic_sv',
        'guest_topic_en',
        'guest_name_public',
      ],
      (f, lang) => {
        const e = TEXTS[lang].guests.errors;
        const errors: Errors = {};
        if (!f.guest_name) errors.guest_name = e.name;
        else if (f.guest_name.length > 200) errors.guest_name = e.tooLong(200);
        if (f.guest_affiliation!.length > 200) errors.guest_affiliation = e.tooLong(200);
        if (!f.guest_topic_fi) errors.guest_topic_fi = e.topicFi;
        for (const key of ['guest_topic_fi', 'guest_topic_sv', 'guest_topic_en'])
          if (f[key]!.length > 5000) errors[key] = e.tooLong(5000);
        return errors;
      },
      async (tx, actor, session, f) => {
        await addSessionGuest(tx, actor, session.id, {
          name: f.guest_name!,
          affiliation: f.guest_affiliation || null,
          topic: localizedOf(f.guest_topic_fi!, f.guest_topic_sv!, f.guest_topic_en!),
          name_public: f.guest_name_public !== '',
        });
        return 'guestAdded';
      },
    ),
  );

  staff.post(
    '/:lang/staff/sessions/:id/guests/remove',
    { schema: { hide: true } },
    sessionForm(
      'guest',
      ['guest'],
      () => ({}),
      async (tx, actor, session, f) => {
        if (!isUuid(f.guest!)) throw new AppError(404, 'not-found', 'Not found.');
        await removeSessionGuest(tx, actor, session.id, f.guest!);
        return 'guestRemoved';
      },
    ),
  );

  // ---------------------------------------------------------------- attendance

  const attendancePage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    id: string,
    extra: {
      done?: string;
      errors?: Errors;
      fields?: { present: string[]; head_count: string; children_count: string };
      status?: number;
    } = {},
  ) => {
    const path = `/sessions/${id}/attendance`;
    try {
      const view = await inTx(deps, who.actor, async (tx): Promise<AttendanceView> => {
        const { session, group } = await runSession(tx, who.actor, id);
        const saved = await readAttendance(tx, who.actor, session.id);
        const kind = attendanceKindOf(group);
        const confirmed = new Set(await confirmedIds(tx, group.id));
        const people = (saved.participants ?? [])
          .filter((p) => confirmed.has(p.registration_id))
          .map((p) => ({
            registration_id: p.registration_id,
            display_name: p.display_name,
            present: extra.fields ? extra.fields.present.includes(p.registration_id) : p.present === true,
          }));
        return {
          group,
          session,
          kind,
          people,
          saved:
            saved.recorded && saved.recorded_at
              ? {
                  present_count: saved.present_count ?? 0,
                  recorded_at: saved.recorded_at,
                  recorded_by: saved.recorded_by ?? '',
                }
              : null,
          head_count: extra.fields?.head_count ?? (saved.head_count === null ? '' : String(saved.head_count)),
          children_count:
            extra.fields?.children_count ??
            (saved.children_count === null ? '0' : String(saved.children_count)),
          started: session.starts_at <= deps.clock(),
          csrf: who.csrf,
          done: extra.done,
          errors: extra.errors ?? {},
        };
      });
      const s = view.session;
      const title = TEXTS[lang].attendance.title(
        formatSessionTime(toHelsinkiIso(s.starts_at), toHelsinkiIso(s.ends_at), lang),
      );
      return kit.page(reply, lang, title, path, <AttendancePage lang={lang} view={view} />, {
        who,
        status: extra.status,
      });
    } catch (error) {
      return refusal(reply, lang, who, path, error);
    }
  };

  staff.get(
    '/:lang/staff/sessions/:id/attendance',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const done = request.query.done === 'saved' ? TEXTS[lang].done.attendance : undefined;
      return attendancePage(reply, lang, who, id!, { done });
    },
  );

  staff.post(
    '/:lang/staff/sessions/:id/attendance',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/sessions/${id}/attendance`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const raw = request.body?.present;
      const present = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      const fields = {
        present,
        head_count: str(request.body, 'head_count', 20).trim(),
        children_count: str(request.body, 'children_count', 20).trim(),
      };
      const t = TEXTS[lang].attendance;
      const errors: Errors = {};
      const children = fields.children_count === '' ? 0 : intIn(fields.children_count, 0, 10_000);
      if (children === null) errors.children_count = t.childrenError;
      try {
        await inTx(deps, who.actor, async (tx) => {
          const { session, group } = await runSession(tx, who.actor, id!);
          let input: Parameters<typeof recordAttendance>[3];
          if (attendanceKindOf(group) === 'named') {
            const ids = await confirmedIds(tx, group.id);
            input = {
              participants: ids.map((r) => ({ registration_id: r, present: present.includes(r) })),
              children_count: children ?? 0,
            };
          } else {
            const heads = intIn(fields.head_count, 0, 10_000);
            if (heads === null) errors.head_count = t.headCountError;
            input = { head_count: heads ?? 0, children_count: children ?? 0 };
          }
          if (Object.keys(errors).length > 0) throw new FormErrors(errors);
          await recordAttendance(tx, who.actor, session.id, input, deps.clock());
        });
      } catch (error) {
        if (error instanceof FormErrors)
          return attendancePage(reply, lang, who, id!, { errors: error.errors, fields, status: 422 });
        if (error instanceof AppError && error.status === 409)
          return attendancePage(reply, lang, who, id!, { fields, status: 409 });
        return refusal(reply, lang, who, path, error);
      }
      return reply.redirect(`/${lang}/staff${path}?done=saved`, 303);
    },
  );
}

class FormErrors extends Error {
  constructor(readonly errors: Errors) {
    super('form errors');
  }
}

function localizedOf(fi: string, sv: string, en: string): LocalizedText {
  return { fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) };
}

async function hasThemes(tx: Tx, group: GroupRow): Promise<boolean> {
  return group.template_id ? (await scheduleRepo.templateThemes(tx, group.template_id)).length > 0 : false;
}

/** The group's confirmed registrations, the people named attendance marks. */
async function confirmedIds(tx: Tx, groupId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM registrations WHERE group_id = $1 AND status = 'confirmed' ORDER BY display_name, arrival`,
    [groupId],
  );
  return rows.map((r) => r.id);
}
