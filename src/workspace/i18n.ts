/**
 * Every text of the staff workspace in Finnish, Swedish and English. As in the public
 * pages' messages, the type makes a missing translation a compile error.
 */
import type { GroupStatus, LifecycleAction } from '../groups/lifecycle.ts';
import type { SUSPENSION_REASONS } from '../groups/schemas.ts';
import type { Role } from '../accounts/permissions.ts';
import type { Lang } from '../web/i18n.ts';

type Labels<T extends string> = Record<T, string>;

/** Form fields of the new-group form, for labels and errors. */
export const GROUP_FORM_FIELDS = [
  'organization',
  'name_fi',
  'name_sv',
  'name_en',
  'description_fi',
  'description_sv',
  'description_en',
  'template',
  'how_to_join',
  'capacity',
  'cost_kind',
  'co_payment',
  'mode',
  'languages',
  'venue',
  'facilitation',
] as const;
export type GroupFormField = (typeof GROUP_FORM_FIELDS)[number];

/** What a group's history records (group_events.action): lifecycle steps and other changes. */
export type GroupEvent =
  | LifecycleAction
  | 'created'
  | 'updated'
  | 'facilitators_set'
  | 'remote_details_set'
  | 'cost_added'
  | 'cost_removed'
  | 'listing_confirmed'
  | 'low_attendance_rule_set'
  | 'low_attendance_warning_raised'
  | 'low_attendance_warning_cleared'
  | 'partners_set';

/** Service error codes the workspace explains in the reader's language. */
export const KNOWN_ERRORS = [
  'invalid-credentials',
  'forbidden',
  'invalid-transition',
  'board-approval-required',
  'not-ready-to-publish',
  'decision-date-missing',
  'decision-in-future',
  'capacity-above-programme-limit',
  'mode-not-allowed',
  'unknown-venue',
  'unknown-template',
  'unknown-organisation',
  'closed-drop-in',
  'co-payment-amount-missing',
  'not-replaceable',
  'already-replaced',
  'unknown-group',
] as const;
export type KnownError = (typeof KNOWN_ERRORS)[number];

/** What stands in the way of publishing, by the field the service names. */
export const PUBLISH_BLOCKERS = ['venue_id', 'remote_details', 'description', 'facilitators'] as const;

export interface StaffMessages {
  workspace: string;
  staffNav: string;
  /** the link to the signed-in person's passkeys */
  passkeys: string;
  password: string;
  sessions: string;
  signedInAs: (who: string) => string;
  signIn: {
    title: string;
    intro: string;
    email: string;
    password: string;
    submit: string;
    failed: string;
    /** too many failed attempts: minutes to wait */
    throttled: (minutes: number) => string;
    required: string;
    signOut: string;
    signedOut: string;
    /** after a new password was set through a reset link */
    passwordReset: string;
    forgotPassword: string;
    expired: string;
    publicSite: string;
  };
  start: {
    title: string;
    organisation: (name: string) => string;
    roles: string;
    roleNames: Labels<Role>;
    needsAction: string;
    nothingNeedsAction: string;
    allGroups: string;
    noGroups: string;
    proposals: string;
    noProposals: string;
    myGroups: string;
    noMyGroups: string;
    nextSessions: string;
    noSessions: string;
    myReferrals: string;
    noReferrals: string;
    referredOn: string;
    newGroup: string;
    noRoles: string;
  };
  table: { group: string; status: string; nextSession: string; action: string; referral: string };
  actionHints: Partial<Labels<GroupStatus>>;
  status: Labels<GroupStatus>;
  referralStatus: Labels<'pending' | 'confirmed' | 'waitlisted' | 'declined' | 'cancelled'>;
  group: {
    backToStart: string;
    publicPage: string;
    facts: string;
    organisation: string;
    status: string;
    programme: string;
    howToJoin: string;
    mode: string;
    venue: string;
    boardDecision: string;
    decision: (decision: string, date: string, minutes: string | null) => string;
    suspendedOn: (date: string, reason: string) => string;
    replacedBy: string;
    replaces: string;
    actions: string;
    noActions: string;
    history: string;
    noHistory: string;
    when: string;
    who: string;
    what: string;
    sessions: string;
    noSessions: string;
    cancelled: string;
    done: Labels<LifecycleAction>;
    created: string;
    errorHeading: string;
  };
  lifecycle: {
    buttons: Labels<LifecycleAction>;
    headings: Labels<
      'propose' | 'withdraw' | 'decision' | 'publish' | 'start' | 'suspend' | 'resume' | 'end'
    >;
    hints: Labels<'propose' | 'withdraw' | 'decision' | 'publish' | 'start' | 'suspend' | 'resume' | 'end'>;
    decidedOn: string;
    minutesReference: string;
    minutesHint: string;
    notes: string;
    suspendedOn: string;
    reasonCode: string;
    reasons: Labels<(typeof SUSPENSION_REASONS)[number]>;
    reason: string;
    endedOn: string;
    replacement: string;
    replacementHint: string;
    startReplacement: string;
    /** every action a group's history records, in words */
    events: Record<GroupEvent, string>;
    dateInvalid: string;
    /** a history entry this version has no words for */
    otherChange: string;
  };
  form: {
    title: string;
    replacementTitle: (name: string) => string;
    intro: string;
    errorsHeading: string;
    organization: string;
    names: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    optional: string;
    descriptions: string;
    descriptionFi: string;
    descriptionSv: string;
    descriptionEn: string;
    descriptionHint: string;
    template: string;
    noTemplate: string;
    builtIn: string;
    howToJoin: string;
    capacity: string;
    capacityHint: string;
    cost: string;
    free: string;
    coPayment: string;
    amount: string;
    amountHint: string;
    mode: string;
    languages: string;
    venue: string;
    noVenue: string;
    venueHint: string;
    submit: string;
    errors: Labels<
      | 'nameRequired'
      | 'descriptionFi'
      | 'tooLong'
      | 'capacity'
      | 'amount'
      | 'amountMissing'
      | 'languages'
      | 'choose'
      | 'organization'
    >;
  };
  errors: Labels<KnownError> & { other: string; blockers: Labels<(typeof PUBLISH_BLOCKERS)[number]> };
  csrf: { title: string; text: string };
}

const fi: StaffMessages = {
  workspace: 'Työtila',
  staffNav: 'Työtilan valikko',
  passkeys: 'Pääsyavaimet',
  password: 'Salasana',
  sessions: 'Istunnot',
  signedInAs: (who) => `Kirjautuneena: ${who}`,
  signIn: {
    title: 'Kirjaudu työtilaan',
    intro: 'Työtila on ryhmien koordinaattoreille, hallituksille, ohjaajille ja lähettäjille.',
    email: 'Sähköpostiosoite',
    password: 'Salasana',
    submit: 'Kirjaudu',
    failed: 'Sähköpostiosoite tai salasana on väärin.',
    throttled: (minutes) =>
      `Liian monta epäonnistunutta yritystä. Yritä uudelleen ${minutes} minuutin kuluttua.`,
    required: 'Kirjoita sähköpostiosoite ja salasana.',
    signOut: 'Kirjaudu ulos',
    signedOut: 'Olet kirjautunut ulos.',
    passwordReset: 'Uusi salasana asetettu. Kaikki istunnot on kirjattu ulos; kirjaudu uudella salasanalla.',
    forgotPassword: 'Unohtuiko salasana?',
    expired: 'Kirjaudu ensin sisään.',
    publicSite: 'Ryhmähakuun',
  },
  start: {
    title: 'Työtila',
    organisation: (name) => name,
    roles: 'Roolisi',
    roleNames: {
      admin: 'pääkäyttäjä',
      coordinator: 'koordinaattori',
      board_member: 'hallituksen jäsen',
      facilitator: 'ohjaaja',
      referrer: 'lähettäjä',
    },
    needsAction: 'Toimenpiteitä odottavat ryhmät',
    nothingNeedsAction: 'Mikään ryhmä ei odota toimenpiteitä.',
    allGroups: 'Kaikki ryhmät',
    noGroups: 'Ei vielä ryhmiä.',
    proposals: 'Hallituksen päätöstä odottavat ehdotukset',
    noProposals: 'Ei päätöstä odottavia ehdotuksia.',
    myGroups: 'Omat ryhmäni',
    noMyGroups: 'Et ohjaa vielä yhtään ryhmää.',
    nextSessions: 'Seuraavat kokoontumiset',
    noSessions: 'Ei tulevia kokoontumisia.',
    myReferrals: 'Lähettämäni asiakkaat',
    noReferrals: 'Et ole vielä lähettänyt ketään ryhmään.',
    referredOn: 'Lähetetty',
    newGroup: 'Uusi ryhmä',
    noRoles: 'Sinulla ei ole rooleja yhdessäkään organisaatiossa.',
  },
  table: {
    group: 'Ryhmä',
    status: 'Tila',
    nextSession: 'Seuraava kokoontuminen',
    action: 'Mitä seuraavaksi',
    referral: 'Tila',
  },
  actionHints: {
    draft: 'Täydennä ja ehdota tai julkaise',
    proposed: 'Odottaa hallituksen päätöstä',
    approved: 'Hyväksytty – julkaise',
    suspended: 'Keskeytetty – jatka, päätä tai perusta korvaava ryhmä',
  },
  status: {
    draft: 'Luonnos',
    proposed: 'Ehdotettu',
    approved: 'Hyväksytty',
    published: 'Julkaistu',
    running: 'Käynnissä',
    suspended: 'Keskeytetty',
    ended: 'Päättynyt',
  },
  referralStatus: {
    pending: 'Odottaa päätöstä',
    confirmed: 'Hyväksytty ryhmään',
    waitlisted: 'Jonossa',
    declined: 'Ei hyväksytty',
    cancelled: 'Peruttu',
  },
  group: {
    backToStart: 'Työtilan etusivulle',
    publicPage: 'Ryhmän julkinen sivu',
    facts: 'Tiedot',
    organisation: 'Organisaatio',
    status: 'Tila',
    programme: 'Ohjelma',
    howToJoin: 'Mukaan pääsee',
    mode: 'Toteutus',
    venue: 'Kokoontumispaikka',
    boardDecision: 'Hallituksen päätös',
    decision: (decision, date, minutes) =>
      `${decision === 'approved' ? 'Hyväksytty' : 'Hylätty'} ${date}${minutes ? `, ${minutes}` : ''}`,
    suspendedOn: (date, reason) => `Keskeytetty ${date}: ${reason}`,
    replacedBy: 'Korvaava ryhmä',
    replaces: 'Korvaa ryhmän',
    actions: 'Toimenpiteet',
    noActions: 'Sinulla ei ole tälle ryhmälle toimenpiteitä nyt.',
    history: 'Historia',
    noHistory: 'Ei tapahtumia.',
    when: 'Milloin',
    who: 'Kuka',
    what: 'Mitä',
    sessions: 'Tulevat kokoontumiset',
    noSessions: 'Ei tulevia kokoontumisia.',
    cancelled: 'peruttu',
    done: {
      propose: 'Ryhmä on ehdotettu hallitukselle.',
      withdraw: 'Ryhmä on palautettu luonnokseksi.',
      approve: 'Hallituksen hyväksyntä on kirjattu.',
      reject: 'Hallituksen hylkäys on kirjattu; ryhmä on taas luonnos.',
      publish: 'Ryhmä on julkaistu.',
      start: 'Ryhmä on käynnissä.',
      suspend: 'Ryhmän toiminta on keskeytetty.',
      resume: 'Ryhmän toiminta jatkuu.',
      end: 'Ryhmä on päättynyt.',
    },
    created: 'Ryhmä on luotu luonnoksena.',
    errorHeading: 'Toimenpide ei onnistunut',
  },
  lifecycle: {
    buttons: {
      propose: 'Ehdota hallitukselle',
      withdraw: 'Palauta luonnokseksi',
      approve: 'Hyväksy',
      reject: 'Hylkää',
      publish: 'Julkaise',
      start: 'Merkitse käynnistyneeksi',
      suspend: 'Keskeytä',
      resume: 'Jatka toimintaa',
      end: 'Päätä ryhmä',
    },
    headings: {
      propose: 'Ehdota',
      withdraw: 'Palauta luonnokseksi',
      decision: 'Hallituksen päätös',
      publish: 'Julkaise',
      start: 'Käynnistä',
      suspend: 'Keskeytä',
      resume: 'Jatka',
      end: 'Päätä',
    },
    hints: {
      propose: 'Hallitus päättää ryhmätoiminnan aloittamisesta.',
      withdraw: 'Ehdotus tai hyväksyntä perutaan ja ryhmää voi muokata.',
      decision: 'Kirjaa hallituksen kokouksen päivämäärä ja pöytäkirjan pykälä.',
      publish: 'Julkaistu ryhmä näkyy ryhmähaussa.',
      start: 'Ryhmä on aloittanut kokoontumiset.',
      suspend: 'Tulevat kokoontumiset perutaan ja ilmoittautuneille kerrotaan.',
      resume: 'Ryhmä jatkaa kokoontumisia.',
      end: 'Ryhmän toiminta päättyy.',
    },
    decidedOn: 'Päätöspäivä',
    minutesReference: 'Pöytäkirjan viite',
    minutesHint: 'Esimerkiksi: Hallituksen kokous 9/2026 § 5',
    notes: 'Huomiot',
    suspendedOn: 'Keskeytyspäivä',
    reasonCode: 'Syy',
    reasons: {
      low_attendance: 'Vähäinen osallistujamäärä',
      facilitator_unavailable: 'Ohjaaja ei pääse',
      venue_unavailable: 'Tila ei ole käytettävissä',
      other: 'Muu syy',
    },
    reason: 'Selitys',
    endedOn: 'Päättymispäivä',
    replacement: 'Korvaava ryhmä',
    replacementHint: 'Keskeytetyn ryhmän tilalle voi perustaa uuden ryhmän, joka linkitetään tähän.',
    startReplacement: 'Perusta korvaava ryhmä',
    events: {
      created: 'Luotu',
      updated: 'Muokattu',
      facilitators_set: 'Ohjaajat asetettu',
      remote_details_set: 'Etäyhteys asetettu',
      propose: 'Ehdotettu hallitukselle',
      withdraw: 'Palautettu luonnokseksi',
      approve: 'Hallitus hyväksyi',
      reject: 'Hallitus hylkäsi',
      publish: 'Julkaistu',
      start: 'Käynnistetty',
      suspend: 'Keskeytetty',
      resume: 'Jatkettu',
      end: 'Päätetty',
      cost_added: 'Kulu kirjattu',
      cost_removed: 'Kulu poistettu',
      listing_confirmed: 'Tiedot vahvistettu ajantasaisiksi',
      low_attendance_rule_set: 'Vähäisen osallistumisen raja asetettu',
      low_attendance_warning_raised: 'Varoitus vähäisestä osallistumisesta',
      low_attendance_warning_cleared: 'Varoitus vähäisestä osallistumisesta kuitattu',
      partners_set: 'Yhteistyökumppanit asetettu',
    },
    dateInvalid: 'Anna päivämäärä muodossa vvvv-kk-pp.',
    otherChange: 'Muutos',
  },
  form: {
    title: 'Uusi ryhmä',
    replacementTitle: (name) => `Korvaava ryhmä ryhmälle ${name}`,
    intro: 'Ryhmä tallennetaan luonnoksena. Voit ehdottaa tai julkaista sen ryhmän sivulla.',
    errorsHeading: 'Korjaa nämä kohdat',
    organization: 'Organisaatio',
    names: 'Ryhmän nimi',
    nameFi: 'Nimi suomeksi',
    nameSv: 'Nimi ruotsiksi',
    nameEn: 'Nimi englanniksi',
    optional: '(vapaaehtoinen)',
    descriptions: 'Kuvaus',
    descriptionFi: 'Kuvaus suomeksi',
    descriptionSv: 'Kuvaus ruotsiksi',
    descriptionEn: 'Kuvaus englanniksi',
    descriptionHint: 'Kenelle ryhmä on ja mitä siellä tapahtuu.',
    template: 'Ohjelma',
    noTemplate: 'Ei ohjelmaa',
    builtIn: 'valmis ohjelma',
    howToJoin: 'Miten mukaan pääsee',
    capacity: 'Enimmäismäärä osallistujia',
    capacityHint: 'Jätä tyhjäksi, jos määrää ei ole rajattu.',
    cost: 'Hinta',
    free: 'Maksuton',
    coPayment: 'Omavastuuosuus',
    amount: 'Omavastuuosuus euroina',
    amountHint: 'Kerrotaan aina etukäteen, esimerkiksi 5 tai 7,50.',
    mode: 'Toteutus',
    languages: 'Kielet',
    venue: 'Kokoontumispaikka',
    noVenue: 'Ei vielä paikkaa',
    venueHint: 'Paikan päällä kokoontuva ryhmä tarvitsee paikan ennen julkaisua.',
    submit: 'Tallenna luonnos',
    errors: {
      nameRequired: 'Kirjoita ryhmän nimi suomeksi.',
      descriptionFi: 'Kirjoita kuvaus myös suomeksi.',
      tooLong: 'Teksti on liian pitkä.',
      capacity: 'Anna kokonaisluku 1–10 000 tai jätä tyhjäksi.',
      amount: 'Anna summa euroina, esimerkiksi 5 tai 7,50.',
      amountMissing: 'Omavastuuosuudelle tarvitaan summa.',
      languages: 'Valitse vähintään yksi kieli.',
      choose: 'Valitse yksi vaihtoehdoista.',
      organization: 'Valitse organisaatio.',
    },
  },
  errors: {
    'invalid-credentials': 'Sähköpostiosoite tai salasana on väärin.',
    forbidden: 'Sinulla ei ole oikeutta tähän.',
    'invalid-transition': 'Ryhmän tila on muuttunut; tätä toimenpidettä ei voi tehdä nyt.',
    'board-approval-required': 'Hallituksen on hyväksyttävä ryhmä ennen julkaisua. Ehdota se ensin.',
    'not-ready-to-publish': 'Ryhmää ei voi vielä julkaista:',
    'decision-date-missing': 'Anna hallituksen päätöksen päivämäärä.',
    'decision-in-future': 'Päätöspäivä ei voi olla tulevaisuudessa.',
    'capacity-above-programme-limit': 'Ohjelma sallii vähemmän osallistujia.',
    'mode-not-allowed': 'Ohjelma ei salli tätä toteutustapaa.',
    'unknown-venue': 'Valitse jokin organisaation omista paikoista.',
    'unknown-template': 'Ohjelmaa ei löydy.',
    'unknown-organisation': 'Organisaatiota ei löydy.',
    'closed-drop-in': 'Suljettuun ryhmään ei voi vain tulla paikalle.',
    'co-payment-amount-missing': 'Omavastuuosuudelle tarvitaan summa.',
    'not-replaceable': 'Vain keskeytetyn tai päättyneen ryhmän voi korvata.',
    'already-replaced': 'Ryhmällä on jo korvaava ryhmä.',
    'unknown-group': 'Korvattavaa ryhmää ei löydy tästä organisaatiosta.',
    other: 'Toimenpide ei onnistunut.',
    blockers: {
      venue_id: 'Paikan päällä kokoontuva ryhmä tarvitsee kokoontumispaikan.',
      remote_details: 'Etäryhmä tarvitsee kokouslinkin.',
      description: 'Kerro kuvauksessa, kenelle ryhmä on ja mitä siellä tapahtuu.',
      facilitators: 'Ohjaajalta puuttuu ohjelman vaatima voimassa oleva koulutus:',
    },
  },
  csrf: {
    title: 'Lomake on vanhentunut',
    text: 'Lomaketta ei hyväksytty. Palaa sivulle, lataa se uudelleen ja yritä uudestaan.',
  },
};

const sv: StaffMessages = {
  workspace: 'Arbetsyta',
  staffNav: 'Arbetsytans meny',
  passkeys: 'Lösennycklar',
  password: 'Lösenord',
  sessions: 'Sessioner',
  signedInAs: (who) => `Inloggad: ${who}`,
  signIn: {
    title: 'Logga in på arbetsytan',
    intro: 'Arbetsytan är för gruppernas koordinatorer, styrelser, handledare och remittenter.',
    email: 'E-postadress',
    password: 'Lösenord',
    submit: 'Logga in',
    failed: 'E-postadressen eller lösenordet är fel.',
    throttled: (minutes) => `För många misslyckade försök. Försök igen om ${minutes} minuter.`,
    required: 'Skriv e-postadressen och lösenordet.',
    signOut: 'Logga ut',
    signedOut: 'Du har loggat ut.',
    passwordReset:
      'Det nya lösenordet har angetts. Alla sessioner har loggats ut; logga in med det nya lösenordet.',
    forgotPassword: 'Glömt lösenordet?',
    expired: 'Logga in först.',
    publicSite: 'Till gruppsökningen',
  },
  start: {
    title: 'Arbetsyta',
    organisation: (name) => name,
    roles: 'Dina roller',
    roleNames: {
      admin: 'huvudanvändare',
      coordinator: 'koordinator',
      board_member: 'styrelsemedlem',
      facilitator: 'handledare',
      referrer: 'remittent',
    },
    needsAction: 'Grupper som väntar på åtgärder',
    nothingNeedsAction: 'Ingen grupp väntar på åtgärder.',
    allGroups: 'Alla grupper',
    noGroups: 'Inga grupper ännu.',
    proposals: 'Förslag som väntar på styrelsens beslut',
    noProposals: 'Inga förslag väntar på beslut.',
    myGroups: 'Mina grupper',
    noMyGroups: 'Du handleder inga grupper ännu.',
    nextSessions: 'Nästa träffar',
    noSessions: 'Inga kommande träffar.',
    myReferrals: 'Klienter jag har remitterat',
    noReferrals: 'Du har inte remitterat någon till en grupp ännu.',
    referredOn: 'Remitterad',
    newGroup: 'Ny grupp',
    noRoles: 'Du har inga roller i någon organisation.',
  },
  table: {
    group: 'Grupp',
    status: 'Status',
    nextSession: 'Nästa träff',
    action: 'Nästa steg',
    referral: 'Status',
  },
  actionHints: {
    draft: 'Komplettera och föreslå eller publicera',
    proposed: 'Väntar på styrelsens beslut',
    approved: 'Godkänd – publicera',
    suspended: 'Avbruten – fortsätt, avsluta eller grunda en ersättande grupp',
  },
  status: {
    draft: 'Utkast',
    proposed: 'Föreslagen',
    approved: 'Godkänd',
    published: 'Publicerad',
    running: 'Pågår',
    suspended: 'Avbruten',
    ended: 'Avslutad',
  },
  referralStatus: {
    pending: 'Väntar på beslut',
    confirmed: 'Antagen till gruppen',
    waitlisted: 'I kön',
    declined: 'Inte antagen',
    cancelled: 'Annullerad',
  },
  group: {
    backToStart: 'Till arbetsytans startsida',
    publicPage: 'Gruppens offentliga sida',
    facts: 'Uppgifter',
    organisation: 'Organisation',
    status: 'Status',
    programme: 'Program',
    howToJoin: 'Så kommer man med',
    mode: 'Form',
    venue: 'Mötesplats',
    boardDecision: 'Styrelsens beslut',
    decision: (decision, date, minutes) =>
      `${decision === 'approved' ? 'Godkänd' : 'Avslagen'} ${date}${minutes ? `, ${minutes}` : ''}`,
    suspendedOn: (date, reason) => `Avbruten ${date}: ${reason}`,
    replacedBy: 'Ersättande grupp',
    replaces: 'Ersätter gruppen',
    actions: 'Åtgärder',
    noActions: 'Du har inga åtgärder för den här gruppen just nu.',
    history: 'Historik',
    noHistory: 'Inga händelser.',
    when: 'När',
    who: 'Vem',
    what: 'Vad',
    sessions: 'Kommande träffar',
    noSessions: 'Inga kommande träffar.',
    cancelled: 'inställd',
    done: {
      propose: 'Gruppen har föreslagits för styrelsen.',
      withdraw: 'Gruppen är ett utkast igen.',
      approve: 'Styrelsens godkännande har registrerats.',
      reject: 'Styrelsens avslag har registrerats; gruppen är ett utkast igen.',
      publish: 'Gruppen har publicerats.',
      start: 'Gruppen pågår.',
      suspend: 'Gruppens verksamhet har avbrutits.',
      resume: 'Gruppens verksamhet fortsätter.',
      end: 'Gruppen har avslutats.',
    },
    created: 'Gruppen har skapats som utkast.',
    errorHeading: 'Åtgärden lyckades inte',
  },
  lifecycle: {
    buttons: {
      propose: 'Föreslå för styrelsen',
      withdraw: 'Gör till utkast igen',
      approve: 'Godkänn',
      reject: 'Avslå',
      publish: 'Publicera',
      start: 'Markera som startad',
      suspend: 'Avbryt',
      resume: 'Fortsätt verksamheten',
      end: 'Avsluta gruppen',
    },
    headings: {
      propose: 'Föreslå',
      withdraw: 'Gör till utkast',
      decision: 'Styrelsens beslut',
      publish: 'Publicera',
      start: 'Starta',
      suspend: 'Avbryt',
      resume: 'Fortsätt',
      end: 'Avsluta',
    },
    hints: {
      propose: 'Styrelsen beslutar om att starta gruppverksamhet.',
      withdraw: 'Förslaget eller godkännandet dras tillbaka och gruppen kan redigeras.',
      decision: 'Registrera datumet för styrelsens möte och protokollets paragraf.',
      publish: 'En publicerad grupp syns i gruppsökningen.',
      start: 'Gruppen har börjat träffas.',
      suspend: 'Kommande träffar ställs in och de anmälda får veta det.',
      resume: 'Gruppen fortsätter att träffas.',
      end: 'Gruppens verksamhet avslutas.',
    },
    decidedOn: 'Beslutsdatum',
    minutesReference: 'Hänvisning till protokollet',
    minutesHint: 'Till exempel: Styrelsens möte 9/2026 § 5',
    notes: 'Anteckningar',
    suspendedOn: 'Datum för avbrottet',
    reasonCode: 'Orsak',
    reasons: {
      low_attendance: 'Få deltagare',
      facilitator_unavailable: 'Handledaren kan inte',
      venue_unavailable: 'Lokalen är inte tillgänglig',
      other: 'Annan orsak',
    },
    reason: 'Förklaring',
    endedOn: 'Slutdatum',
    replacement: 'Ersättande grupp',
    replacementHint: 'I stället för en avbruten grupp kan man grunda en ny grupp som länkas till den här.',
    startReplacement: 'Grunda en ersättande grupp',
    events: {
      created: 'Skapad',
      updated: 'Redigerad',
      facilitators_set: 'Handledare angivna',
      remote_details_set: 'Distansförbindelse angiven',
      propose: 'Föreslagen för styrelsen',
      withdraw: 'Gjord till utkast igen',
      approve: 'Styrelsen godkände',
      reject: 'Styrelsen avslog',
      publish: 'Publicerad',
      start: 'Startad',
      suspend: 'Avbruten',
      resume: 'Fortsatt',
      end: 'Avslutad',
      cost_added: 'Kostnad registrerad',
      cost_removed: 'Kostnad borttagen',
      listing_confirmed: 'Uppgifterna bekräftade som aktuella',
      low_attendance_rule_set: 'Gräns för lågt deltagande angiven',
      low_attendance_warning_raised: 'Varning för lågt deltagande',
      low_attendance_warning_cleared: 'Varning för lågt deltagande kvitterad',
      partners_set: 'Samarbetspartner angivna',
    },
    dateInvalid: 'Ange datumet i formen åååå-mm-dd.',
    otherChange: 'Ändring',
  },
  form: {
    title: 'Ny grupp',
    replacementTitle: (name) => `Ersättande grupp för ${name}`,
    intro: 'Gruppen sparas som utkast. Du kan föreslå eller publicera den på gruppens sida.',
    errorsHeading: 'Rätta till de här punkterna',
    organization: 'Organisation',
    names: 'Gruppens namn',
    nameFi: 'Namn på finska',
    nameSv: 'Namn på svenska',
    nameEn: 'Namn på engelska',
    optional: '(frivilligt)',
    descriptions: 'Beskrivning',
    descriptionFi: 'Beskrivning på finska',
    descriptionSv: 'Beskrivning på svenska',
    descriptionEn: 'Beskrivning på engelska',
    descriptionHint: 'Vem gruppen är för och vad som händer där.',
    template: 'Program',
    noTemplate: 'Inget program',
    builtIn: 'färdigt program',
    howToJoin: 'Så kommer man med',
    capacity: 'Högsta antal deltagare',
    capacityHint: 'Lämna tomt om antalet inte är begränsat.',
    cost: 'Pris',
    free: 'Avgiftsfri',
    coPayment: 'Självrisk',
    amount: 'Självrisk i euro',
    amountHint: 'Meddelas alltid i förväg, till exempel 5 eller 7,50.',
    mode: 'Form',
    languages: 'Språk',
    venue: 'Mötesplats',
    noVenue: 'Ingen plats ännu',
    venueHint: 'En grupp som träffas på plats behöver en plats innan den publiceras.',
    submit: 'Spara utkastet',
    errors: {
      nameRequired: 'Skriv gruppens namn på finska.',
      descriptionFi: 'Skriv beskrivningen också på finska.',
      tooLong: 'Texten är för lång.',
      capacity: 'Ange ett heltal 1–10 000 eller lämna tomt.',
      amount: 'Ange beloppet i euro, till exempel 5 eller 7,50.',
      amountMissing: 'Självrisken behöver ett belopp.',
      languages: 'Välj minst ett språk.',
      choose: 'Välj ett av alternativen.',
      organization: 'Välj organisation.',
    },
  },
  errors: {
    'invalid-credentials': 'E-postadressen eller lösenordet är fel.',
    forbidden: 'Du har inte rätt till det här.',
    'invalid-transition': 'Gruppens status har ändrats; åtgärden kan inte göras nu.',
    'board-approval-required': 'Styrelsen måste godkänna gruppen innan den publiceras. Föreslå den först.',
    'not-ready-to-publish': 'Gruppen kan inte publiceras ännu:',
    'decision-date-missing': 'Ange datumet för styrelsens beslut.',
    'decision-in-future': 'Beslutsdatumet kan inte vara i framtiden.',
    'capacity-above-programme-limit': 'Programmet tillåter färre deltagare.',
    'mode-not-allowed': 'Programmet tillåter inte den här formen.',
    'unknown-venue': 'Välj en av organisationens egna platser.',
    'unknown-template': 'Programmet finns inte.',
    'unknown-organisation': 'Organisationen finns inte.',
    'closed-drop-in': 'Till en sluten grupp kan man inte bara komma.',
    'co-payment-amount-missing': 'Självrisken behöver ett belopp.',
    'not-replaceable': 'Bara en avbruten eller avslutad grupp kan ersättas.',
    'already-replaced': 'Gruppen har redan en ersättande grupp.',
    'unknown-group': 'Gruppen som ska ersättas finns inte i den här organisationen.',
    other: 'Åtgärden lyckades inte.',
    blockers: {
      venue_id: 'En grupp som träffas på plats behöver en mötesplats.',
      remote_details: 'En distansgrupp behöver en möteslänk.',
      description: 'Berätta i beskrivningen vem gruppen är för och vad som händer där.',
      facilitators: 'En handledare saknar den giltiga utbildning som programmet kräver:',
    },
  },
  csrf: {
    title: 'Formuläret har gått ut',
    text: 'Formuläret godkändes inte. Gå tillbaka, ladda om sidan och försök igen.',
  },
};

const en: StaffMessages = {
  workspace: 'Workspace',
  staffNav: 'Workspace menu',
  passkeys: 'Passkeys',
  password: 'Password',
  sessions: 'Sessions',
  signedInAs: (who) => `Signed in as ${who}`,
  signIn: {
    title: 'Sign in to the workspace',
    intro: 'The workspace is for the groups’ coordinators, boards, facilitators and referrers.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    failed: 'The email address or password is wrong.',
    throttled: (minutes) => `Too many failed attempts. Try again in ${minutes} minutes.`,
    required: 'Enter your email address and password.',
    signOut: 'Sign out',
    signedOut: 'You have signed out.',
    passwordReset: 'Your new password is set. Every session was signed out; sign in with the new password.',
    forgotPassword: 'Forgot your password?',
    expired: 'Please sign in first.',
    publicSite: 'To the group finder',
  },
  start: {
    title: 'Workspace',
    organisation: (name) => name,
    roles: 'Your roles',
    roleNames: {
      admin: 'admin',
      coordinator: 'coordinator',
      board_member: 'board member',
      facilitator: 'facilitator',
      referrer: 'referrer',
    },
    needsAction: 'Groups needing action',
    nothingNeedsAction: 'No group needs action.',
    allGroups: 'All groups',
    noGroups: 'No groups yet.',
    proposals: 'Proposals awaiting the board’s decision',
    noProposals: 'No proposals await a decision.',
    myGroups: 'My groups',
    noMyGroups: 'You do not facilitate any group yet.',
    nextSessions: 'Next sessions',
    noSessions: 'No upcoming sessions.',
    myReferrals: 'Clients I referred',
    noReferrals: 'You have not referred anyone to a group yet.',
    referredOn: 'Referred',
    newGroup: 'New group',
    noRoles: 'You have no roles in any organisation.',
  },
  table: {
    group: 'Group',
    status: 'Status',
    nextSession: 'Next session',
    action: 'Next step',
    referral: 'Status',
  },
  actionHints: {
    draft: 'Complete, then propose or publish',
    proposed: 'Awaiting the board’s decision',
    approved: 'Approved – publish it',
    suspended: 'Suspended – resume, end or start a replacement',
  },
  status: {
    draft: 'Draft',
    proposed: 'Proposed',
    approved: 'Approved',
    published: 'Published',
    running: 'Running',
    suspended: 'Suspended',
    ended: 'Ended',
  },
  referralStatus: {
    pending: 'Awaiting a decision',
    confirmed: 'Accepted into the group',
    waitlisted: 'On the waiting list',
    declined: 'Not accepted',
    cancelled: 'Cancelled',
  },
  group: {
    backToStart: 'Workspace start page',
    publicPage: 'The group’s public page',
    facts: 'Details',
    organisation: 'Organisation',
    status: 'Status',
    programme: 'Programme',
    howToJoin: 'How to join',
    mode: 'Mode',
    venue: 'Venue',
    boardDecision: 'Board decision',
    decision: (decision, date, minutes) =>
      `${decision === 'approved' ? 'Approved' : 'Rejected'} ${date}${minutes ? `, ${minutes}` : ''}`,
    suspendedOn: (date, reason) => `Suspended ${date}: ${reason}`,
    replacedBy: 'Replacement group',
    replaces: 'Replaces the group',
    actions: 'Actions',
    noActions: 'You have no actions for this group right now.',
    history: 'History',
    noHistory: 'No events.',
    when: 'When',
    who: 'Who',
    what: 'What',
    sessions: 'Upcoming sessions',
    noSessions: 'No upcoming sessions.',
    cancelled: 'cancelled',
    done: {
      propose: 'The group has been proposed to the board.',
      withdraw: 'The group is a draft again.',
      approve: 'The board’s approval has been recorded.',
      reject: 'The board’s rejection has been recorded; the group is a draft again.',
      publish: 'The group has been published.',
      start: 'The group is running.',
      suspend: 'The group has been suspended.',
      resume: 'The group continues.',
      end: 'The group has ended.',
    },
    created: 'The group has been created as a draft.',
    errorHeading: 'The action did not succeed',
  },
  lifecycle: {
    buttons: {
      propose: 'Propose to the board',
      withdraw: 'Back to draft',
      approve: 'Approve',
      reject: 'Reject',
      publish: 'Publish',
      start: 'Mark as started',
      suspend: 'Suspend',
      resume: 'Resume',
      end: 'End the group',
    },
    headings: {
      propose: 'Propose',
      withdraw: 'Back to draft',
      decision: 'Board decision',
      publish: 'Publish',
      start: 'Start',
      suspend: 'Suspend',
      resume: 'Resume',
      end: 'End',
    },
    hints: {
      propose: 'The board decides on starting peer group activity.',
      withdraw: 'The proposal or approval is withdrawn and the group can be edited.',
      decision: 'Record the date of the board meeting and the section of its minutes.',
      publish: 'A published group appears in the group finder.',
      start: 'The group has started meeting.',
      suspend: 'Upcoming sessions are cancelled and registered people are told.',
      resume: 'The group meets again.',
      end: 'The group’s activity ends.',
    },
    decidedOn: 'Date of decision',
    minutesReference: 'Minutes reference',
    minutesHint: 'For example: Board meeting 9/2026 § 5',
    notes: 'Notes',
    suspendedOn: 'Date of suspension',
    reasonCode: 'Reason',
    reasons: {
      low_attendance: 'Low attendance',
      facilitator_unavailable: 'Facilitator unavailable',
      venue_unavailable: 'Venue unavailable',
      other: 'Other reason',
    },
    reason: 'Explanation',
    endedOn: 'End date',
    replacement: 'Replacement group',
    replacementHint: 'A new group can be started in place of a suspended one, linked to it.',
    startReplacement: 'Start a replacement group',
    events: {
      created: 'Created',
      updated: 'Edited',
      facilitators_set: 'Facilitators set',
      remote_details_set: 'Remote link set',
      propose: 'Proposed to the board',
      withdraw: 'Back to draft',
      approve: 'Approved by the board',
      reject: 'Rejected by the board',
      publish: 'Published',
      start: 'Started',
      suspend: 'Suspended',
      resume: 'Resumed',
      end: 'Ended',
      cost_added: 'Cost recorded',
      cost_removed: 'Cost removed',
      listing_confirmed: 'Details confirmed as current',
      low_attendance_rule_set: 'Low-attendance rule set',
      low_attendance_warning_raised: 'Low-attendance warning',
      low_attendance_warning_cleared: 'Low-attendance warning cleared',
      partners_set: 'Partners set',
    },
    dateInvalid: 'Give the date as yyyy-mm-dd.',
    otherChange: 'Change',
  },
  form: {
    title: 'New group',
    replacementTitle: (name) => `Replacement for ${name}`,
    intro: 'The group is saved as a draft. You can propose or publish it on the group’s page.',
    errorsHeading: 'Please correct these',
    organization: 'Organisation',
    names: 'Name of the group',
    nameFi: 'Name in Finnish',
    nameSv: 'Name in Swedish',
    nameEn: 'Name in English',
    optional: '(optional)',
    descriptions: 'Description',
    descriptionFi: 'Description in Finnish',
    descriptionSv: 'Description in Swedish',
    descriptionEn: 'Description in English',
    descriptionHint: 'Who the group is for and what happens there.',
    template: 'Programme',
    noTemplate: 'No programme',
    builtIn: 'built-in programme',
    howToJoin: 'How to join',
    capacity: 'Maximum number of participants',
    capacityHint: 'Leave empty when there is no limit.',
    cost: 'Cost',
    free: 'Free',
    coPayment: 'Co-payment',
    amount: 'Co-payment in euros',
    amountHint: 'Always announced in advance, e.g. 5 or 7.50.',
    mode: 'Mode',
    languages: 'Languages',
    venue: 'Venue',
    noVenue: 'No venue yet',
    venueHint: 'A group meeting in person needs a venue before it is published.',
    submit: 'Save the draft',
    errors: {
      nameRequired: 'Write the group’s name in Finnish.',
      descriptionFi: 'Write the description in Finnish too.',
      tooLong: 'The text is too long.',
      capacity: 'Give a whole number from 1 to 10,000, or leave it empty.',
      amount: 'Give the amount in euros, e.g. 5 or 7.50.',
      amountMissing: 'A co-payment needs its amount.',
      languages: 'Choose at least one language.',
      choose: 'Choose one of the options.',
      organization: 'Choose the organisation.',
    },
  },
  errors: {
    'invalid-credentials': 'The email address or password is wrong.',
    forbidden: 'You do not have permission to do this.',
    'invalid-transition': 'The group’s status has changed; this action is not possible now.',
    'board-approval-required': 'The board must approve the group before it is published. Propose it first.',
    'not-ready-to-publish': 'The group cannot be published yet:',
    'decision-date-missing': 'Give the date of the board’s decision.',
    'decision-in-future': 'The decision date cannot be in the future.',
    'capacity-above-programme-limit': 'The programme allows fewer participants.',
    'mode-not-allowed': 'The programme does not allow this mode.',
    'unknown-venue': 'Choose one of the organisation’s own venues.',
    'unknown-template': 'No such programme.',
    'unknown-organisation': 'No such organisation.',
    'closed-drop-in': 'A closed group cannot be joined by just coming.',
    'co-payment-amount-missing': 'A co-payment needs its amount.',
    'not-replaceable': 'Only a suspended or ended group can be replaced.',
    'already-replaced': 'This group already has a replacement.',
    'unknown-group': 'The group to replace is not in this organisation.',
    other: 'The action did not succeed.',
    blockers: {
      venue_id: 'An in-person group needs a venue.',
      remote_details: 'A remote group needs its meeting link.',
      description: 'Say in the description who the group is for and what happens there.',
      facilitators: 'A facilitator lacks the valid training the programme requires:',
    },
  },
  csrf: {
    title: 'The form has expired',
    text: 'The form was not accepted. Go back, reload the page and try again.',
  },
};

export const STAFF_MESSAGES: Record<Lang, StaffMessages> = { fi, sv, en };
