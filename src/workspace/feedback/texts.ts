/** The words of the staff feedback pages, in Finnish, Swedish and English. */
import type { Lang } from '../../shared/lang.ts';

export interface StaffFeedbackTexts {
  link: string;
  codeLink: string;
  title: (group: string) => string;
  orgTitle: (org: string, year: number) => string;
  back: string;
  suppressed: string;
  suppressedHint: string;
  responses: string;
  responseRate: string;
  linksSent: (n: number) => string;
  noLinks: string;
  question: string;
  mean: string;
  answered: string;
  notApplicable: string;
  distribution: string;
  scaleHeads: [string, string, string, string, string];
  overall: string;
  freeTexts: string;
  noFreeTexts: string;
  childVariant: string;
  howAsked: { link: string; code: string };
  total: string;
  programmes: string;
  noProgramme: string;
  groups: string;
  group: string;
  none: string;
  year: string;
  show: string;
  codeTitle: (group: string) => string;
  codeIntro: string;
  codeAddress: string;
  codeShort: string;
  qrLabel: string;
  print: string;
  forbidden: string;
  allOrganisation: string;
  settings: {
    heading: string;
    intro: string;
    every: string;
    everyHint: string;
    question: (n: number) => string;
    inLang: { fi: string; sv: string; en: string };
    save: string;
    saved: string;
    everyError: string;
    fiMissing: string;
  };
}

export const STAFF_FEEDBACK_TEXTS: Record<Lang, StaffFeedbackTexts> = {
  fi: {
    link: 'Palaute',
    codeLink: 'Palautekoodi ja QR-koodi tulostettavaksi',
    title: (g) => `Palaute: ${g}`,
    orgTitle: (o, y) => `Palaute ${y}: ${o}`,
    back: 'Takaisin ryhmään',
    suppressed: 'Alle 5 vastausta – ei näytetä',
    suppressedHint:
      'Lukuja ei näytetä, ennen kuin vastauksia on vähintään viisi, jotta kenenkään vastausta ei voi tunnistaa.',
    responses: 'Vastauksia',
    responseRate: 'Vastausprosentti',
    linksSent: (n) => `${n} palautelinkkiä lähetetty`,
    noLinks: 'ei linkkejä (avoin ryhmä)',
    question: 'Väite',
    mean: 'Keskiarvo',
    answered: 'Vastanneita',
    notApplicable: 'Ei koske',
    distribution: 'Jakauma',
    scaleHeads: ['1', '2', '3', '4', '5'],
    overall: 'Kokonaisarvio',
    freeTexts: 'Vapaat vastaukset',
    noFreeTexts: 'Ei vapaita vastauksia.',
    childVariant: 'Lasten ryhmä: lomake kasvoin ja lyhyin sanoin.',
    howAsked: {
      link: 'Osallistujat saavat sähköpostiin kertakäyttöisen palautelinkin ryhmän viimeisen tapaamisen jälkeen (jatkuvissa ryhmissä aina tietyn tapaamismäärän välein).',
      code: 'Avoimessa ryhmässä palautetta annetaan palautekoodilla tai QR-koodilla.',
    },
    total: 'Yhteensä',
    programmes: 'Ohjelmittain',
    noProgramme: 'Ei ohjelmaa',
    groups: 'Ryhmittäin',
    group: 'Ryhmä',
    none: 'Ei palautetta tältä vuodelta.',
    year: 'Vuosi',
    show: 'Näytä',
    codeTitle: (g) => `Anna palautetta: ${g}`,
    codeIntro: 'Lue QR-koodi puhelimella tai kirjoita palautekoodi osoitteessa',
    codeAddress: 'Osoite',
    codeShort: 'Palautekoodi',
    qrLabel: 'QR-koodi palautelomakkeeseen',
    print: 'Tulosta tämä sivu ja vie se ryhmän tiloihin. Vastaukset ovat nimettömiä.',
    forbidden: 'Sinulla ei ole oikeutta nähdä tämän ryhmän palautetta.',
    allOrganisation: 'Koko organisaation palaute',
    settings: {
      heading: 'Palautteen asetukset',
      intro: 'Omat kysymykset kysytään vakioväitteiden jälkeen samalla asteikolla. Tyhjä kysymys poistetaan.',
      every: 'Jatkuvat ryhmät: palautelinkki aina näin monen tapaamisen jälkeen',
      everyHint: 'Kokonaisluku 1–100',
      question: (n) => `Oma kysymys ${n}`,
      inLang: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
      save: 'Tallenna asetukset',
      saved: 'Asetukset tallennettu.',
      everyError: 'Anna kokonaisluku 1–100.',
      fiMissing: 'Kirjoita kysymys ainakin suomeksi.',
    },
  },
  sv: {
    link: 'Respons',
    codeLink: 'Responskod och QR-kod för utskrift',
    title: (g) => `Respons: ${g}`,
    orgTitle: (o, y) => `Respons ${y}: ${o}`,
    back: 'Tillbaka till gruppen',
    suppressed: 'Färre än 5 svar – visas inte',
    suppressedHint: 'Inga siffror visas förrän det finns minst fem svar, så att ingens svar kan kännas igen.',
    responses: 'Svar',
    responseRate: 'Svarsfrekvens',
    linksSent: (n) => `${n} responslänkar skickade`,
    noLinks: 'inga länkar (öppen grupp)',
    question: 'Påstående',
    mean: 'Medelvärde',
    answered: 'Svarande',
    notApplicable: 'Gäller inte',
    distribution: 'Fördelning',
    scaleHeads: ['1', '2', '3', '4', '5'],
    overall: 'Helhetsbedömning',
    freeTexts: 'Fria svar',
    noFreeTexts: 'Inga fria svar.',
    childVariant: 'Barngrupp: formuläret med ansikten och korta ord.',
    howAsked: {
      link: 'Deltagarna får en responslänk för engångsbruk per e-post efter gruppens sista träff (i fortlöpande grupper med ett visst antal träffars mellanrum).',
      code: 'I en öppen grupp ges respons med responskoden eller QR-koden.',
    },
    total: 'Totalt',
    programmes: 'Per program',
    noProgramme: 'Inget program',
    groups: 'Per grupp',
    group: 'Grupp',
    none: 'Ingen respons för det här året.',
    year: 'År',
    show: 'Visa',
    codeTitle: (g) => `Ge respons: ${g}`,
    codeIntro: 'Läs QR-koden med telefonen eller skriv responskoden på adressen',
    codeAddress: 'Adress',
    codeShort: 'Responskod',
    qrLabel: 'QR-kod till responsformuläret',
    print: 'Skriv ut sidan och ta den till gruppens lokal. Svaren är anonyma.',
    forbidden: 'Du har inte rätt att se den här gruppens respons.',
    allOrganisation: 'Hela organisationens respons',
    settings: {
      heading: 'Inställningar för respons',
      intro: 'Egna frågor ställs efter standardpåståendena på samma skala. En tom fråga tas bort.',
      every: 'Fortlöpande grupper: responslänk efter så här många träffar',
      everyHint: 'Ett heltal 1–100',
      question: (n) => `Egen fråga ${n}`,
      inLang: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
      save: 'Spara inställningarna',
      saved: 'Inställningarna har sparats.',
      everyError: 'Ange ett heltal 1–100.',
      fiMissing: 'Skriv frågan åtminstone på finska.',
    },
  },
  en: {
    link: 'Feedback',
    codeLink: 'Feedback code and QR code to print',
    title: (g) => `Feedback: ${g}`,
    orgTitle: (o, y) => `Feedback ${y}: ${o}`,
    back: 'Back to the group',
    suppressed: 'Fewer than 5 answers – not shown',
    suppressedHint:
      'No figures are shown until there are at least five answers, so that nobody’s answer can be recognised.',
    responses: 'Answers',
    responseRate: 'Response rate',
    linksSent: (n) => `${n} feedback links sent`,
    noLinks: 'no links (drop-in group)',
    question: 'Statement',
    mean: 'Mean',
    answered: 'Answered',
    notApplicable: 'Does not apply',
    distribution: 'Distribution',
    scaleHeads: ['1', '2', '3', '4', '5'],
    overall: 'Overall rating',
    freeTexts: 'Free-text answers',
    noFreeTexts: 'No free-text answers.',
    childVariant: 'Children’s group: the form with faces and short words.',
    howAsked: {
      link: 'Participants get a single-use feedback link by email after the group’s last session (in ongoing groups after every few sessions).',
      code: 'In a drop-in group people give feedback with the feedback code or the QR code.',
    },
    total: 'In total',
    programmes: 'By programme',
    noProgramme: 'No programme',
    groups: 'By group',
    group: 'Group',
    none: 'No feedback for this year.',
    year: 'Year',
    show: 'Show',
    codeTitle: (g) => `Give feedback: ${g}`,
    codeIntro: 'Read the QR code with your phone, or type the feedback code at',
    codeAddress: 'Address',
    codeShort: 'Feedback code',
    qrLabel: 'QR code to the feedback form',
    print: 'Print this page and take it to the group’s venue. The answers are anonymous.',
    forbidden: 'You may not see this group’s feedback.',
    allOrganisation: 'The whole organisation’s feedback',
    settings: {
      heading: 'Feedback settings',
      intro:
        'Own questions are asked after the standard statements, on the same scale. An empty question is removed.',
      every: 'Ongoing groups: a feedback link after every this many sessions',
      everyHint: 'A whole number from 1 to 100',
      question: (n) => `Own question ${n}`,
      inLang: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
      save: 'Save the settings',
      saved: 'Settings saved.',
      everyError: 'Give a whole number from 1 to 100.',
      fiMissing: 'Write the question at least in Finnish.',
    },
  },
};
