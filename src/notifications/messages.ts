/** The emails Vertaamo sends to participants (and staff), in Finnish, Swedish and English. */
import type { Lang } from '../shared/lang.ts';
export type MessageKind =
  | 'registration_confirmed'
  | 'registration_waitlisted'
  | 'registration_promoted'
  | 'registration_cancelled'
  | 'session_reminder'
  | 'session_cancelled'
  | 'session_moved'
  | 'group_suspended'
  | 'organiser_message'
  | 'listing_stale_reminder'
  | 'feedback_request';

export type MessageLang = Lang;

export interface MessageParams {
  name: string;
  group: string;
  groupUrl: string;
  cancelUrl?: string;
  position?: number;
  session?: string;
  reason?: string;
  /** the remote meeting link, for confirmed participants only */
  remoteUrl?: string;
  /** an organiser's own words, sent as written */
  subject?: string;
  text?: string;
  /** a date shown as such, e.g. when a listing goes stale (YYYY-MM-DD) */
  date?: string;
  /** an anonymous feedback form's single-use link */
  feedbackUrl?: string;
}

type Template = (p: MessageParams) => { subject: string; body: string };

const cancelLine = (p: MessageParams, text: string) => (p.cancelUrl ? `\n\n${text}: ${p.cancelUrl}` : '');
/** 2026-02-20 → 20.2.2026, as written in Finland and Sweden alike. */
const finnishDate = (iso = '') => iso.split('-').reverse().map(Number).join('.');
const remoteLine = (p: MessageParams, text: string) => (p.remoteUrl ? `\n${text}: ${p.remoteUrl}` : '');

const TEMPLATES: Record<MessageLang, Record<MessageKind, Template>> = {
  fi: {
    registration_confirmed: (p) => ({
      subject: `Ilmoittautuminen vahvistettu: ${p.group}`,
      body: `Hei ${p.name},\n\nsinulla on paikka ryhmässä ${p.group}.${remoteLine(p, 'Linkki tapaamisiin')}\nRyhmän tiedot: ${p.groupUrl}${cancelLine(p, 'Jos et pääsekään, peru ilmoittautumisesi tästä')}`,
    }),
    registration_waitlisted: (p) => ({
      subject: `Olet jonossa: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmä ${p.group} on täynnä. Olet jonossa sijalla ${p.position}. Saat viestin, jos paikka vapautuu.\nRyhmän tiedot: ${p.groupUrl}${cancelLine(p, 'Voit perua ilmoittautumisesi tästä')}`,
    }),
    registration_promoted: (p) => ({
      subject: `Sait paikan: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmästä ${p.group} vapautui paikka, ja se on nyt sinun.${remoteLine(p, 'Linkki tapaamisiin')}\nRyhmän tiedot: ${p.groupUrl}`,
    }),
    registration_cancelled: (p) => ({
      subject: `Ilmoittautuminen peruttu: ${p.group}`,
      body: `Hei ${p.name},\n\nilmoittautumisesi ryhmään ${p.group} on peruttu.`,
    }),
    session_reminder: (p) => ({
      subject: `Muistutus: ${p.group} huomenna`,
      body: `Hei ${p.name},\n\nryhmä ${p.group} kokoontuu ${p.session}.\nRyhmän tiedot: ${p.groupUrl}`,
    }),
    session_cancelled: (p) => ({
      subject: `Tapaaminen peruttu: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmän ${p.group} tapaaminen ${p.session} on peruttu.${p.reason ? `\nSyy: ${p.reason}` : ''}\nRyhmän tiedot: ${p.groupUrl}`,
    }),
    session_moved: (p) => ({
      subject: `Tapaamisen aika muuttui: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmän ${p.group} tapaaminen on siirretty: ${p.session}.\nRyhmän tiedot: ${p.groupUrl}`,
    }),
    group_suspended: (p) => ({
      subject: `Ryhmän toiminta keskeytetty: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmän ${p.group} toiminta on keskeytetty.${p.reason ? `\nSyy: ${p.reason}` : ''}\nLisätietoja: ${p.groupUrl}`,
    }),
    organiser_message: (p) => ({
      subject: `${p.group}: ${p.subject}`,
      body: `Hei ${p.name},\n\n${p.text}\n\nViestin lähetti ryhmän ${p.group} järjestäjä. Ryhmän tiedot: ${p.groupUrl}`,
    }),
    listing_stale_reminder: (p) => ({
      subject: `Tarkista ryhmän tiedot: ${p.group}`,
      body: `Hei ${p.name},\n\nryhmän ${p.group} tietoja ei ole vahvistettu ajantasaisiksi pitkään aikaan. Tarkista ne ja vahvista viimeistään ${finnishDate(p.date)}, muuten ilmoitus näkyy vanhentuneena.\nRyhmän sivu: ${p.groupUrl}`,
    }),
    feedback_request: (p) => ({
      subject: `Kerro palautteesi: ${p.group}`,
      body: `Hei ${p.name},\n\nkiitos, että olit mukana ryhmässä ${p.group}. Kertoisitko, mitä ryhmä sinulle antoi? Vastaaminen vie muutaman minuutin, ja vastauksesi on nimetön: sitä ei voi yhdistää sinuun. Linkillä voi vastata kerran.\n\n${p.feedbackUrl}`,
    }),
  },
  sv: {
    registration_confirmed: (p) => ({
      subject: `Anmälan bekräftad: ${p.group}`,
      body: `Hej ${p.name},\n\ndu har en plats i gruppen ${p.group}.${remoteLine(p, 'Länk till träffarna')}\nOm gruppen: ${p.groupUrl}${cancelLine(p, 'Om du inte kan komma, avboka här')}`,
    }),
    registration_waitlisted: (p) => ({
      subject: `Du står i kö: ${p.group}`,
      body: `Hej ${p.name},\n\ngruppen ${p.group} är full. Du är nummer ${p.position} i kön. Du får ett meddelande om en plats blir ledig.\nOm gruppen: ${p.groupUrl}${cancelLine(p, 'Du kan avboka här')}`,
    }),
    registration_promoted: (p) => ({
      subject: `Du fick en plats: ${p.group}`,
      body: `Hej ${p.name},\n\nen plats blev ledig i gruppen ${p.group}, och den är nu din.${remoteLine(p, 'Länk till träffarna')}\nOm gruppen: ${p.groupUrl}`,
    }),
    registration_cancelled: (p) => ({
      subject: `Anmälan avbokad: ${p.group}`,
      body: `Hej ${p.name},\n\ndin anmälan till gruppen ${p.group} är avbokad.`,
    }),
    session_reminder: (p) => ({
      subject: `Påminnelse: ${p.group} i morgon`,
      body: `Hej ${p.name},\n\ngruppen ${p.group} träffas ${p.session}.\nOm gruppen: ${p.groupUrl}`,
    }),
    session_cancelled: (p) => ({
      subject: `Träffen inställd: ${p.group}`,
      body: `Hej ${p.name},\n\ngruppens ${p.group} träff ${p.session} är inställd.${p.reason ? `\nOrsak: ${p.reason}` : ''}\nOm gruppen: ${p.groupUrl}`,
    }),
    session_moved: (p) => ({
      subject: `Ny tid för träffen: ${p.group}`,
      body: `Hej ${p.name},\n\ngruppens ${p.group} träff har flyttats: ${p.session}.\nOm gruppen: ${p.groupUrl}`,
    }),
    group_suspended: (p) => ({
      subject: `Gruppens verksamhet avbruten: ${p.group}`,
      body: `Hej ${p.name},\n\ngruppens ${p.group} verksamhet har avbrutits.${p.reason ? `\nOrsak: ${p.reason}` : ''}\nMer information: ${p.groupUrl}`,
    }),
    organiser_message: (p) => ({
      subject: `${p.group}: ${p.subject}`,
      body: `Hej ${p.name},\n\n${p.text}\n\nMeddelandet skickades av arrangören för gruppen ${p.group}. Om gruppen: ${p.groupUrl}`,
    }),
    listing_stale_reminder: (p) => ({
      subject: `Kontrollera gruppens uppgifter: ${p.group}`,
      body: `Hej ${p.name},\n\ngruppens ${p.group} uppgifter har inte bekräftats som aktuella på länge. Kontrollera och bekräfta dem senast ${finnishDate(p.date)}, annars visas annonsen som föråldrad.\nGruppens sida: ${p.groupUrl}`,
    }),
    feedback_request: (p) => ({
      subject: `Berätta vad du tycker: ${p.group}`,
      body: `Hej ${p.name},\n\ntack för att du var med i gruppen ${p.group}. Vill du berätta vad gruppen gav dig? Det tar några minuter, och ditt svar är anonymt: det kan inte kopplas till dig. Länken kan användas en gång.\n\n${p.feedbackUrl}`,
    }),
  },
  en: {
    registration_confirmed: (p) => ({
      subject: `Registration confirmed: ${p.group}`,
      body: `Hello ${p.name},\n\nyou have a seat in ${p.group}.${remoteLine(p, 'Link to the meetings')}\nAbout the group: ${p.groupUrl}${cancelLine(p, 'If you cannot come after all, cancel here')}`,
    }),
    registration_waitlisted: (p) => ({
      subject: `You are on the waiting list: ${p.group}`,
      body: `Hello ${p.name},\n\n${p.group} is full. You are number ${p.position} on the waiting list. We will tell you if a seat frees up.\nAbout the group: ${p.groupUrl}${cancelLine(p, 'You can cancel here')}`,
    }),
    registration_promoted: (p) => ({
      subject: `You have a seat: ${p.group}`,
      body: `Hello ${p.name},\n\na seat in ${p.group} became free, and it is now yours.${remoteLine(p, 'Link to the meetings')}\nAbout the group: ${p.groupUrl}`,
    }),
    registration_cancelled: (p) => ({
      subject: `Registration cancelled: ${p.group}`,
      body: `Hello ${p.name},\n\nyour registration for ${p.group} has been cancelled.`,
    }),
    session_reminder: (p) => ({
      subject: `Reminder: ${p.group} tomorrow`,
      body: `Hello ${p.name},\n\n${p.group} meets ${p.session}.\nAbout the group: ${p.groupUrl}`,
    }),
    session_cancelled: (p) => ({
      subject: `Meeting cancelled: ${p.group}`,
      body: `Hello ${p.name},\n\nthe meeting of ${p.group} on ${p.session} is cancelled.${p.reason ? `\nReason: ${p.reason}` : ''}\nAbout the group: ${p.groupUrl}`,
    }),
    session_moved: (p) => ({
      subject: `New time for the meeting: ${p.group}`,
      body: `Hello ${p.name},\n\nthe meeting of ${p.group} has moved: ${p.session}.\nAbout the group: ${p.groupUrl}`,
    }),
    group_suspended: (p) => ({
      subject: `Group suspended: ${p.group}`,
      body: `Hello ${p.name},\n\n${p.group} has been suspended.${p.reason ? `\nReason: ${p.reason}` : ''}\nMore information: ${p.groupUrl}`,
    }),
    organiser_message: (p) => ({
      subject: `${p.group}: ${p.subject}`,
      body: `Hello ${p.name},\n\n${p.text}\n\nThis message was sent by the organiser of ${p.group}. About the group: ${p.groupUrl}`,
    }),
    listing_stale_reminder: (p) => ({
      subject: `Please check the group's details: ${p.group}`,
      body: `Hello ${p.name},\n\nthe details of ${p.group} have not been confirmed as current for a long time. Check and confirm them by ${finnishDate(p.date)}, or the listing will show as out of date.\nThe group's page: ${p.groupUrl}`,
    }),
    feedback_request: (p) => ({
      subject: `Tell us what you think: ${p.group}`,
      body: `Hello ${p.name},\n\nthank you for taking part in ${p.group}. Would you tell us what the group gave you? It takes a few minutes, and your answer is anonymous: it cannot be linked to you. The link can be used once.\n\n${p.feedbackUrl}`,
    }),
  },
};

export function renderMessage(kind: MessageKind, lang: MessageLang, params: MessageParams) {
  return TEMPLATES[lang][kind](params);
}
