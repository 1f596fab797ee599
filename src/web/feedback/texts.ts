/** The words of the public feedback pages, in Finnish, Swedish and English. */
import type { Lang } from '../../shared/lang.ts';

export interface FeedbackTexts {
  title: (group: string) => string;
  intro: string;
  anonymous: string;
  childIntro: string;
  /** the five points of the agreement scale, 1 to 5 */
  scale: [string, string, string, string, string];
  /** the child-friendly scale: short words shown beside the faces */
  childScale: [string, string, string, string, string];
  notApplicable: string;
  childNotApplicable: string;
  statementsHeading: string;
  ownHeading: string;
  overall: string;
  childOverall: string;
  overallScale: [string, string];
  freeText: string;
  freeTextHint: string;
  childFreeText: string;
  submit: string;
  childSubmit: string;
  errorsHeading: string;
  errors: {
    nothing: string;
    tooLong: string;
    scale: string;
    throttled: (minutes: number) => string;
  };
  thanksTitle: string;
  thanks: string;
  childThanks: string;
  answeredTitle: string;
  answered: string;
  expiredTitle: string;
  expired: string;
  unknownTitle: string;
  unknown: string;
  codeTitle: string;
  codeIntro: string;
  codeLabel: string;
  codeHint: string;
  codeSubmit: string;
  codeUnknown: string;
}

export const FEEDBACK_TEXTS: Record<Lang, FeedbackTexts> = {
  fi: {
    title: (group) => `Palaute: ${group}`,
    intro: 'Kerro, mitä mieltä olet seuraavista väitteistä. Kaikkiin ei tarvitse vastata.',
    anonymous:
      'Vastauksesi on nimetön: siihen ei tallenneta nimeäsi, yhteystietojasi, osoitettasi eikä kellonaikaa, eikä sitä voi yhdistää sinuun. Ohjaajat näkevät vastaukset vasta, kun niitä on vähintään viisi.',
    childIntro: 'Valitse naama, joka kertoo, miltä ryhmässä tuntui.',
    scale: [
      'Täysin eri mieltä',
      'Jokseenkin eri mieltä',
      'En samaa enkä eri mieltä',
      'Jokseenkin samaa mieltä',
      'Täysin samaa mieltä',
    ],
    childScale: ['Ei', 'Vähän', 'Ehkä', 'Joo', 'Tosi paljon'],
    notApplicable: 'Ei koske minua',
    childNotApplicable: 'En tiedä',
    statementsHeading: 'Mitä ryhmä sinulle antoi?',
    ownHeading: 'Lisäkysymykset',
    overall: 'Kokonaisarvio ryhmästä',
    childOverall: 'Millainen ryhmä oli?',
    overallScale: ['1 = huono', '5 = erinomainen'],
    freeText: 'Mitä muuta haluat sanoa? (vapaaehtoinen)',
    freeTextHint: 'Älä kirjoita nimiä, niin vastauksesi pysyy nimettömänä.',
    childFreeText: 'Haluatko sanoa jotain muuta?',
    submit: 'Lähetä palaute',
    childSubmit: 'Valmis!',
    errorsHeading: 'Tarkista vastaus',
    errors: {
      nothing: 'Vastaa ainakin yhteen kysymykseen.',
      tooLong: 'Kirjoita enintään 2000 merkkiä.',
      scale: 'Valitse yksi vaihtoehdoista.',
      throttled: (m) => `Täältä on lähetetty paljon vastauksia. Yritä uudelleen ${m} minuutin kuluttua.`,
    },
    thanksTitle: 'Kiitos palautteestasi!',
    thanks: 'Vastauksesi tallennettiin nimettömänä.',
    childThanks: 'Kiitos! Vastauksesi on tallessa.',
    answeredTitle: 'Tähän on jo vastattu',
    answered: 'Tällä linkillä on jo annettu palaute, ja se on tallessa. Linkillä voi vastata vain kerran.',
    expiredTitle: 'Linkki on vanhentunut',
    expired: 'Tämän palautelinkin aika on umpeutunut.',
    unknownTitle: 'Palautelomaketta ei löytynyt',
    unknown: 'Linkki tai koodi ei ole voimassa. Tarkista se, tai kysy ryhmän ohjaajalta.',
    codeTitle: 'Anna palautetta ryhmästä',
    codeIntro: 'Kirjoita ryhmän palautekoodi. Saat sen ohjaajalta tai ryhmän tiloissa olevasta tulosteesta.',
    codeLabel: 'Palautekoodi',
    codeHint: 'Kuusi merkkiä, esimerkiksi K7M2QX',
    codeSubmit: 'Siirry lomakkeeseen',
    codeUnknown: 'Koodilla ei löytynyt ryhmää. Tarkista koodi.',
  },
  sv: {
    title: (group) => `Respons: ${group}`,
    intro: 'Berätta vad du tycker om påståendena nedan. Du behöver inte svara på alla.',
    anonymous:
      'Ditt svar är anonymt: ditt namn, dina kontaktuppgifter, din adress eller klockslaget sparas inte, och svaret kan inte kopplas till dig. Ledarna ser svaren först när det finns minst fem.',
    childIntro: 'Välj det ansikte som visar hur det kändes i gruppen.',
    scale: [
      'Helt av annan åsikt',
      'Delvis av annan åsikt',
      'Varken av samma eller annan åsikt',
      'Delvis av samma åsikt',
      'Helt av samma åsikt',
    ],
    childScale: ['Nej', 'Lite', 'Kanske', 'Ja', 'Jättemycket'],
    notApplicable: 'Gäller inte mig',
    childNotApplicable: 'Vet inte',
    statementsHeading: 'Vad gav gruppen dig?',
    ownHeading: 'Fler frågor',
    overall: 'Helhetsbedömning av gruppen',
    childOverall: 'Hur var gruppen?',
    overallScale: ['1 = dålig', '5 = utmärkt'],
    freeText: 'Vill du säga något mer? (frivilligt)',
    freeTextHint: 'Skriv inga namn, så förblir ditt svar anonymt.',
    childFreeText: 'Vill du säga något mer?',
    submit: 'Skicka respons',
    childSubmit: 'Klar!',
    errorsHeading: 'Kontrollera svaret',
    errors: {
      nothing: 'Svara på minst en fråga.',
      tooLong: 'Skriv högst 2000 tecken.',
      scale: 'Välj ett av alternativen.',
      throttled: (m) => `Många svar har skickats härifrån. Försök igen om ${m} minuter.`,
    },
    thanksTitle: 'Tack för din respons!',
    thanks: 'Ditt svar sparades anonymt.',
    childThanks: 'Tack! Ditt svar är sparat.',
    answeredTitle: 'Redan besvarad',
    answered:
      'Respons har redan getts med den här länken, och den är sparad. Länken kan användas bara en gång.',
    expiredTitle: 'Länken har gått ut',
    expired: 'Tiden för den här responslänken har gått ut.',
    unknownTitle: 'Responsformuläret hittades inte',
    unknown: 'Länken eller koden gäller inte. Kontrollera den, eller fråga gruppens ledare.',
    codeTitle: 'Ge respons om en grupp',
    codeIntro: 'Skriv gruppens responskod. Du får den av ledaren eller från utskriften i gruppens lokal.',
    codeLabel: 'Responskod',
    codeHint: 'Sex tecken, till exempel K7M2QX',
    codeSubmit: 'Gå till formuläret',
    codeUnknown: 'Ingen grupp har den koden. Kontrollera koden.',
  },
  en: {
    title: (group) => `Feedback: ${group}`,
    intro: 'Tell us what you think of the statements below. You need not answer all of them.',
    anonymous:
      'Your answer is anonymous: your name, contact details, address and the time of day are not stored, and it cannot be linked to you. Facilitators see the answers only once there are at least five.',
    childIntro: 'Choose the face that shows how the group felt.',
    scale: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
    childScale: ['No', 'A little', 'Maybe', 'Yes', 'Very much'],
    notApplicable: 'Does not apply',
    childNotApplicable: "Don't know",
    statementsHeading: 'What did the group give you?',
    ownHeading: 'More questions',
    overall: 'Overall rating of the group',
    childOverall: 'How was the group?',
    overallScale: ['1 = poor', '5 = excellent'],
    freeText: 'Anything else you would like to say? (optional)',
    freeTextHint: 'Write no names, so that your answer stays anonymous.',
    childFreeText: 'Anything else you want to say?',
    submit: 'Send feedback',
    childSubmit: 'Done!',
    errorsHeading: 'Check your answer',
    errors: {
      nothing: 'Answer at least one question.',
      tooLong: 'Write at most 2000 characters.',
      scale: 'Choose one of the options.',
      throttled: (m) => `Many answers have been sent from here. Try again in ${m} minutes.`,
    },
    thanksTitle: 'Thank you for your feedback!',
    thanks: 'Your answer was saved anonymously.',
    childThanks: 'Thank you! Your answer is saved.',
    answeredTitle: 'Already answered',
    answered:
      'Feedback has already been given with this link, and it is kept. The link can be used only once.',
    expiredTitle: 'The link has expired',
    expired: 'The time for this feedback link has run out.',
    unknownTitle: 'Feedback form not found',
    unknown: 'The link or code is not valid. Check it, or ask the group’s facilitator.',
    codeTitle: 'Give feedback on a group',
    codeIntro:
      'Type the group’s feedback code. You get it from the facilitator or from the print-out at the venue.',
    codeLabel: 'Feedback code',
    codeHint: 'Six characters, for example K7M2QX',
    codeSubmit: 'Go to the form',
    codeUnknown: 'No group has this code. Check the code.',
  },
};
