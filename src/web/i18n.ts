/**
 * Every text a visitor of the public pages sees, in Finnish, Swedish and English. The type
 * makes a missing translation a compile error, so no page shows a key or a fallback language.
 */
import type { AUDIENCES, JOIN_WAYS, MODES, THEMES } from '../groups/schemas.ts';
import type { TIMES_OF_DAY, WEEKDAYS } from '../search/search.ts';

import { LANGS, isLang, type Lang } from '../shared/lang.ts';

export { LANGS, isLang, type Lang };

type Labels<T extends readonly string[]> = Record<T[number], string>;

export const ACCESSIBILITY_CODES = [
  'step_free_access',
  'accessible_toilet',
  'lift',
  'induction_loop',
  'parking',
  'public_transport',
  'pram_access',
  'baby_changing',
  'quiet_room',
] as const;

export interface Messages {
  languageName: string;
  siteName: string;
  tagline: string;
  skipToContent: string;
  languageSwitch: string;
  home: string;
  search: {
    heading: string;
    label: string;
    hint: string;
    button: string;
    filters: string;
    applyFilters: string;
    clearFilters: string;
    municipality: string;
    municipalityHint: string;
    audience: string;
    theme: string;
    language: string;
    weekday: string;
    timeOfDay: string;
    join: string;
    freeOnly: string;
    mode: string;
    anyMode: string;
    openness: string;
    anyOpenness: string;
    opennessLabels: Record<'open' | 'closed', string>;
    when: string;
    startsSoon: string;
    ongoing: string;
    acceptingOnly: string;
    sort: string;
    sortLabels: Record<'relevance' | 'next_session' | 'distance' | 'name', string>;
    results: (n: number) => string;
    noResults: string;
    noResultsHelp: string;
    distance: (km: string) => string;
    nextSession: string;
    noUpcoming: string;
    previous: string;
    next: string;
    page: (n: number, of: number) => string;
    browseAll: string;
    popular: string;
  };
  group: {
    forWhom: string;
    whatHappens: string;
    unifyingFactor: string;
    theme: string;
    programme: string;
    facilitation: string;
    selfDirected: string;
    facilitatorRoles: Record<string, string>;
    facilitatorKinds: Record<string, string>;
    engagement: Record<string, string>;
    nextSessions: string;
    noSessions: string;
    cancelled: string;
    /** before a guest expert's topic on a session, e.g. "Guest: sleep" */
    guest: string;
    venue: string;
    remoteNote: string;
    hybridNote: string;
    openMap: string;
    accessibilityHeading: string;
    howToJoin: string;
    joinTexts: Labels<typeof JOIN_WAYS>;
    capacity: (n: number) => string;
    cost: string;
    free: string;
    coPayment: (amount: string) => string;
    languages: string;
    closedNotice: string;
    closedStarted: string;
    crisisHeading: string;
    crisisText: string;
    crisisContacts: string[];
    partners: string;
    organiser: string;
    lastConfirmed: (date: string) => string;
    season: string;
    dates: string;
    calendar: string;
    status: Record<string, string>;
    suspended: (date: string) => string;
    replacedBy: string;
    replaces: string;
    childrenAlong: string;
    comingButton: string;
    comingThanks: string;
    seatsLeft: (n: number) => string;
    waitlist: (n: number) => string;
    /** a card's flag: no free seats, the waiting list is open */
    fullBadge: string;
    /** a card's flag: no seats and no room on the waiting list */
    fullClosedBadge: string;
    /** before the form: only the waiting list is open, with n people on it already */
    waitlistOnly: (n: number) => string;
    /** the group and its waiting list are full: nothing to join */
    noRoom: string;
    joinWaitlist: string;
    /** a card's flag for a closed group */
    closedBadge: string;
    /** the group has ended; `dates` is when it met, or null when nothing is known */
    endedNotice: (dates: string | null) => string;
    /** published or running, but every meeting is in the past and none is planned */
    allPassedNotice: (last: string) => string;
    noJoiningNow: string;
    currentGroups: (organiser: string) => string;
    metSessions: string;
  };
  organisation: {
    groups: string;
    contact: string;
    website: string;
    emailLabel: string;
    phoneLabel: string;
    /** the group page's contact section */
    askHeading: string;
    askText: (organiser: string) => string;
    noGroups: string;
    calendar: string;
    earlier: string;
    kinds: Record<string, string>;
  };
  venueLabel: {
    groupsHere: string;
    address: string;
    directions: string;
  };
  cancelRegistration: {
    title: string;
    text: string;
    button: string;
    unknown: string;
    /** the question, naming the group */
    question: (group: string) => string;
    /** the link was used already */
    already: (group: string) => string;
    doneIn: (group: string) => string;
  };
  registration: {
    /** the page where a client registers with the code their worker gave them */
    referral: {
      link: string;
      title: (group: string) => string;
      intro: string;
      code: string;
      codeHint: string;
      codeRequired: string;
      codeInvalid: string;
      submit: string;
      received: string;
    };
    button: string;
    title: (group: string) => string;
    intro: string;
    name: string;
    nameHint: string;
    email: string;
    phone: string;
    contactHint: string;
    language: string;
    consent: string;
    privacy: (organiser: string) => string;
    costNotice: (amount: string) => string;
    submit: string;
    errorsHeading: string;
    errors: Record<
      | 'name'
      | 'email'
      | 'phone'
      | 'contact'
      | 'consent'
      | 'full'
      | 'closed'
      | 'alreadyEmail'
      | 'alreadyPhone',
      string
    > & { tooMany: (minutes: number) => string };
    /** the group's own questions */
    questionsHeading: string;
    required: string;
    yes: string;
    no: string;
    answerErrors: {
      required: string;
      tooLong: string;
      number: (min: number | undefined, max: number | undefined) => string;
      date: string;
      choice: string;
    };
    confirmed: string;
    waitlisted: (position: number) => string;
    cancelLink: string;
    mailNote: string;
    nextHeading: string;
    firstMeeting: string;
    noMeetingYet: string;
    meetingPlace: string;
    remotePlace: string;
    cancelButton: string;
    askHeading: string;
  };
  /** applying to a programme whose groups the organiser assembles */
  application: {
    button: string;
    title: (group: string) => string;
    intro: string;
    factsHeading: string;
    area: string;
    areaHint: string;
    childAge: string;
    childAgeHint: string;
    dueDate: string;
    dueDateHint: string;
    languages: string;
    availability: string;
    availabilityHint: string;
    background: string;
    backgroundHint: string;
    privacy: (organiser: string) => string;
    submit: string;
    done: string;
    errors: { childAge: string; dueDate: string; tooLong: string; closed: string };
  };
  notFound: { title: string; text: string; searchLink: string };
  error: { title: string; text: string };
  audience: Labels<typeof AUDIENCES>;
  themes: Labels<typeof THEMES>;
  joinWays: Labels<typeof JOIN_WAYS>;
  modes: Labels<typeof MODES>;
  weekdays: Labels<typeof WEEKDAYS>;
  timesOfDay: Labels<typeof TIMES_OF_DAY>;
  accessibility: Labels<typeof ACCESSIBILITY_CODES>;
  languageNames: Record<string, string>;
  footer: string;
  api: string;
  staffSignIn: string;
  /** the accessibility statement the Act on the Provision of Digital Services requires */
  accessibilityStatement: {
    link: string;
    title: string;
    sections: { heading: string; paragraphs: string[] }[];
  };
}

const fi: Messages = {
  languageName: 'Suomeksi',
  siteName: 'Vertaamo',
  tagline: 'Löydä vertaisryhmä, joka sopii elämäntilanteeseesi.',
  skipToContent: 'Siirry sisältöön',
  languageSwitch: 'Kieli',
  home: 'Etusivu',
  search: {
    heading: 'Etsi vertaisryhmää',
    label: 'Hakusana',
    hint: 'Esimerkiksi aihe, paikkakunta tai järjestö: omaiset, Tampere, vauvaperheet',
    button: 'Hae',
    filters: 'Rajaa hakua',
    applyFilters: 'Näytä ryhmät',
    clearFilters: 'Tyhjennä rajaukset',
    municipality: 'Kunta',
    municipalityHint: 'Esimerkiksi Tampere tai Helsinki',
    audience: 'Kenelle',
    theme: 'Aihe',
    language: 'Kieli',
    weekday: 'Viikonpäivä',
    timeOfDay: 'Kellonaika',
    join: 'Miten mukaan',
    freeOnly: 'Vain maksuttomat',
    mode: 'Tapaamisen muoto',
    anyMode: 'Kaikki',
    openness: 'Ryhmän luonne',
    anyOpenness: 'Kaikki ryhmät',
    opennessLabels: {
      open: 'Avoin – voi tulla mihin tahansa tapaamiseen',
      closed: 'Suljettu – samat osallistujat alusta loppuun',
    },
    when: 'Milloin',
    startsSoon: 'Alkaa 30 päivän sisällä',
    ongoing: 'Jo kokoontuva ryhmä',
    acceptingOnly: 'Ottaa nyt uusia jäseniä',
    sort: 'Järjestys',
    sortLabels: {
      relevance: 'Osuvimmat ensin',
      next_session: 'Seuraava tapaaminen',
      distance: 'Lähimmät ensin',
      name: 'Nimen mukaan',
    },
    results: (n) => (n === 1 ? '1 ryhmä' : `${n} ryhmää`),
    noResults: 'Hakuehdoilla ei löytynyt ryhmiä.',
    noResultsHelp: 'Kokeile toista hakusanaa tai poista rajauksia.',
    distance: (km) => `${km} km päässä`,
    nextSession: 'Seuraava tapaaminen',
    noUpcoming: 'Ei tulevia tapaamisia',
    previous: 'Edellinen sivu',
    next: 'Seuraava sivu',
    page: (n, of) => `Sivu ${n} / ${of}`,
    browseAll: 'Selaa kaikkia ryhmiä',
    popular: 'Suosittuja hakuja',
  },
  group: {
    forWhom: 'Kenelle',
    whatHappens: 'Mitä ryhmässä tehdään',
    unifyingFactor: 'Ryhmää yhdistää',
    theme: 'Teema',
    programme: 'Toimintamalli',
    facilitation: 'Ohjaus',
    selfDirected: 'Omatoiminen ryhmä: ryhmä ohjaa itse itseään.',
    facilitatorRoles: { convener: 'Koollekutsuja', lead: 'Ohjaaja', co_facilitator: 'Pariohjaaja' },
    facilitatorKinds: { peer: 'vertaisohjaaja', professional: 'ammattilainen' },
    engagement: { volunteer: 'vapaaehtoinen', paid: 'palkattu' },
    nextSessions: 'Tulevat tapaamiset',
    noSessions: 'Tulevia tapaamisia ei ole vielä ilmoitettu.',
    cancelled: 'Peruttu',
    guest: 'Vieraana',
    venue: 'Paikka',
    remoteNote: 'Ryhmä kokoontuu etänä. Liittymislinkki lähetetään ryhmään hyväksytyille.',
    hybridNote: 'Voit osallistua paikan päällä tai etänä.',
    openMap: 'Näytä kartalla',
    accessibilityHeading: 'Esteettömyys',
    howToJoin: 'Näin pääset mukaan',
    joinTexts: {
      drop_in: 'Tule vain paikalle – ilmoittautumista ei tarvita.',
      registration: 'Ryhmään ilmoittaudutaan etukäteen.',
      referral: 'Ryhmään tullaan ohjattuna: kysy omalta sosiaalityöntekijältäsi tai muulta työntekijältä.',
      application: 'Ryhmään haetaan. Järjestäjä kokoaa ryhmät hakemusten perusteella.',
    },
    capacity: (n) => `Enintään ${n} osallistujaa.`,
    cost: 'Hinta',
    free: 'Maksuton',
    coPayment: (amount) => `Omavastuuosuus ${amount}`,
    languages: 'Kielet',
    closedNotice: 'Suljettu ryhmä: sama porukka kokoontuu koko ajan, eikä uusia jäseniä oteta kesken.',
    closedStarted: 'Ryhmä on jo alkanut, eikä siihen oteta enää uusia jäseniä.',
    crisisHeading: 'Ryhmä ei ole kriisiapua',
    crisisText:
      'Vertaisryhmä ei ole tarkoitettu kriisitilanteiden ratkomiseen tai mielenterveysongelmien hoitoon, eikä se ole terapiaa. Jos tarvitset apua nyt:',
    crisisContacts: [
      'Hätätilanteessa soita 112.',
      'MIELI ry:n Kriisipuhelin 09 2525 0111 (suomeksi, auki joka päivä ympäri vuorokauden).',
      'Oma terveysasema tai päivystys.',
    ],
    partners: 'Yhteistyössä',
    organiser: 'Järjestäjä',
    lastConfirmed: (date) => `Järjestäjä on vahvistanut tiedot ${date}.`,
    season: 'Kausi',
    dates: 'Ajankohta',
    calendar: 'Lisää kalenteriin (iCalendar)',
    status: {
      draft: 'Luonnos',
      proposed: 'Ehdotettu',
      approved: 'Hyväksytty',
      published: 'Tulossa',
      running: 'Käynnissä',
      suspended: 'Keskeytetty',
      ended: 'Päättynyt',
    },
    suspended: (date) => `Ryhmän toiminta on keskeytetty ${date}.`,
    endedNotice: (dates) =>
      dates ? `Tämä ryhmä on päättynyt. Se kokoontui ${dates}.` : 'Tämä ryhmä on päättynyt.',
    allPassedNotice: (last) =>
      `Tämän ryhmän tapaamiset ovat päättyneet: viimeisin oli ${last}, eikä uusia ole ilmoitettu.`,
    noJoiningNow: 'Ryhmään ei voi nyt liittyä.',
    currentGroups: (organiser) => `Katso järjestäjän ${organiser} nykyiset ryhmät`,
    metSessions: 'Pidetyt tapaamiset',
    replacedBy: 'Tilalle on perustettu uusi ryhmä:',
    replaces: 'Tämä ryhmä korvaa ryhmän',
    childrenAlong: 'Lapset voivat tulla mukaan.',
    comingButton: 'Tulen tähän tapaamiseen',
    comingThanks: 'Kiitos! Ohjaaja tietää nyt, että yksi tulija lisää on tulossa. Nimeäsi ei tallennettu.',
    seatsLeft: (n) => (n === 1 ? '1 paikka vapaana.' : `${n} paikkaa vapaana.`),
    waitlist: (n) => `Ryhmä on täynnä; jonossa ${n}.`,
    fullBadge: 'Täynnä – jonoon mahtuu',
    fullClosedBadge: 'Täynnä',
    waitlistOnly: (n) =>
      n === 0
        ? 'Ryhmä on täynnä. Voit ilmoittautua jonoon; olisit jonossa ensimmäisenä.'
        : `Ryhmä on täynnä. Voit ilmoittautua jonoon; edelläsi on ${n === 1 ? '1 henkilö' : `${n} henkilöä`}.`,
    noRoom: 'Ryhmä ja sen jono ovat täynnä, joten ryhmään ei voi nyt ilmoittautua.',
    joinWaitlist: 'Ilmoittaudu jonoon',
    closedBadge: 'Suljettu ryhmä',
  },
  organisation: {
    groups: 'Ryhmät',
    contact: 'Yhteystiedot',
    website: 'Verkkosivut',
    emailLabel: 'Sähköposti',
    phoneLabel: 'Puhelin',
    askHeading: 'Kysyttävää?',
    askText: (organiser) => `Ryhmästä voi kysyä järjestäjältä (${organiser}).`,
    noGroups: 'Järjestöllä ei ole nyt julkaistuja ryhmiä.',
    calendar: 'Kaikki ryhmät kalenteriin (iCalendar)',
    earlier: 'Aiemmat ryhmät',
    kinds: {
      federation: 'Keskusjärjestö',
      district: 'Piiri',
      local_association: 'Paikallisyhdistys',
      association: 'Yhdistys',
      city_service: 'Kaupungin palvelu',
      wellbeing_services_county: 'Hyvinvointialue',
      project: 'Hanke',
      institute: 'Laitos',
      self_organised: 'Omatoiminen ryhmä',
    },
  },
  venueLabel: { groupsHere: 'Täällä kokoontuvat ryhmät', address: 'Osoite', directions: 'Kulkuohjeet' },
  registration: {
    referral: {
      link: 'Minulla on lähetekoodi – ilmoittaudu',
      title: (group) => `Ilmoittaudu lähetekoodilla: ${group}`,
      intro:
        'Työntekijäsi antoi sinulle lähetekoodin. Kirjoita se ja yhteystietosi, niin ryhmän koordinaattori käsittelee ilmoittautumisesi.',
      code: 'Lähetekoodi',
      codeHint: 'Esimerkiksi ABCD-2345. Koodi toimii kerran.',
      codeRequired: 'Kirjoita työntekijältäsi saamasi lähetekoodi.',
      codeInvalid:
        'Koodia ei tunnistettu, se on jo käytetty tai vanhentunut. Tarkista koodi tai pyydä uusi työntekijältäsi.',
      submit: 'Lähetä ilmoittautuminen',
      received:
        'Ilmoittautumisesi on vastaanotettu. Ryhmän koordinaattori käsittelee sen ja ottaa sinuun yhteyttä.',
    },
    button: 'Ilmoittaudu ryhmään',
    title: (group) => `Ilmoittautuminen: ${group}`,
    intro: 'Kerro vain sen verran, että järjestäjä saa sinuun yhteyden.',
    name: 'Nimi tai lempinimi',
    nameHint: 'Koko nimeä ei tarvita.',
    email: 'Sähköposti',
    phone: 'Puhelinnumero',
    contactHint: 'Anna sähköposti tai puhelinnumero. Vahvistus ja muistutukset lähetetään sähköpostiin.',
    language: 'Viestien kieli',
    consent: 'Hyväksyn, että tietojani käytetään tämän ryhmän järjestämiseen.',
    privacy: (organiser) =>
      `Tietojasi käsittelee vain ${organiser} tämän ryhmän järjestämiseen. Ryhmän ohjaajat ja koordinaattorit näkevät nimesi ja yhteystietosi. Tiedot poistetaan, kun ryhmä on päättynyt.`,
    costNotice: (amount) => `Ryhmässä on omavastuuosuus: ${amount}.`,
    submit: 'Ilmoittaudu',
    errorsHeading: 'Korjaa nämä kohdat:',
    errors: {
      name: 'Kirjoita nimi tai lempinimi (enintään 100 merkkiä).',
      email: 'Tarkista sähköpostiosoite.',
      phone: 'Tarkista puhelinnumero.',
      contact: 'Anna sähköposti tai puhelinnumero.',
      consent: 'Ilmoittautuminen vaatii suostumuksesi.',
      full: 'Ryhmä ja sen jono ovat täynnä.',
      closed: 'Ryhmään ei voi nyt ilmoittautua.',
      alreadyEmail:
        'Tällä sähköpostiosoitteella on jo ilmoittauduttu tähän ryhmään. Lähetimme peruutuslinkin uudelleen siihen osoitteeseen.',
      alreadyPhone: 'Tällä puhelinnumerolla on jo ilmoittauduttu tähän ryhmään.',
      tooMany: (minutes) =>
        `Tästä osoitteesta on tullut liian monta ilmoittautumista. Yritä uudelleen ${minutes} minuutin kuluttua.`,
    },
    questionsHeading: 'Järjestäjän kysymykset',
    required: 'pakollinen',
    yes: 'Kyllä',
    no: 'Ei',
    answerErrors: {
      required: 'Vastaa tähän kysymykseen.',
      tooLong: 'Vastaus on liian pitkä.',
      number: (min, max) =>
        min !== undefined && max !== undefined
          ? `Anna kokonaisluku väliltä ${min}–${max}.`
          : 'Anna kokonaisluku.',
      date: 'Anna päivämäärä muodossa vvvv-kk-pp.',
      choice: 'Valitse yksi vaihtoehdoista.',
    },
    confirmed: 'Ilmoittautuminen onnistui: sinulla on paikka ryhmässä.',
    waitlisted: (position) =>
      `Ryhmä on täynnä. Olet jonossa sijalla ${position}; saat viestin, jos paikka vapautuu.`,
    cancelLink: 'Jos et pääsekään, voit perua ilmoittautumisesi tästä linkistä. Tallenna se.',
    mailNote: 'Lähetimme vahvistuksen myös sähköpostiisi.',
    nextHeading: 'Mitä seuraavaksi',
    firstMeeting: 'Seuraava tapaaminen',
    noMeetingYet: 'Tapaamisten ajat ilmoitetaan myöhemmin ryhmän sivulla.',
    meetingPlace: 'Paikka',
    remotePlace: 'Etänä – liittymislinkki tulee sähköpostiisi.',
    cancelButton: 'Peru ilmoittautuminen',
    askHeading: 'Kysyttävää?',
  },
  cancelRegistration: {
    title: 'Peru ilmoittautuminen',
    text: 'Haluatko perua ilmoittautumisesi ryhmään? Paikkasi vapautuu jonossa seuraavalle.',
    button: 'Peru ilmoittautuminen',
    unknown: 'Tällä linkillä ei löytynyt ilmoittautumista.',
    question: (group) =>
      `Haluatko perua ilmoittautumisesi ryhmään ${group}? Paikkasi vapautuu jonossa seuraavalle.`,
    already: (group) => `Ilmoittautumisesi ryhmään ${group} on jo peruttu. Mitään ei tarvitse tehdä.`,
    doneIn: (group) => `Ilmoittautumisesi ryhmään ${group} on peruttu. Kiitos, että ilmoitit.`,
  },
  application: {
    button: 'Hae ryhmään',
    title: (group) => `Hakemus: ${group}`,
    intro:
      'Järjestäjä kokoaa ryhmät hakemusten perusteella ja ottaa sinuun yhteyttä. Kaikki kysymykset ovat vapaaehtoisia yhteystietoja lukuun ottamatta.',
    factsHeading: 'Tiedot ryhmän kokoamista varten',
    area: 'Asuinalue',
    areaHint: 'Esimerkiksi kaupunginosa, jotta ryhmä kokoontuisi lähellä.',
    childAge: 'Lapsen ikä kuukausina',
    childAgeHint: 'Jos lapsi on jo syntynyt.',
    dueDate: 'Laskettu aika',
    dueDateHint: 'Jos odotat lasta. Muodossa vvvv-kk-pp.',
    languages: 'Kielet, joilla voit keskustella',
    availability: 'Sopivat päivät ja ajat',
    availabilityHint: 'Esimerkiksi "arkisin iltapäivisin".',
    background: 'Muuta, mitä järjestäjän on hyvä tietää',
    backgroundHint: 'Kirjoita vain se, minkä haluat kertoa.',
    privacy: (organiser) =>
      `Hakemustasi käsittelee vain ${organiser} ryhmien kokoamiseen. Tiedot poistetaan, kun ryhmät on koottu ja ne ovat päättyneet.`,
    submit: 'Lähetä hakemus',
    done: 'Kiitos, hakemuksesi on vastaanotettu. Järjestäjä ottaa sinuun yhteyttä, kun ryhmät on koottu.',
    errors: {
      childAge: 'Anna ikä kuukausina, 0–240.',
      dueDate: 'Anna päivämäärä muodossa vvvv-kk-pp.',
      tooLong: 'Teksti on liian pitkä.',
      closed: 'Ryhmään ei voi nyt hakea.',
    },
  },
  notFound: {
    title: 'Sivua ei löytynyt',
    text: 'Etsimääsi sivua ei ole tai ryhmää ei ole julkaistu.',
    searchLink: 'Hae ryhmiä',
  },
  error: { title: 'Jokin meni vikaan', text: 'Yritä hetken kuluttua uudelleen.' },
  audience: {
    parents: 'Vanhemmat',
    expecting_parents: 'Odottavat vanhemmat',
    families: 'Perheet',
    children: 'Lapset',
    youth: 'Nuoret',
    relatives: 'Omaiset ja läheiset',
    carers: 'Omaishoitajat',
    men: 'Miehet',
    women: 'Naiset',
    immigrants: 'Maahanmuuttajat',
    workers: 'Työikäiset',
    everyone: 'Kaikki',
  },
  themes: {
    parenting: 'Vanhemmuus',
    pregnancy: 'Raskaus',
    babies: 'Vauva-arki',
    postnatal_depression: 'Synnytyksen jälkeinen masennus',
    multiple_births: 'Monikkoperheet',
    single_parents: 'Yksinhuoltajuus',
    rainbow_families: 'Sateenkaariperheet',
    mental_health: 'Mielenterveys',
    loneliness: 'Yksinäisyys',
    grief: 'Suru ja menetys',
    separation: 'Ero',
    substance_use: 'Päihteet',
    relatives_substance_use: 'Läheisen päihteiden käyttö',
    child_welfare: 'Lastensuojelu ja perhetyö',
    caregiving: 'Omaishoito',
    chronic_illness: 'Pitkäaikaissairaus',
    disability: 'Vammaisuus',
    immigration: 'Kotoutuminen',
    physical_activity: 'Liikunta',
    play_and_music: 'Leikki ja musiikki',
  },
  joinWays: {
    drop_in: 'Tule suoraan',
    registration: 'Ilmoittautuminen',
    referral: 'Ohjaus työntekijän kautta',
    application: 'Haku',
  },
  modes: { in_person: 'Paikan päällä', remote: 'Etänä', hybrid: 'Paikan päällä tai etänä' },
  weekdays: {
    mon: 'maanantai',
    tue: 'tiistai',
    wed: 'keskiviikko',
    thu: 'torstai',
    fri: 'perjantai',
    sat: 'lauantai',
    sun: 'sunnuntai',
  },
  timesOfDay: {
    morning: 'Aamupäivä (ennen klo 12)',
    afternoon: 'Iltapäivä (12–17)',
    evening: 'Ilta (klo 17 jälkeen)',
  },
  accessibility: {
    step_free_access: 'Esteetön sisäänkäynti',
    accessible_toilet: 'Esteetön WC',
    lift: 'Hissi',
    induction_loop: 'Induktiosilmukka',
    parking: 'Pysäköinti',
    public_transport: 'Hyvät joukkoliikenneyhteydet',
    pram_access: 'Lastenvaunuille sopiva',
    baby_changing: 'Vauvanhoitopiste',
    quiet_room: 'Hiljainen tila',
  },
  languageNames: {
    fi: 'suomi',
    sv: 'ruotsi',
    en: 'englanti',
    ar: 'arabia',
    so: 'somali',
    ru: 'venäjä',
    fa: 'persia',
    ku: 'kurdi',
    et: 'viro',
  },
  footer: 'Vertaamo on avoimen lähdekoodin palvelu vertaisryhmille.',
  api: 'Avoin rajapinta',
  accessibilityStatement: {
    link: 'Saavutettavuusseloste',
    title: 'Saavutettavuusseloste',
    sections: [
      {
        heading: 'Tavoitteemme',
        paragraphs: [
          'Vertaamo pyrkii täyttämään digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) ja WCAG 2.1 -ohjeiden AA-tason vaatimukset.',
          'Julkiset sivut toimivat ilman JavaScriptiä, näppäimistöllä, ruudunlukijalla, 320 pikselin leveällä näytöllä ja 200 %:n suurennuksella, suomeksi, ruotsiksi ja englanniksi.',
        ],
      },
      {
        heading: 'Miten saavutettavuus on arvioitu',
        paragraphs: [
          'Jokainen julkinen sivutyyppi ja työtilan sivut tarkistetaan automaattisesti axe-core-työkalulla Chromium-selaimessa kaikilla kolmella kielellä jokaisen muutoksen yhteydessä. Lisäksi testit käyvät läpi haun ja ryhmän sivun pelkällä näppäimistöllä.',
          'Ulkopuolista asiantuntija-arviota ei ole vielä tehty.',
        ],
      },
      {
        heading: 'Tunnetut puutteet',
        paragraphs: [
          'Ryhmien kuvaukset ovat järjestäjien kirjoittamia, eikä niiden selkokielisyyttä tarkisteta.',
          'Karttalinkit avaavat ulkopuolisen karttapalvelun, jonka saavutettavuudesta emme vastaa.',
        ],
      },
      {
        heading: 'Palaute ja valvonta',
        paragraphs: [
          'Jos huomaat saavutettavuusongelman, kerro siitä ryhmän järjestäjälle tai palvelun ylläpitäjälle. Vastaamme 14 päivän kuluessa.',
          'Jos et ole tyytyväinen vastaukseen, voit ilmoittaa asiasta Etelä-Suomen aluehallintovirastoon (saavutettavuusvaatimukset.fi).',
        ],
      },
    ],
  },
  staffSignIn: 'Kirjautuminen työntekijöille',
};

const sv: Messages = {
  languageName: 'På svenska',
  siteName: 'Vertaamo',
  tagline: 'Hitta en kamratgrupp som passar din livssituation.',
  skipToContent: 'Hoppa till innehållet',
  languageSwitch: 'Språk',
  home: 'Startsida',
  search: {
    heading: 'Sök en kamratgrupp',
    label: 'Sökord',
    hint: 'Till exempel ett ämne, en ort eller en organisation: anhöriga, Helsingfors, babyfamiljer',
    button: 'Sök',
    filters: 'Avgränsa sökningen',
    applyFilters: 'Visa grupper',
    clearFilters: 'Töm avgränsningarna',
    municipality: 'Kommun',
    municipalityHint: 'Till exempel Tammerfors eller Helsingfors',
    audience: 'För vem',
    theme: 'Ämne',
    language: 'Språk',
    weekday: 'Veckodag',
    timeOfDay: 'Tid på dagen',
    join: 'Hur man kommer med',
    freeOnly: 'Endast avgiftsfria',
    mode: 'Form för träffarna',
    anyMode: 'Alla',
    openness: 'Gruppens form',
    anyOpenness: 'Alla grupper',
    opennessLabels: {
      open: 'Öppen – man kan komma till vilken träff som helst',
      closed: 'Sluten – samma deltagare från början till slut',
    },
    when: 'När',
    startsSoon: 'Börjar inom 30 dagar',
    ongoing: 'Grupp som redan träffas',
    acceptingOnly: 'Tar emot nya medlemmar nu',
    sort: 'Ordning',
    sortLabels: {
      relevance: 'Bästa träff först',
      next_session: 'Nästa träff',
      distance: 'Närmast först',
      name: 'Enligt namn',
    },
    results: (n) => (n === 1 ? '1 grupp' : `${n} grupper`),
    noResults: 'Inga grupper hittades med dessa villkor.',
    noResultsHelp: 'Prova ett annat sökord eller ta bort avgränsningar.',
    distance: (km) => `${km} km bort`,
    nextSession: 'Nästa träff',
    noUpcoming: 'Inga kommande träffar',
    previous: 'Föregående sida',
    next: 'Nästa sida',
    page: (n, of) => `Sida ${n} av ${of}`,
    browseAll: 'Bläddra bland alla grupper',
    popular: 'Vanliga sökningar',
  },
  group: {
    forWhom: 'För vem',
    whatHappens: 'Vad gruppen gör',
    unifyingFactor: 'Gruppen förenas av',
    theme: 'Tema',
    programme: 'Verksamhetsmodell',
    facilitation: 'Ledning',
    selfDirected: 'Självstyrd grupp: gruppen leder sig själv.',
    facilitatorRoles: { convener: 'Sammankallare', lead: 'Ledare', co_facilitator: 'Parledare' },
    facilitatorKinds: { peer: 'kamratledare', professional: 'yrkesperson' },
    engagement: { volunteer: 'frivillig', paid: 'avlönad' },
    nextSessions: 'Kommande träffar',
    noSessions: 'Inga kommande träffar har meddelats ännu.',
    cancelled: 'Inställd',
    guest: 'Gäst',
    venue: 'Plats',
    remoteNote: 'Gruppen träffas på distans. Länken skickas till dem som antagits till gruppen.',
    hybridNote: 'Du kan delta på plats eller på distans.',
    openMap: 'Visa på kartan',
    accessibilityHeading: 'Tillgänglighet',
    howToJoin: 'Så här kommer du med',
    joinTexts: {
      drop_in: 'Kom bara – ingen anmälan behövs.',
      registration: 'Man anmäler sig till gruppen på förhand.',
      referral: 'Man kommer till gruppen via en remiss: fråga din socialarbetare eller en annan anställd.',
      application: 'Man ansöker till gruppen. Arrangören sätter ihop grupperna utifrån ansökningarna.',
    },
    capacity: (n) => `Högst ${n} deltagare.`,
    cost: 'Pris',
    free: 'Avgiftsfri',
    coPayment: (amount) => `Självrisk ${amount}`,
    languages: 'Språk',
    closedNotice: 'Sluten grupp: samma personer träffas hela tiden och nya tas inte in mitt i.',
    closedStarted: 'Gruppen har redan börjat och tar inte längre emot nya medlemmar.',
    crisisHeading: 'Gruppen är ingen krishjälp',
    crisisText:
      'Kamratgruppen är inte avsedd för att lösa krissituationer eller behandla psykiska problem, och den är inte terapi. Om du behöver hjälp nu:',
    crisisContacts: [
      'I nödsituationer, ring 112.',
      'MIELI rf:s Kristelefon på svenska 09 2525 0112.',
      'Din egen hälsostation eller jouren.',
    ],
    partners: 'I samarbete med',
    organiser: 'Arrangör',
    lastConfirmed: (date) => `Arrangören har bekräftat uppgifterna ${date}.`,
    season: 'Säsong',
    dates: 'Tidpunkt',
    calendar: 'Lägg till i kalendern (iCalendar)',
    status: {
      draft: 'Utkast',
      proposed: 'Föreslagen',
      approved: 'Godkänd',
      published: 'Kommande',
      running: 'Pågår',
      suspended: 'Avbruten',
      ended: 'Avslutad',
    },
    suspended: (date) => `Gruppens verksamhet avbröts ${date}.`,
    endedNotice: (dates) =>
      dates ? `Den här gruppen har avslutats. Den träffades ${dates}.` : 'Den här gruppen har avslutats.',
    allPassedNotice: (last) =>
      `Gruppens träffar är över: den senaste var ${last}, och inga nya har meddelats.`,
    noJoiningNow: 'Det går inte att gå med i gruppen nu.',
    currentGroups: (organiser) => `Se de aktuella grupperna hos ${organiser}`,
    metSessions: 'Hållna träffar',
    replacedBy: 'En ny grupp har grundats i stället:',
    replaces: 'Den här gruppen ersätter gruppen',
    childrenAlong: 'Barnen kan följa med.',
    comingButton: 'Jag kommer till den här träffen',
    comingThanks: 'Tack! Ledaren vet nu att en person till kommer. Ditt namn sparades inte.',
    seatsLeft: (n) => (n === 1 ? '1 plats ledig.' : `${n} platser lediga.`),
    waitlist: (n) => `Gruppen är full; ${n} i kö.`,
    fullBadge: 'Full – plats i kön',
    fullClosedBadge: 'Full',
    waitlistOnly: (n) =>
      n === 0
        ? 'Gruppen är full. Du kan anmäla dig till kön; du skulle vara först i kön.'
        : `Gruppen är full. Du kan anmäla dig till kön; före dig ${n === 1 ? 'står 1 person' : `står ${n} personer`}.`,
    noRoom: 'Gruppen och dess kö är fulla, så det går inte att anmäla sig nu.',
    joinWaitlist: 'Anmäl dig till kön',
    closedBadge: 'Sluten grupp',
  },
  organisation: {
    groups: 'Grupper',
    contact: 'Kontaktuppgifter',
    website: 'Webbplats',
    emailLabel: 'E-post',
    phoneLabel: 'Telefon',
    askHeading: 'Har du frågor?',
    askText: (organiser) => `Du kan fråga arrangören (${organiser}) om gruppen.`,
    noGroups: 'Organisationen har inga publicerade grupper just nu.',
    calendar: 'Alla grupper i kalendern (iCalendar)',
    earlier: 'Tidigare grupper',
    kinds: {
      federation: 'Centralorganisation',
      district: 'Distrikt',
      local_association: 'Lokalförening',
      association: 'Förening',
      city_service: 'Stadens tjänst',
      wellbeing_services_county: 'Välfärdsområde',
      project: 'Projekt',
      institute: 'Institut',
      self_organised: 'Självstyrd grupp',
    },
  },
  venueLabel: { groupsHere: 'Grupper som träffas här', address: 'Adress', directions: 'Vägbeskrivning' },
  registration: {
    referral: {
      link: 'Jag har en remisskod – anmäl dig',
      title: (group) => `Anmäl dig med remisskod: ${group}`,
      intro:
        'Din kontaktperson gav dig en remisskod. Skriv den och dina kontaktuppgifter, så behandlar gruppens koordinator din anmälan.',
      code: 'Remisskod',
      codeHint: 'Till exempel ABCD-2345. Koden fungerar en gång.',
      codeRequired: 'Skriv remisskoden du fick av din kontaktperson.',
      codeInvalid:
        'Koden kändes inte igen, är redan använd eller har gått ut. Kontrollera koden eller be om en ny.',
      submit: 'Skicka anmälan',
      received: 'Din anmälan har tagits emot. Gruppens koordinator behandlar den och kontaktar dig.',
    },
    button: 'Anmäl dig till gruppen',
    title: (group) => `Anmälan: ${group}`,
    intro: 'Berätta bara så mycket att arrangören kan nå dig.',
    name: 'Namn eller smeknamn',
    nameHint: 'Fullständigt namn behövs inte.',
    email: 'E-post',
    phone: 'Telefonnummer',
    contactHint: 'Ange e-post eller telefonnummer. Bekräftelse och påminnelser skickas per e-post.',
    language: 'Meddelandenas språk',
    consent: 'Jag godkänner att mina uppgifter används för att ordna den här gruppen.',
    privacy: (organiser) =>
      `Dina uppgifter behandlas endast av ${organiser} för att ordna den här gruppen. Gruppens ledare och koordinatorer ser ditt namn och dina kontaktuppgifter. Uppgifterna raderas när gruppen har avslutats.`,
    costNotice: (amount) => `Gruppen har en självrisk: ${amount}.`,
    submit: 'Anmäl dig',
    errorsHeading: 'Rätta dessa punkter:',
    errors: {
      name: 'Skriv ett namn eller smeknamn (högst 100 tecken).',
      email: 'Kontrollera e-postadressen.',
      phone: 'Kontrollera telefonnumret.',
      contact: 'Ange e-post eller telefonnummer.',
      consent: 'Anmälan kräver ditt samtycke.',
      full: 'Gruppen och dess kö är fulla.',
      closed: 'Det går inte att anmäla sig till gruppen nu.',
      alreadyEmail:
        'Den här e-postadressen är redan anmäld till gruppen. Vi skickade avbokningslänken på nytt till den adressen.',
      alreadyPhone: 'Det här telefonnumret är redan anmält till gruppen.',
      tooMany: (minutes) => `För många anmälningar från den här adressen. Försök igen om ${minutes} minuter.`,
    },
    questionsHeading: 'Arrangörens frågor',
    required: 'obligatorisk',
    yes: 'Ja',
    no: 'Nej',
    answerErrors: {
      required: 'Svara på den här frågan.',
      tooLong: 'Svaret är för långt.',
      number: (min, max) =>
        min !== undefined && max !== undefined
          ? `Ange ett heltal mellan ${min} och ${max}.`
          : 'Ange ett heltal.',
      date: 'Ange ett datum i formen åååå-mm-dd.',
      choice: 'Välj ett av alternativen.',
    },
    confirmed: 'Anmälan lyckades: du har en plats i gruppen.',
    waitlisted: (position) =>
      `Gruppen är full. Du är nummer ${position} i kön; du får ett meddelande om en plats blir ledig.`,
    cancelLink: 'Om du inte kan komma kan du avboka med den här länken. Spara den.',
    mailNote: 'Vi skickade också en bekräftelse till din e-post.',
    nextHeading: 'Vad händer sedan',
    firstMeeting: 'Nästa träff',
    noMeetingYet: 'Tiderna för träffarna meddelas senare på gruppens sida.',
    meetingPlace: 'Plats',
    remotePlace: 'På distans – länken kommer till din e-post.',
    cancelButton: 'Avboka anmälan',
    askHeading: 'Har du frågor?',
  },
  cancelRegistration: {
    title: 'Avboka anmälan',
    text: 'Vill du avboka din anmälan till gruppen? Din plats går till nästa person i kön.',
    button: 'Avboka anmälan',
    unknown: 'Ingen anmälan hittades med den här länken.',
    question: (group) =>
      `Vill du avboka din anmälan till gruppen ${group}? Din plats går till nästa person i kön.`,
    already: (group) => `Din anmälan till gruppen ${group} är redan avbokad. Du behöver inte göra något.`,
    doneIn: (group) => `Din anmälan till gruppen ${group} är avbokad. Tack för att du meddelade.`,
  },
  application: {
    button: 'Ansök till gruppen',
    title: (group) => `Ansökan: ${group}`,
    intro:
      'Arrangören sätter ihop grupperna utifrån ansökningarna och kontaktar dig. Alla frågor utom kontaktuppgifterna är frivilliga.',
    factsHeading: 'Uppgifter för att sätta ihop gruppen',
    area: 'Bostadsområde',
    areaHint: 'Till exempel stadsdel, så att gruppen träffas nära dig.',
    childAge: 'Barnets ålder i månader',
    childAgeHint: 'Om barnet redan är fött.',
    dueDate: 'Beräknad tid',
    dueDateHint: 'Om du väntar barn. I formen åååå-mm-dd.',
    languages: 'Språk du kan samtala på',
    availability: 'Dagar och tider som passar',
    availabilityHint: 'Till exempel "vardagar på eftermiddagen".',
    background: 'Annat som arrangören bör veta',
    backgroundHint: 'Skriv bara det du vill berätta.',
    privacy: (organiser) =>
      `Din ansökan behandlas endast av ${organiser} för att sätta ihop grupperna. Uppgifterna raderas när grupperna har satts ihop och avslutats.`,
    submit: 'Skicka ansökan',
    done: 'Tack, vi har tagit emot din ansökan. Arrangören kontaktar dig när grupperna har satts ihop.',
    errors: {
      childAge: 'Ange åldern i månader, 0–240.',
      dueDate: 'Ange ett datum i formen åååå-mm-dd.',
      tooLong: 'Texten är för lång.',
      closed: 'Det går inte att ansöka till gruppen nu.',
    },
  },
  notFound: {
    title: 'Sidan hittades inte',
    text: 'Sidan finns inte eller gruppen har inte publicerats.',
    searchLink: 'Sök grupper',
  },
  error: { title: 'Något gick fel', text: 'Försök igen om en stund.' },
  audience: {
    parents: 'Föräldrar',
    expecting_parents: 'Blivande föräldrar',
    families: 'Familjer',
    children: 'Barn',
    youth: 'Unga',
    relatives: 'Anhöriga och närstående',
    carers: 'Närståendevårdare',
    men: 'Män',
    women: 'Kvinnor',
    immigrants: 'Invandrare',
    workers: 'Personer i arbetsför ålder',
    everyone: 'Alla',
  },
  themes: {
    parenting: 'Föräldraskap',
    pregnancy: 'Graviditet',
    babies: 'Vardag med baby',
    postnatal_depression: 'Förlossningsdepression',
    multiple_births: 'Flerlingsfamiljer',
    single_parents: 'Ensamförälder',
    rainbow_families: 'Regnbågsfamiljer',
    mental_health: 'Psykisk hälsa',
    loneliness: 'Ensamhet',
    grief: 'Sorg och förlust',
    separation: 'Skilsmässa',
    substance_use: 'Rusmedel',
    relatives_substance_use: 'En närståendes rusmedelsbruk',
    child_welfare: 'Barnskydd och familjearbete',
    caregiving: 'Närståendevård',
    chronic_illness: 'Långvarig sjukdom',
    disability: 'Funktionsnedsättning',
    immigration: 'Integration',
    physical_activity: 'Motion',
    play_and_music: 'Lek och musik',
  },
  joinWays: {
    drop_in: 'Kom direkt',
    registration: 'Anmälan',
    referral: 'Via en anställd',
    application: 'Ansökan',
  },
  modes: { in_person: 'På plats', remote: 'På distans', hybrid: 'På plats eller på distans' },
  weekdays: {
    mon: 'måndag',
    tue: 'tisdag',
    wed: 'onsdag',
    thu: 'torsdag',
    fri: 'fredag',
    sat: 'lördag',
    sun: 'söndag',
  },
  timesOfDay: {
    morning: 'Förmiddag (före kl. 12)',
    afternoon: 'Eftermiddag (12–17)',
    evening: 'Kväll (efter kl. 17)',
  },
  accessibility: {
    step_free_access: 'Tillgänglig ingång',
    accessible_toilet: 'Tillgänglig toalett',
    lift: 'Hiss',
    induction_loop: 'Hörslinga',
    parking: 'Parkering',
    public_transport: 'Goda kollektivtrafikförbindelser',
    pram_access: 'Passar för barnvagnar',
    baby_changing: 'Skötbord',
    quiet_room: 'Tyst rum',
  },
  languageNames: {
    fi: 'finska',
    sv: 'svenska',
    en: 'engelska',
    ar: 'arabiska',
    so: 'somaliska',
    ru: 'ryska',
    fa: 'persiska',
    ku: 'kurdiska',
    et: 'estniska',
  },
  footer: 'Vertaamo är en tjänst med öppen källkod för kamratgrupper.',
  api: 'Öppet gränssnitt',
  accessibilityStatement: {
    link: 'Tillgänglighetsutlåtande',
    title: 'Tillgänglighetsutlåtande',
    sections: [
      {
        heading: 'Vårt mål',
        paragraphs: [
          'Vertaamo strävar efter att uppfylla kraven i lagen om tillhandahållande av digitala tjänster (306/2019) och nivå AA i WCAG 2.1.',
          'De offentliga sidorna fungerar utan JavaScript, med tangentbord, med skärmläsare, på en 320 pixlar bred skärm och med 200 % förstoring, på finska, svenska och engelska.',
        ],
      },
      {
        heading: 'Hur tillgängligheten har bedömts',
        paragraphs: [
          'Varje typ av offentlig sida och arbetsytans sidor granskas automatiskt med axe-core i webbläsaren Chromium på alla tre språk vid varje ändring. Testerna går också igenom sökningen och gruppens sida med enbart tangentbord.',
          'Någon extern expertbedömning har ännu inte gjorts.',
        ],
      },
      {
        heading: 'Kända brister',
        paragraphs: [
          'Gruppernas beskrivningar skrivs av arrangörerna och granskas inte för lättläst språk.',
          'Kartlänkarna öppnar en extern karttjänst vars tillgänglighet vi inte ansvarar för.',
        ],
      },
      {
        heading: 'Respons och tillsyn',
        paragraphs: [
          'Om du upptäcker ett tillgänglighetsproblem, berätta det för gruppens arrangör eller tjänstens administratör. Vi svarar inom 14 dagar.',
          'Om du inte är nöjd med svaret kan du anmäla saken till Regionförvaltningsverket i Södra Finland (tillganglighetskrav.fi).',
        ],
      },
    ],
  },
  staffSignIn: 'Inloggning för personal',
};

const en: Messages = {
  languageName: 'In English',
  siteName: 'Vertaamo',
  tagline: 'Find a peer support group that fits your life.',
  skipToContent: 'Skip to content',
  languageSwitch: 'Language',
  home: 'Home',
  search: {
    heading: 'Find a peer group',
    label: 'Search',
    hint: 'For example a topic, a place or an organisation: relatives, Tampere, baby families',
    button: 'Search',
    filters: 'Narrow the search',
    applyFilters: 'Show groups',
    clearFilters: 'Clear filters',
    municipality: 'Municipality',
    municipalityHint: 'For example Tampere or Helsinki',
    audience: 'For whom',
    theme: 'Topic',
    language: 'Language',
    weekday: 'Day of the week',
    timeOfDay: 'Time of day',
    join: 'How to join',
    freeOnly: 'Free of charge only',
    mode: 'How the group meets',
    anyMode: 'Any',
    openness: 'Kind of group',
    anyOpenness: 'All groups',
    opennessLabels: {
      open: 'Open – come to any meeting',
      closed: 'Closed – the same members from start to end',
    },
    when: 'When',
    startsSoon: 'Starts within 30 days',
    ongoing: 'Already meeting',
    acceptingOnly: 'Taking new members now',
    sort: 'Order',
    sortLabels: {
      relevance: 'Best match first',
      next_session: 'Next meeting',
      distance: 'Nearest first',
      name: 'By name',
    },
    results: (n) => (n === 1 ? '1 group' : `${n} groups`),
    noResults: 'No groups match your search.',
    noResultsHelp: 'Try another word or remove some filters.',
    distance: (km) => `${km} km away`,
    nextSession: 'Next meeting',
    noUpcoming: 'No upcoming meetings',
    previous: 'Previous page',
    next: 'Next page',
    page: (n, of) => `Page ${n} of ${of}`,
    browseAll: 'Browse all groups',
    popular: 'Common searches',
  },
  group: {
    forWhom: 'For whom',
    whatHappens: 'What the group does',
    unifyingFactor: 'What the members share',
    theme: 'Theme',
    programme: 'Programme',
    facilitation: 'Facilitation',
    selfDirected: 'Self-directed group: the group runs itself.',
    facilitatorRoles: { convener: 'Convener', lead: 'Facilitator', co_facilitator: 'Co-facilitator' },
    facilitatorKinds: { peer: 'peer facilitator', professional: 'professional' },
    engagement: { volunteer: 'volunteer', paid: 'paid' },
    nextSessions: 'Upcoming meetings',
    noSessions: 'No upcoming meetings have been announced yet.',
    cancelled: 'Cancelled',
    guest: 'Guest',
    venue: 'Place',
    remoteNote: 'The group meets online. The link is sent to those accepted into the group.',
    hybridNote: 'You can take part on site or online.',
    openMap: 'Show on a map',
    accessibilityHeading: 'Accessibility',
    howToJoin: 'How to join',
    joinTexts: {
      drop_in: 'Just come – no registration needed.',
      registration: 'Register for the group in advance.',
      referral: 'You join through a referral: ask your own social worker or another professional.',
      application: 'You apply for the group. The organiser puts groups together from the applications.',
    },
    capacity: (n) => `At most ${n} participants.`,
    cost: 'Cost',
    free: 'Free of charge',
    coPayment: (amount) => `Co-payment ${amount}`,
    languages: 'Languages',
    closedNotice: 'Closed group: the same people meet throughout, and no one new joins midway.',
    closedStarted: 'The group has already started and takes no new members.',
    crisisHeading: 'This group is not crisis help',
    crisisText:
      'A peer group is not meant for resolving crises or treating mental health problems, and it is not therapy. If you need help now:',
    crisisContacts: [
      'In an emergency, call 112.',
      'MIELI Crisis Helpline in English 09 2525 0113.',
      'Your own health centre or emergency clinic.',
    ],
    partners: 'In partnership with',
    organiser: 'Organiser',
    lastConfirmed: (date) => `The organiser confirmed these details on ${date}.`,
    season: 'Season',
    dates: 'Dates',
    calendar: 'Add to calendar (iCalendar)',
    status: {
      draft: 'Draft',
      proposed: 'Proposed',
      approved: 'Approved',
      published: 'Upcoming',
      running: 'Running',
      suspended: 'Suspended',
      ended: 'Ended',
    },
    suspended: (date) => `The group was suspended on ${date}.`,
    endedNotice: (dates) => (dates ? `This group has ended. It met ${dates}.` : 'This group has ended.'),
    allPassedNotice: (last) =>
      `This group's meetings are over: the last one was on ${last}, and no new ones have been announced.`,
    noJoiningNow: 'The group cannot be joined now.',
    currentGroups: (organiser) => `See the current groups of ${organiser}`,
    metSessions: 'Meetings held',
    replacedBy: 'A new group has been started in its place:',
    replaces: 'This group replaces',
    childrenAlong: 'Children can come along.',
    comingButton: 'I’m coming to this meeting',
    comingThanks: 'Thank you! The facilitator now knows one more person is coming. Your name was not saved.',
    seatsLeft: (n) => (n === 1 ? '1 seat left.' : `${n} seats left.`),
    waitlist: (n) => `The group is full; ${n} on the waiting list.`,
    fullBadge: 'Full – waiting list open',
    fullClosedBadge: 'Full',
    waitlistOnly: (n) =>
      n === 0
        ? 'The group is full. You can join the waiting list; you would be first on it.'
        : `The group is full. You can join the waiting list; ${n === 1 ? '1 person is' : `${n} people are`} ahead of you.`,
    noRoom: 'The group and its waiting list are full, so you cannot register now.',
    joinWaitlist: 'Join the waiting list',
    closedBadge: 'Closed group',
  },
  organisation: {
    groups: 'Groups',
    contact: 'Contact',
    website: 'Website',
    emailLabel: 'Email',
    phoneLabel: 'Phone',
    askHeading: 'Any questions?',
    askText: (organiser) => `You can ask the organiser (${organiser}) about the group.`,
    noGroups: 'The organisation has no published groups at the moment.',
    calendar: 'All groups in your calendar (iCalendar)',
    earlier: 'Earlier groups',
    kinds: {
      federation: 'Federation',
      district: 'District',
      local_association: 'Local association',
      association: 'Association',
      city_service: 'City service',
      wellbeing_services_county: 'Wellbeing services county',
      project: 'Project',
      institute: 'Institute',
      self_organised: 'Self-organised group',
    },
  },
  venueLabel: { groupsHere: 'Groups meeting here', address: 'Address', directions: 'Directions' },
  registration: {
    referral: {
      link: 'I have a referral code – register',
      title: (group) => `Register with a referral code: ${group}`,
      intro:
        'Your worker gave you a referral code. Type it and your contact details, and the group’s coordinator will handle your registration.',
      code: 'Referral code',
      codeHint: 'For example ABCD-2345. The code works once.',
      codeRequired: 'Type the referral code your worker gave you.',
      codeInvalid:
        'The code was not recognised, has been used or has expired. Check it or ask your worker for a new one.',
      submit: 'Send the registration',
      received:
        'Your registration has been received. The group’s coordinator will handle it and contact you.',
    },
    button: 'Register for the group',
    title: (group) => `Registration: ${group}`,
    intro: 'Tell us only enough for the organiser to reach you.',
    name: 'Name or nickname',
    nameHint: 'Your full name is not needed.',
    email: 'Email',
    phone: 'Phone number',
    contactHint: 'Give an email address or a phone number. The confirmation and reminders are sent by email.',
    language: 'Language of messages',
    consent: 'I agree that my details are used to run this group.',
    privacy: (organiser) =>
      `Your details are handled only by ${organiser} to run this group. The group's facilitators and coordinators see your name and contact details. They are deleted after the group has ended.`,
    costNotice: (amount) => `The group has a co-payment: ${amount}.`,
    submit: 'Register',
    errorsHeading: 'Please correct these:',
    errors: {
      name: 'Write a name or nickname (at most 100 characters).',
      email: 'Check the email address.',
      phone: 'Check the phone number.',
      contact: 'Give an email address or a phone number.',
      consent: 'Registering needs your consent.',
      full: 'The group and its waiting list are full.',
      closed: 'The group does not take registrations now.',
      alreadyEmail:
        'This email address is already registered for this group. We have sent its cancel link to that address again.',
      alreadyPhone: 'This phone number is already registered for this group.',
      tooMany: (minutes) => `Too many registrations from this address. Try again in ${minutes} minutes.`,
    },
    questionsHeading: 'The organiser’s questions',
    required: 'required',
    yes: 'Yes',
    no: 'No',
    answerErrors: {
      required: 'Answer this question.',
      tooLong: 'The answer is too long.',
      number: (min, max) =>
        min !== undefined && max !== undefined
          ? `Give a whole number from ${min} to ${max}.`
          : 'Give a whole number.',
      date: 'Give a date as yyyy-mm-dd.',
      choice: 'Choose one of the options.',
    },
    confirmed: 'You are registered: you have a seat in the group.',
    waitlisted: (position) =>
      `The group is full. You are number ${position} on the waiting list; we will tell you if a seat frees up.`,
    cancelLink: 'If you cannot come after all, you can cancel with this link. Keep it.',
    mailNote: 'We also sent a confirmation to your email.',
    nextHeading: 'What happens next',
    firstMeeting: 'Next meeting',
    noMeetingYet: 'The meeting times will be announced later on the group’s page.',
    meetingPlace: 'Place',
    remotePlace: 'Online – the link comes to your email.',
    cancelButton: 'Cancel the registration',
    askHeading: 'Any questions?',
  },
  cancelRegistration: {
    title: 'Cancel registration',
    text: 'Do you want to cancel your registration for the group? Your seat goes to the next person in line.',
    button: 'Cancel registration',
    unknown: 'No registration was found with this link.',
    question: (group) =>
      `Do you want to cancel your registration for ${group}? Your seat goes to the next person in line.`,
    already: (group) =>
      `Your registration for ${group} has already been cancelled. There is nothing more to do.`,
    doneIn: (group) => `Your registration for ${group} has been cancelled. Thank you for letting us know.`,
  },
  application: {
    button: 'Apply for the group',
    title: (group) => `Application: ${group}`,
    intro:
      'The organiser puts the groups together from the applications and will contact you. Every question except your contact details is optional.',
    factsHeading: 'To put the group together',
    area: 'Where you live',
    areaHint: 'For example the neighbourhood, so that the group meets near you.',
    childAge: 'Child’s age in months',
    childAgeHint: 'If your child is already born.',
    dueDate: 'Due date',
    dueDateHint: 'If you are expecting. As yyyy-mm-dd.',
    languages: 'Languages you can talk in',
    availability: 'Days and times that suit you',
    availabilityHint: 'For example "weekday afternoons".',
    background: 'Anything else the organiser should know',
    backgroundHint: 'Write only what you want to tell.',
    privacy: (organiser) =>
      `Only ${organiser} handles your application, to put the groups together. The data is deleted once the groups have been formed and have ended.`,
    submit: 'Send the application',
    done: 'Thank you, we have received your application. The organiser will contact you once the groups are put together.',
    errors: {
      childAge: 'Give the age in months, 0–240.',
      dueDate: 'Give a date as yyyy-mm-dd.',
      tooLong: 'The text is too long.',
      closed: 'The group does not take applications now.',
    },
  },
  notFound: {
    title: 'Page not found',
    text: 'The page does not exist or the group has not been published.',
    searchLink: 'Find groups',
  },
  error: { title: 'Something went wrong', text: 'Please try again in a moment.' },
  audience: {
    parents: 'Parents',
    expecting_parents: 'Expecting parents',
    families: 'Families',
    children: 'Children',
    youth: 'Young people',
    relatives: 'Relatives and close ones',
    carers: 'Family carers',
    men: 'Men',
    women: 'Women',
    immigrants: 'Immigrants',
    workers: 'Working-age people',
    everyone: 'Everyone',
  },
  themes: {
    parenting: 'Parenting',
    pregnancy: 'Pregnancy',
    babies: 'Life with a baby',
    postnatal_depression: 'Postnatal depression',
    multiple_births: 'Twins and multiples',
    single_parents: 'Single parenthood',
    rainbow_families: 'Rainbow families',
    mental_health: 'Mental health',
    loneliness: 'Loneliness',
    grief: 'Grief and loss',
    separation: 'Separation',
    substance_use: 'Substance use',
    relatives_substance_use: 'A close one’s substance use',
    child_welfare: 'Child welfare and family work',
    caregiving: 'Family caregiving',
    chronic_illness: 'Long-term illness',
    disability: 'Disability',
    immigration: 'Settling in Finland',
    physical_activity: 'Physical activity',
    play_and_music: 'Play and music',
  },
  joinWays: {
    drop_in: 'Just come',
    registration: 'Registration',
    referral: 'Referral by a professional',
    application: 'Application',
  },
  modes: { in_person: 'In person', remote: 'Online', hybrid: 'In person or online' },
  weekdays: {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  },
  timesOfDay: {
    morning: 'Morning (before 12)',
    afternoon: 'Afternoon (12–17)',
    evening: 'Evening (after 17)',
  },
  accessibility: {
    step_free_access: 'Step-free entrance',
    accessible_toilet: 'Accessible toilet',
    lift: 'Lift',
    induction_loop: 'Induction loop',
    parking: 'Parking',
    public_transport: 'Good public transport',
    pram_access: 'Pram access',
    baby_changing: 'Baby changing',
    quiet_room: 'Quiet room',
  },
  languageNames: {
    fi: 'Finnish',
    sv: 'Swedish',
    en: 'English',
    ar: 'Arabic',
    so: 'Somali',
    ru: 'Russian',
    fa: 'Persian',
    ku: 'Kurdish',
    et: 'Estonian',
  },
  footer: 'Vertaamo is an open-source service for peer support groups.',
  api: 'Open API',
  accessibilityStatement: {
    link: 'Accessibility statement',
    title: 'Accessibility statement',
    sections: [
      {
        heading: 'Our aim',
        paragraphs: [
          'Vertaamo aims to meet the requirements of the Finnish Act on the Provision of Digital Services (306/2019) and level AA of WCAG 2.1.',
          'The public pages work without JavaScript, with a keyboard, with a screen reader, on a 320-pixel-wide screen and at 200 % zoom, in Finnish, Swedish and English.',
        ],
      },
      {
        heading: 'How accessibility has been assessed',
        paragraphs: [
          'Every public page type and the workspace pages are checked automatically with axe-core in the Chromium browser in all three languages on every change. The tests also go through the search and a group page with the keyboard alone.',
          'No external expert review has been made yet.',
        ],
      },
      {
        heading: 'Known shortcomings',
        paragraphs: [
          'Group descriptions are written by the organisers and are not checked for plain language.',
          'Map links open an external map service whose accessibility we are not responsible for.',
        ],
      },
      {
        heading: 'Feedback and enforcement',
        paragraphs: [
          'If you notice an accessibility problem, tell the group’s organiser or the administrator of this service. We answer within 14 days.',
          'If you are not satisfied with the answer, you can report it to the Regional State Administrative Agency for Southern Finland (webaccessibility.fi).',
        ],
      },
    ],
  },
  staffSignIn: 'Staff sign-in',
};

export const MESSAGES: Record<Lang, Messages> = { fi, sv, en };

/** The language of a first visit from the Accept-Language header, Finnish when nothing fits. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'fi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([0-9.]+)$/.exec(p.trim())).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lang).find(isLang) ?? 'fi';
}

/** A localized text in the reader's language, falling back to Finnish, then any language. */
export function pick(text: Partial<Record<string, string>> | null | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.fi || text.sv || text.en || '';
}

/** Whether the text exists in the reader's language (so the page can mark a fallback's lang). */
export function langOf(text: Partial<Record<string, string>> | null | undefined, lang: Lang): Lang {
  if (!text || text[lang]) return lang;
  return (['fi', 'sv', 'en'] as const).find((l) => text[l]) ?? lang;
}
