/**
 * The organisation's meeting places in the staff workspace: name, street address, postal
 * code, municipality, neighbourhood, coordinates (for the map link and distance search),
 * accessibility features with notes, and directions. Coordinators and admins add and edit
 * them; everyone else in the organisation reads. A venue becomes public once a published
 * group meets there (row-level security, src/venues). The new-group form lists these venues.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import * as repo from '../venues/repository.ts';
import { createVenue, presentVenue, updateVenue, type VenueJson } from '../venues/service.ts';
import {
  ACCESSIBILITY_CODES as ACCESSIBILITY_FEATURES,
  isLang,
  MESSAGES,
  pick,
  type Lang,
} from '../web/i18n.ts';
import { Field } from '../web/fields.tsx';
import { sendNotFound } from '../web/send.tsx';
import { organisationNames } from './repository.ts';
import { validCsrf } from './security.ts';
import {
  Button,
  Choices,
  Csrf,
  ErrorBox,
  forbiddenReply,
  Notice,
  orgChoice,
  staffPath,
  str,
  ticked,
  type Body,
  type Errors,
  type Kit,
  type Who,
} from './admin-ui.tsx';

type Feature = (typeof ACCESSIBILITY_FEATURES)[number];
const LOCALIZED = ['accessibility_notes', 'directions'] as const;
type LocalizedField = (typeof LOCALIZED)[number];

interface Texts {
  title: string;
  link: string;
  manageLink: string;
  intro: string;
  organisation: string;
  empty: string;
  columns: { name: string; address: string; municipality: string; accessibility: string };
  add: string;
  editTitle: (name: string) => string;
  edit: string;
  back: string;
  optional: string;
  fields: {
    name: string;
    street_address: string;
    postal_code: string;
    municipality: string;
    neighbourhood: string;
    latitude: string;
    longitude: string;
    coordinatesHint: string;
    accessibility: string;
    accessibility_notes: string;
    directions: string;
    inLanguage: Record<Lang, string>;
    save: string;
    create: string;
  };
  details: { coordinates: string; map: string; none: string };
  errors: {
    name: string;
    municipality: string;
    postal_code: string;
    tooLong: (n: number) => string;
    latitude: string;
    longitude: string;
    pair: string;
    finnishFirst: string;
    accessibility: string;
    forbidden: string;
    other: string;
  };
  done: { added: string; saved: string };
  readOnly: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Kokoontumispaikat',
    link: 'Kokoontumispaikat',
    manageLink: 'Lisää tai muokkaa kokoontumispaikkoja',
    intro:
      'Organisaation kokoontumispaikat osoitteineen ja esteettömyystietoineen. Paikka näkyy julkisesti, kun julkaistu ryhmä kokoontuu siellä.',
    organisation: 'Organisaatio',
    empty: 'Organisaatiolla ei ole vielä kokoontumispaikkoja.',
    columns: { name: 'Nimi', address: 'Osoite', municipality: 'Kunta', accessibility: 'Esteettömyys' },
    add: 'Lisää kokoontumispaikka',
    editTitle: (n) => `Kokoontumispaikka: ${n}`,
    edit: 'Muokkaa tietoja',
    back: 'Takaisin kokoontumispaikkoihin',
    optional: '(vapaaehtoinen)',
    fields: {
      name: 'Paikan nimi',
      street_address: 'Katuosoite',
      postal_code: 'Postinumero',
      municipality: 'Kunta',
      neighbourhood: 'Kaupunginosa',
      latitude: 'Leveysaste',
      longitude: 'Pituusaste',
      coordinatesHint:
        'Esimerkiksi 61.4505 ja 23.8505. Koordinaateista tulee karttalinkki, ja ryhmä löytyy etäisyyden mukaan.',
      accessibility: 'Esteettömyys',
      accessibility_notes: 'Lisätietoa esteettömyydestä',
      directions: 'Reittiohjeet',
      inLanguage: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
      save: 'Tallenna',
      create: 'Lisää paikka',
    },
    details: { coordinates: 'Koordinaatit', map: 'Avaa kartta', none: 'Ei kerrottu' },
    errors: {
      name: 'Kirjoita paikan nimi.',
      municipality: 'Kirjoita kunta.',
      postal_code: 'Postinumerossa on viisi numeroa, esimerkiksi 33720.',
      tooLong: (n) => `Enintään ${n} merkkiä.`,
      latitude: 'Anna leveysaste numerona väliltä -90–90.',
      longitude: 'Anna pituusaste numerona väliltä -180–180.',
      pair: 'Anna sekä leveys- että pituusaste, tai jätä molemmat tyhjiksi.',
      finnishFirst: 'Kirjoita teksti ainakin suomeksi.',
      accessibility: 'Valitse vaihtoehdoista.',
      forbidden: 'Vain koordinaattori voi lisätä ja muuttaa kokoontumispaikkoja.',
      other: 'Tallennus ei onnistunut. Tarkista tiedot.',
    },
    done: { added: 'Kokoontumispaikka lisättiin.', saved: 'Muutokset tallennettiin.' },
    readOnly: 'Voit katsoa tietoja. Vain koordinaattori voi muuttaa niitä.',
  },
  sv: {
    title: 'Mötesplatser',
    link: 'Mötesplatser',
    manageLink: 'Lägg till eller redigera mötesplatser',
    intro:
      'Organisationens mötesplatser med adress och tillgänglighet. En plats syns offentligt när en publicerad grupp träffas där.',
    organisation: 'Organisation',
    empty: 'Organisationen har ännu inga mötesplatser.',
    columns: { name: 'Namn', address: 'Adress', municipality: 'Kommun', accessibility: 'Tillgänglighet' },
    add: 'Lägg till en mötesplats',
    editTitle: (n) => `Mötesplats: ${n}`,
    edit: 'Redigera uppgifterna',
    back: 'Tillbaka till mötesplatserna',
    optional: '(frivilligt)',
    fields: {
      name: 'Platsens namn',
      street_address: 'Gatuadress',
      postal_code: 'Postnummer',
      municipality: 'Kommun',
      neighbourhood: 'Stadsdel',
      latitude: 'Latitud',
      longitude: 'Longitud',
      coordinatesHint:
        'Till exempel 61.4505 och 23.8505. Koordinaterna ger en kartlänk, och gruppen hittas efter avstånd.',
      accessibility: 'Tillgänglighet',
      accessibility_notes: 'Mer om tillgängligheten',
      directions: 'Vägbeskrivning',
      inLanguage: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
      save: 'Spara',
      create: 'Lägg till platsen',
    },
    details: { coordinates: 'Koordinater', map: 'Öppna kartan', none: 'Inte angivet' },
    errors: {
      name: 'Skriv platsens namn.',
      municipality: 'Skriv kommunen.',
      postal_code: 'Ett postnummer har fem siffror, till exempel 33720.',
      tooLong: (n) => `Högst ${n} tecken.`,
      latitude: 'Ange latituden som ett tal mellan -90 och 90.',
      longitude: 'Ange longituden som ett tal mellan -180 och 180.',
      pair: 'Ange både latitud och longitud, eller lämna båda tomma.',
      finnishFirst: 'Skriv texten åtminstone på finska.',
      accessibility: 'Välj bland alternativen.',
      forbidden: 'Bara en koordinator kan lägga till och ändra mötesplatser.',
      other: 'Det gick inte att spara. Kontrollera uppgifterna.',
    },
    done: { added: 'Mötesplatsen lades till.', saved: 'Ändringarna sparades.' },
    readOnly: 'Du kan se uppgifterna. Bara en koordinator kan ändra dem.',
  },
  en: {
    title: 'Venues',
    link: 'Venues',
    manageLink: 'Add or edit venues',
    intro:
      "The organisation's meeting places with their address and accessibility. A venue is shown publicly once a published group meets there.",
    organisation: 'Organisation',
    empty: 'The organisation has no venues yet.',
    columns: {
      name: 'Name',
      address: 'Address',
      municipality: 'Municipality',
      accessibility: 'Accessibility',
    },
    add: 'Add a venue',
    editTitle: (n) => `Venue: ${n}`,
    edit: 'Edit the details',
    back: 'Back to venues',
    optional: '(optional)',
    fields: {
      name: 'Name of the place',
      street_address: 'Street address',
      postal_code: 'Postal code',
      municipality: 'Municipality',
      neighbourhood: 'Neighbourhood',
      latitude: 'Latitude',
      longitude: 'Longitude',
      coordinatesHint:
        'For example 61.4505 and 23.8505. Coordinates give a map link and let people find the group by distance.',
      accessibility: 'Accessibility',
      accessibility_notes: 'More about accessibility',
      directions: 'Directions',
      inLanguage: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
      save: 'Save',
      create: 'Add the venue',
    },
    details: { coordinates: 'Coordinates', map: 'Open the map', none: 'Not given' },
    errors: {
      name: 'Write the name of the place.',
      municipality: 'Write the municipality.',
      postal_code: 'A postal code has five digits, for example 33720.',
      tooLong: (n) => `At most ${n} characters.`,
      latitude: 'Give the latitude as a number from -90 to 90.',
      longitude: 'Give the longitude as a number from -180 to 180.',
      pair: 'Give both latitude and longitude, or leave both empty.',
      finnishFirst: 'Write the text at least in Finnish.',
      accessibility: 'Choose from the options.',
      forbidden: 'Only a coordinator can add and change venues.',
      other: 'Saving did not succeed. Check the details.',
    },
    done: { added: 'The venue was added.', saved: 'The changes were saved.' },
    readOnly: 'You can read the details. Only a coordinator can change them.',
  },
};

export const venueTexts = (lang: Lang) => TEXTS[lang];

const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

interface VenueForm {
  name: string;
  street_address: string;
  postal_code: string;
  municipality: string;
  neighbourhood: string;
  latitude: string;
  longitude: string;
  accessibility: string[];
  /** e.g. `directions_sv` */
  texts: Record<`${LocalizedField}_${Lang}`, string>;
}
type VenueErrors = Errors<
  | 'name'
  | 'street_address'
  | 'postal_code'
  | 'municipality'
  | 'neighbourhood'
  | 'latitude'
  | 'longitude'
  | 'accessibility'
  | `${LocalizedField}_${Lang}`
>;

const noTexts = (): VenueForm['texts'] => ({
  accessibility_notes_fi: '',
  accessibility_notes_sv: '',
  accessibility_notes_en: '',
  directions_fi: '',
  directions_sv: '',
  directions_en: '',
});

const emptyForm = (): VenueForm => ({
  name: '',
  street_address: '',
  postal_code: '',
  municipality: '',
  neighbourhood: '',
  latitude: '',
  longitude: '',
  accessibility: [],
  texts: noTexts(),
});

function formOf(v: VenueJson): VenueForm {
  const texts = noTexts();
  for (const field of LOCALIZED) for (const l of LANGS) texts[`${field}_${l}`] = v[field]?.[l] ?? '';
  return {
    name: v.name,
    street_address: v.street_address ?? '',
    postal_code: v.postal_code ?? '',
    municipality: v.municipality,
    neighbourhood: v.neighbourhood ?? '',
    latitude: v.coordinates ? String(v.coordinates.latitude) : '',
    longitude: v.coordinates ? String(v.coordinates.longitude) : '',
    accessibility: v.accessibility,
    texts,
  };
}

function readForm(body: Body): VenueForm {
  const texts = noTexts();
  for (const key of Object.keys(texts) as (keyof VenueForm['texts'])[])
    texts[key] = str(body, key, 6000).trim();
  return {
    name: str(body, 'name', 300).trim(),
    street_address: str(body, 'street_address', 300).trim(),
    postal_code: str(body, 'postal_code', 50).trim(),
    municipality: str(body, 'municipality', 200).trim(),
    neighbourhood: str(body, 'neighbourhood', 200).trim(),
    latitude: str(body, 'latitude', 50).trim(),
    longitude: str(body, 'longitude', 50).trim(),
    accessibility: ticked(body, 'accessibility', ACCESSIBILITY_FEATURES),
    texts,
  };
}

/** A coordinate as typed (a decimal point or comma), or null when it is not a number in range. */
function coordinate(typed: string, limit: number): number | null {
  if (!/^-?\d{1,3}([.,]\d{1,12})?$/.test(typed)) return null;
  const n = Number(typed.replace(',', '.'));
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** Checks the form; the input for the venues service when nothing is wrong. */
function checkForm(form: VenueForm, lang: Lang): { errors: VenueErrors; input: repo.VenueWrite | null } {
  const t = TEXTS[lang].errors;
  const errors: VenueErrors = {};
  if (!form.name) errors.name = t.name;
  else if (form.name.length > 200) errors.name = t.tooLong(200);
  if (!form.municipality) errors.municipality = t.municipality;
  else if (form.municipality.length > 100) errors.municipality = t.tooLong(100);
  if (form.street_address.length > 200) errors.street_address = t.tooLong(200);
  if (form.neighbourhood.length > 100) errors.neighbourhood = t.tooLong(100);
  if (form.postal_code && !/^\d{5}$/.test(form.postal_code)) errors.postal_code = t.postal_code;
  const latitude = form.latitude ? coordinate(form.latitude, 90) : null;
  const longitude = form.longitude ? coordinate(form.longitude, 180) : null;
  if (form.latitude && latitude === null) errors.latitude = t.latitude;
  if (form.longitude && longitude === null) errors.longitude = t.longitude;
  if (!errors.latitude && !errors.longitude && !form.latitude !== !form.longitude)
    errors[form.latitude ? 'longitude' : 'latitude'] = t.pair;
  const localized: Partial<Record<LocalizedField, LocalizedText | null>> = {};
  for (const field of LOCALIZED) {
    const [fi, sv, en] = LANGS.map((l) => form.texts[`${field}_${l}`]);
    for (const l of LANGS)
      if (form.texts[`${field}_${l}`].length > 5000) errors[`${field}_${l}`] = t.tooLong(5000);
    if (!fi && (sv || en)) errors[`${field}_fi`] = t.finnishFirst;
    localized[field] = fi ? { fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) } : null;
  }
  if (Object.keys(errors).length) return { errors, input: null };
  return {
    errors,
    input: {
      name: form.name,
      street_address: form.street_address || null,
      postal_code: form.postal_code || null,
      municipality: form.municipality,
      neighbourhood: form.neighbourhood || null,
      latitude,
      longitude,
      accessibility: form.accessibility,
      accessibility_notes: localized.accessibility_notes ?? null,
      directions: localized.directions ?? null,
    },
  };
}

/** The service's refusal of a field, in the reader's language. */
function serviceErrors(error: AppError, lang: Lang): VenueErrors {
  const t = TEXTS[lang].errors;
  if (error.status === 403) return { form: t.forbidden };
  const field = error.errors[0]?.field;
  if (error.code === 'coordinates-incomplete' && (field === 'latitude' || field === 'longitude'))
    return { [field]: t.pair };
  return { form: t.other };
}

function VenueFields({ lang, form, errors }: { lang: Lang; form: VenueForm; errors: VenueErrors }) {
  const t = TEXTS[lang];
  const f = t.fields;
  return (
    <>
      <Field id="name" label={f.name} value={form.name} error={errors.name} required />
      <Field
        id="street_address"
        label={`${f.street_address} ${t.optional}`}
        value={form.street_address}
        error={errors.street_address}
        autocomplete="off"
      />
      <Field
        id="postal_code"
        label={`${f.postal_code} ${t.optional}`}
        value={form.postal_code}
        error={errors.postal_code}
        inputMode="numeric"
        autocomplete="off"
      />
      <Field
        id="municipality"
        label={f.municipality}
        value={form.municipality}
        error={errors.municipality}
        required
      />
      <Field
        id="neighbourhood"
        label={`${f.neighbourhood} ${t.optional}`}
        value={form.neighbourhood}
        error={errors.neighbourhood}
      />
      <Field
        id="latitude"
        label={`${f.latitude} ${t.optional}`}
        hint={f.coordinatesHint}
        value={form.latitude}
        error={errors.latitude}
        inputMode="decimal"
      />
      <Field
        id="longitude"
        label={`${f.longitude} ${t.optional}`}
        value={form.longitude}
        error={errors.longitude}
        inputMode="decimal"
      />
      <Choices
        name="accessibility"
        type="checkbox"
        legend={f.accessibility}
        values={form.accessibility}
        options={ACCESSIBILITY_FEATURES.map((a) => ({ value: a, label: MESSAGES[lang].accessibility[a] }))}
        error={errors.accessibility}
      />
      {LOCALIZED.map((field) =>
        LANGS.map((l) => {
          const id = `${field}_${l}` as const;
          return (
            <Field
              id={id}
              label={`${f[field]} ${f.inLanguage[l]} ${t.optional}`}
              value={form.texts[id]}
              error={errors[id]}
              multiline
            />
          );
        }),
      )}
    </>
  );
}

const address = (v: VenueJson) =>
  [v.street_address, [v.postal_code, v.municipality].filter(Boolean).join(' ')].filter(Boolean).join(', ');

const features = (lang: Lang, list: readonly string[]) =>
  list.map((a) => MESSAGES[lang].accessibility[a as Feature] ?? a).join(', ');

interface ListView {
  orgs: { id: string; name: LocalizedText }[];
  org: string;
  venues: VenueJson[];
  manage: boolean;
  csrf: string;
  done?: string;
  form: VenueForm;
  errors: VenueErrors;
}

const BACK: Record<Lang, string> = {
  fi: 'Takaisin työtilaan',
  sv: 'Tillbaka till arbetsytan',
  en: 'Back to the workspace',
};

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
                  href={staffPath(lang, `/venues?org=${o.id}`)}
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
      {view.venues.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div class="table-scroll" tabIndex={0}>
          <table class="hds-table venues">
            <thead>
              <tr>
                <th scope="col">{t.columns.name}</th>
                <th scope="col">{t.columns.address}</th>
                <th scope="col">{t.columns.municipality}</th>
                <th scope="col">{t.columns.accessibility}</th>
              </tr>
            </thead>
            <tbody>
              {view.venues.map((v) => (
                <tr>
                  <th scope="row">
                    <a href={staffPath(lang, `/venues/${v.id}`)}>{v.name}</a>
                  </th>
                  <td>{address(v)}</td>
                  <td>{[v.municipality, v.neighbourhood].filter(Boolean).join(', ')}</td>
                  <td>{features(lang, v.accessibility)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.manage ? (
        <section aria-labelledby="add-venue">
          <h2 id="add-venue">{t.add}</h2>
          {view.errors.form ? <ErrorBox text={view.errors.form} /> : null}
          <form method="post" action={staffPath(lang, '/venues')} class="staff-form" novalidate>
            <Csrf token={view.csrf} />
            <input type="hidden" name="org" value={view.org} />
            <VenueFields lang={lang} form={view.form} errors={view.errors} />
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
  venue: VenueJson;
  manage: boolean;
  csrf: string;
  done?: string;
  form: VenueForm;
  errors: VenueErrors;
}

function Details({ lang, venue: v }: { lang: Lang; venue: VenueJson }) {
  const t = TEXTS[lang];
  const none = <span class="muted">{t.details.none}</span>;
  const text = (x: LocalizedText | null) => (x ? pick(x, lang) : none);
  return (
    <dl class="staff-facts">
      <div>
        <dt>{t.columns.address}</dt>
        <dd>{address(v) || none}</dd>
      </div>
      <div>
        <dt>{t.fields.neighbourhood}</dt>
        <dd>{v.neighbourhood ?? none}</dd>
      </div>
      <div>
        <dt>{t.details.coordinates}</dt>
        <dd>
          {v.coordinates && v.map_url ? (
            <>
              {`${v.coordinates.latitude}, ${v.coordinates.longitude} `}
              <a href={v.map_url}>{t.details.map}</a>
            </>
          ) : (
            none
          )}
        </dd>
      </div>
      <div>
        <dt>{t.columns.accessibility}</dt>
        <dd>{v.accessibility.length ? features(lang, v.accessibility) : none}</dd>
      </div>
      <div>
        <dt>{t.fields.accessibility_notes}</dt>
        <dd>{text(v.accessibility_notes)}</dd>
      </div>
      <div>
        <dt>{t.fields.directions}</dt>
        <dd>{text(v.directions)}</dd>
      </div>
    </dl>
  );
}

function EditPage({ lang, view }: { lang: Lang; view: EditView }) {
  const t = TEXTS[lang];
  const v = view.venue;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/venues?org=${v.organization_id}`)}>{t.back}</a>
      </p>
      <h1>{t.editTitle(v.name)}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      <Details lang={lang} venue={v} />
      {view.manage ? (
        <section aria-labelledby="edit-venue">
          <h2 id="edit-venue">{t.edit}</h2>
          {view.errors.form ? <ErrorBox text={view.errors.form} /> : null}
          <form method="post" action={staffPath(lang, `/venues/${v.id}`)} class="staff-form" novalidate>
            <Csrf token={view.csrf} />
            <VenueFields lang={lang} form={view.form} errors={view.errors} />
            <p>
              <Button>{t.fields.save}</Button>
            </p>
          </form>
        </section>
      ) : (
        <p class="muted">{t.readOnly}</p>
      )}
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; id?: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;

export function venueRoutes(staff: App, deps: Deps, kit: Kit): void {
  const listPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    wanted: string | undefined,
    extra: { done?: string; form?: VenueForm; errors?: VenueErrors; status?: number } = {},
  ) => {
    const { ids, chosen } = orgChoice(who.actor, wanted, 'catalogue.read');
    const t = TEXTS[lang];
    if (!chosen) return forbiddenReply(kit, reply, lang, '/venues', who, t.errors.forbidden);
    const view = await inTx(deps, who.actor, async (tx): Promise<ListView> => ({
      orgs: await organisationNames(tx, ids),
      org: chosen,
      venues: (await repo.listVenues(tx, chosen)).map(presentVenue),
      manage: can(who.actor, 'catalogue.manage', chosen),
      csrf: who.csrf,
      done: extra.done,
      form: extra.form ?? emptyForm(),
      errors: extra.errors ?? {},
    }));
    return kit.page(reply, lang, t.title, '/venues', <ListPage lang={lang} view={view} />, {
      who,
      status: extra.status,
    });
  };

  staff.get('/:lang/staff/venues', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    return listPage(reply, lang, who, request.query.org, {
      done: request.query.done === 'added' ? TEXTS[lang].done.added : undefined,
    });
  });

  staff.post('/:lang/staff/venues', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/venues');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const org = str(request.body, 'org', 100);
    if (!isUuid(org) || !can(who.actor, 'catalogue.manage', org))
      return forbiddenReply(kit, reply, lang, '/venues', who, TEXTS[lang].errors.forbidden);
    const form = readForm(request.body);
    const { errors, input } = checkForm(form, lang);
    if (!input) return listPage(reply, lang, who, org, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => createVenue(tx, who.actor, org, input));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return listPage(reply, lang, who, org, {
        form,
        errors: serviceErrors(error, lang),
        status: error.status,
      });
    }
    return reply.redirect(`/${lang}/staff/venues?org=${org}&done=added`, 303);
  });

  /** The venue of one of this person's organisations, or null: another's is not found, not refused. */
  const ownVenue = (who: Who, id: string) =>
    inTx(deps, who.actor, async (tx) => {
      const row = isUuid(id) ? await repo.findVenue(tx, id) : null;
      // A venue where a public group meets is readable by anyone; it still is not this person's.
      return row && can(who.actor, 'catalogue.read', row.org_id) ? row : null;
    });

  const editPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    id: string,
    extra: { done?: string; form?: VenueForm; errors?: VenueErrors; status?: number } = {},
  ) => {
    const row = await ownVenue(who, id);
    if (!row) return sendNotFound(reply, lang, `/staff/venues/${id}`, deps.publicUrl);
    const venue = presentVenue(row);
    const view: EditView = {
      venue,
      manage: can(who.actor, 'catalogue.manage', row.org_id),
      csrf: who.csrf,
      done: extra.done,
      form: extra.form ?? formOf(venue),
      errors: extra.errors ?? {},
    };
    return kit.page(
      reply,
      lang,
      TEXTS[lang].editTitle(venue.name),
      `/venues/${row.id}`,
      <EditPage lang={lang} view={view} />,
      { who, status: extra.status },
    );
  };

  staff.get('/:lang/staff/venues/:id', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, id } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    return editPage(reply, lang, who, id!, {
      done: request.query.done === 'saved' ? TEXTS[lang].done.saved : undefined,
    });
  });

  staff.post('/:lang/staff/venues/:id', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, id } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, `/venues/${id}`);
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const row = await ownVenue(who, id!);
    if (!row) return sendNotFound(reply, lang, `/staff/venues/${id}`, deps.publicUrl);
    if (!can(who.actor, 'catalogue.manage', row.org_id))
      return forbiddenReply(kit, reply, lang, `/venues/${row.id}`, who, TEXTS[lang].errors.forbidden);
    const form = readForm(request.body);
    const { errors, input } = checkForm(form, lang);
    if (!input) return editPage(reply, lang, who, row.id, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) => updateVenue(tx, who.actor, row.id, input));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return editPage(reply, lang, who, row.id, {
        form,
        errors: serviceErrors(error, lang),
        status: error.status,
      });
    }
    return reply.redirect(`/${lang}/staff/venues/${row.id}?done=saved`, 303);
  });
}
