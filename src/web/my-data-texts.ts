/** The words of the "my data" pages (data subject requests), in Finnish, Swedish and English. */
import type { Lang } from './i18n.ts';

export interface MyDataTexts {
  footerLink: string;
  title: string;
  intro: string;
  email: string;
  emailHint: string;
  send: string;
  errors: { email: string; throttled: (minutes: number) => string; forged: string };
  sentTitle: string;
  sent: string;
  expired: string;
  askAgain: string;
  holding: string;
  nothing: string;
  registrations: string;
  applications: string;
  referrals: string;
  messages: string;
  answers: string;
  facts: string;
  referredBy: string;
  status: Record<string, string>;
  registered: string;
  nextSession: string;
  startsOn: string;
  cancel: string;
  exportTitle: string;
  exportText: string;
  exportButton: string;
  eraseTitle: string;
  eraseText: string;
  eraseButton: string;
  erasedTitle: string;
  erased: string;
  refusedTitle: string;
  refused: string;
  refusedHow: string;
  cancelledOne: string;
  sessionNote: string;
}

export const MY_DATA_TEXTS: Record<Lang, MyDataTexts> = {
  fi: {
    footerLink: 'Omat tietoni',
    title: 'Omat tietoni',
    intro:
      'Voit katsoa, ladata tai poistaa tiedot, joita Vertaamossa on sinusta ryhmiin ilmoittautumisista ja hakemuksista. Kirjoita sähköpostiosoite, jota käytit. Lähetämme siihen linkin, joka toimii kerran tunnin ajan.',
    email: 'Sähköpostiosoite',
    emailHint: 'Esimerkiksi nimi@esimerkki.fi',
    send: 'Lähetä linkki',
    errors: {
      email: 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
      throttled: (m) => `Liian monta pyyntöä. Yritä uudelleen ${m} minuutin kuluttua.`,
      forged: 'Lomake vanheni. Lataa sivu uudelleen ja yritä uudestaan.',
    },
    sentTitle: 'Tarkista sähköpostisi',
    sent: 'Jos osoitteesta on tietoja Vertaamossa, lähetimme siihen linkin. Linkki toimii kerran tunnin ajan. Jos viestiä ei tule, tarkista roskapostikansio.',
    expired: 'Linkki on jo käytetty tai vanhentunut, tai istunto on päättynyt. Pyydä uusi linkki.',
    askAgain: 'Pyydä uusi linkki',
    holding: 'Nämä tiedot meillä on osoitteesta',
    nothing: 'Osoitteesta ei ole enää tietoja.',
    registrations: 'Ilmoittautumiset ja jonopaikat',
    applications: 'Hakemukset',
    referrals: 'Lähetteet',
    messages: 'Sinulle lähetetyt viestit',
    answers: 'Vastauksesi',
    facts: 'Hakemuksen tiedot',
    referredBy: 'Ohjaaja tai lisääjä',
    status: {
      confirmed: 'paikka',
      waitlisted: 'jonossa',
      pending: 'odottaa päätöstä',
      cancelled: 'peruttu',
      declined: 'hylätty',
      placed: 'sijoitettu ryhmään',
      withdrawn: 'peruttu',
    },
    registered: 'Ilmoittautunut',
    nextSession: 'Seuraava tapaaminen',
    startsOn: 'Alkaa',
    cancel: 'Peru tämä ilmoittautuminen',
    exportTitle: 'Lataa tietosi',
    exportText: 'Saat kaikki yllä olevat tiedot JSON-tiedostona. Lataus kirjataan järjestäjien lokiin.',
    exportButton: 'Lataa tiedot (JSON)',
    eraseTitle: 'Poista tietosi',
    eraseText:
      'Poistamme nimesi, yhteystietosi, vastauksesi ja viestisi kaikilta järjestäjiltä. Jäljelle jää vain nimetön määrä raportteja varten. Poistoa ei voi perua.',
    eraseButton: 'Poista kaikki tietoni',
    erasedTitle: 'Tietosi on poistettu',
    erased: 'Olemme poistaneet tietosi. Järjestäjille jää vain nimetön määrä osallistujista.',
    refusedTitle: 'Tietoja ei vielä poistettu',
    refused:
      'Sinulla on vahvistettu paikka ryhmässä, joka ei ole vielä päättynyt. Järjestäjä tarvitsee tiedon tulijoista, joten emme poistaneet mitään:',
    refusedHow: 'Peru ensin nämä ilmoittautumiset painikkeella, sitten voit poistaa tietosi.',
    cancelledOne: 'Ilmoittautuminen on peruttu.',
    sessionNote: 'Turvallisuussyistä tämä sivu toimii 30 minuuttia linkin avaamisesta.',
  },
  sv: {
    footerLink: 'Mina uppgifter',
    title: 'Mina uppgifter',
    intro:
      'Du kan se, ladda ner eller radera de uppgifter som Vertaamo har om dig från anmälningar och ansökningar till grupper. Skriv e-postadressen du använde. Vi skickar en länk dit som fungerar en gång i en timme.',
    email: 'E-postadress',
    emailHint: 'Till exempel namn@exempel.fi',
    send: 'Skicka länken',
    errors: {
      email: 'Skriv e-postadressen i formen namn@exempel.fi.',
      throttled: (m) => `För många förfrågningar. Försök igen om ${m} minuter.`,
      forged: 'Formuläret har gått ut. Ladda om sidan och försök igen.',
    },
    sentTitle: 'Kolla din e-post',
    sent: 'Om Vertaamo har uppgifter om adressen har vi skickat en länk dit. Länken fungerar en gång i en timme. Om inget meddelande kommer, kolla skräpposten.',
    expired: 'Länken har redan använts eller gått ut, eller så har sessionen tagit slut. Be om en ny länk.',
    askAgain: 'Be om en ny länk',
    holding: 'Dessa uppgifter har vi om adressen',
    nothing: 'Det finns inte längre några uppgifter om adressen.',
    registrations: 'Anmälningar och köplatser',
    applications: 'Ansökningar',
    referrals: 'Remisser',
    messages: 'Meddelanden som skickats till dig',
    answers: 'Dina svar',
    facts: 'Uppgifter i ansökan',
    referredBy: 'Remitterad eller tillagd av',
    status: {
      confirmed: 'plats',
      waitlisted: 'i kö',
      pending: 'väntar på beslut',
      cancelled: 'avbokad',
      declined: 'avslagen',
      placed: 'placerad i en grupp',
      withdrawn: 'återtagen',
    },
    registered: 'Anmäld',
    nextSession: 'Nästa träff',
    startsOn: 'Börjar',
    cancel: 'Avboka den här anmälan',
    exportTitle: 'Ladda ner dina uppgifter',
    exportText: 'Du får alla uppgifter ovan som en JSON-fil. Nedladdningen antecknas i arrangörernas logg.',
    exportButton: 'Ladda ner uppgifterna (JSON)',
    eraseTitle: 'Radera dina uppgifter',
    eraseText:
      'Vi raderar ditt namn, dina kontaktuppgifter, dina svar och dina meddelanden hos alla arrangörer. Kvar blir endast ett anonymt antal för rapporter. Raderingen kan inte ångras.',
    eraseButton: 'Radera alla mina uppgifter',
    erasedTitle: 'Dina uppgifter har raderats',
    erased: 'Vi har raderat dina uppgifter. Arrangörerna har kvar endast ett anonymt antal deltagare.',
    refusedTitle: 'Uppgifterna har inte raderats ännu',
    refused:
      'Du har en bekräftad plats i en grupp som inte har avslutats. Arrangören behöver veta vem som kommer, så vi raderade ingenting:',
    refusedHow: 'Avboka först dessa anmälningar med knappen, sedan kan du radera dina uppgifter.',
    cancelledOne: 'Anmälan är avbokad.',
    sessionNote: 'Av säkerhetsskäl fungerar sidan i 30 minuter efter att länken öppnats.',
  },
  en: {
    footerLink: 'My data',
    title: 'My data',
    intro:
      'You can see, download or erase the data Vertaamo holds about you from registrations and applications to groups. Type the email address you used. We send a link to it that works once, for one hour.',
    email: 'Email address',
    emailHint: 'For example name@example.fi',
    send: 'Send the link',
    errors: {
      email: 'Type the email address in the form name@example.fi.',
      throttled: (m) => `Too many requests. Try again in ${m} minutes.`,
      forged: 'The form has expired. Reload the page and try again.',
    },
    sentTitle: 'Check your email',
    sent: 'If Vertaamo holds data about this address, we have sent a link to it. The link works once, for one hour. If no message arrives, check your spam folder.',
    expired: 'The link has already been used or has expired, or the session has ended. Ask for a new link.',
    askAgain: 'Ask for a new link',
    holding: 'This is what we hold about',
    nothing: 'Nothing is held about this address any more.',
    registrations: 'Registrations and waiting-list places',
    applications: 'Applications',
    referrals: 'Referrals',
    messages: 'Messages sent to you',
    answers: 'Your answers',
    facts: 'What the application says',
    referredBy: 'Referred or added by',
    status: {
      confirmed: 'seat',
      waitlisted: 'on the waiting list',
      pending: 'waiting for a decision',
      cancelled: 'cancelled',
      declined: 'declined',
      placed: 'placed in a group',
      withdrawn: 'withdrawn',
    },
    registered: 'Registered',
    nextSession: 'Next meeting',
    startsOn: 'Starts',
    cancel: 'Cancel this registration',
    exportTitle: 'Download your data',
    exportText: 'You get everything above as a JSON file. The download is written to the organisers’ log.',
    exportButton: 'Download the data (JSON)',
    eraseTitle: 'Erase your data',
    eraseText:
      'We erase your name, contact details, answers and messages at every organiser. Only an anonymous count remains for reports. Erasure cannot be undone.',
    eraseButton: 'Erase all my data',
    erasedTitle: 'Your data has been erased',
    erased: 'We have erased your data. The organisers keep only an anonymous count of participants.',
    refusedTitle: 'Nothing erased yet',
    refused:
      'You hold a confirmed seat in a group that has not ended. The organiser needs to know who is coming, so we erased nothing:',
    refusedHow: 'First cancel these registrations with the button, then you can erase your data.',
    cancelledOne: 'The registration has been cancelled.',
    sessionNote: 'For your safety this page works for 30 minutes after the link was opened.',
  },
};
