/**
 * Passkeys in the staff workspace: the page where a signed-in person lists, adds, renames and
 * removes their passkeys, and signing in with one from the sign-in page. Adding and signing in
 * need the one script file of the site (/assets/passkeys.js); the pages that load it allow
 * `script-src 'self'` and nothing more. Without JavaScript the forms that need it stay hidden
 * and the password sign-in works as before. Every form carries the CSRF field.
 */
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { App, Deps } from '../http/context.ts';
import { inTx, SESSION_COOKIE } from '../http/context.ts';
import type { Actor } from '../accounts/permissions.ts';
import { LOGIN_SESSION_ABSOLUTE_MS, logout } from '../accounts/service.ts';
import {
  authenticationOptions,
  listPasskeys,
  MAX_PASSKEY_NAME,
  passkeyCredentials,
  registrationOptions,
  removePasskey,
  renamePasskey,
  savePasskey,
  signInWithPasskey,
  verifyNewPasskey,
  type PasskeyRow,
  type RelyingParty,
} from '../accounts/passkeys.ts';
import { AppError } from '../shared/errors.ts';
import { formatMediumDateTime } from '../shared/time.ts';
import { isUuid } from '../http/schemas.ts';
import { isLang, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { STAFF_MESSAGES } from './i18n.ts';
import { CSRF_FIELD, SIGN_IN_COOKIE, validCsrf, validSignIn } from './security.ts';

export const PASSKEY_SCRIPT = '/assets/passkeys.js';
const SCRIPT_SOURCE = fs.readFileSync(new URL('./assets/passkeys.js', import.meta.url), 'utf8');

type Who = { actor: Actor; csrf: string };

export interface PasskeyKit {
  page: (
    reply: FastifyReply,
    lang: Lang,
    title: string,
    path: string,
    body: ComponentChildren,
    opts?: { status?: number; who?: Who; scripts?: readonly string[] },
  ) => FastifyReply;
  signedIn: (request: FastifyRequest, reply: FastifyReply, lang: Lang) => Who | null;
  refused: (reply: FastifyReply, lang: Lang, path: string) => FastifyReply;
  /** the sign-in page again, with a message (a refused passkey) */
  signInPage: (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    view: { email: string; error?: string; next: string; status?: number; fresh?: boolean },
  ) => FastifyReply;
  /** where to go after signing in: only a workspace page of this site, or '' */
  safeNext: (next: unknown) => string;
}

interface Texts {
  title: string;
  intro: string;
  none: string;
  tableCaption: string;
  columns: { name: string; created: string; lastUsed: string; actions: string };
  never: string;
  addHeading: string;
  name: string;
  nameHint: string;
  add: string;
  needsScript: string;
  notCreated: string;
  rename: string;
  renameLabel: (name: string) => string;
  remove: string;
  removeLabel: (name: string) => string;
  done: { added: string; renamed: string; removed: string };
  errors: { nameRequired: string; nameTooLong: string; failed: string; duplicate: string; gone: string };
  signIn: { heading: string; button: string; failed: string; cancelled: string };
}

export const PASSKEY_TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Pääsyavaimet',
    intro:
      'Pääsyavaimella kirjaudut ilman salasanaa puhelimen, tietokoneen tai turva-avaimen lukituksen avauksella (sormenjälki, kasvot tai PIN-koodi). Salasanalla voit kirjautua edelleen.',
    none: 'Sinulla ei ole vielä pääsyavaimia.',
    tableCaption: 'Pääsyavaimesi',
    columns: { name: 'Nimi', created: 'Lisätty', lastUsed: 'Viimeksi käytetty', actions: 'Toiminnot' },
    never: 'Ei vielä',
    addHeading: 'Lisää pääsyavain',
    name: 'Pääsyavaimen nimi',
    nameHint: 'Esimerkiksi laitteen nimi, jotta tunnistat avaimen myöhemmin.',
    add: 'Lisää pääsyavain',
    needsScript:
      'Pääsyavaimen lisääminen vaatii selaimen, joka tukee pääsyavaimia ja jossa JavaScript on käytössä.',
    notCreated: 'Pääsyavainta ei luotu. Yritä uudelleen.',
    rename: 'Nimeä uudelleen',
    renameLabel: (name) => `Uusi nimi avaimelle ${name}`,
    remove: 'Poista',
    removeLabel: (name) => `Poista pääsyavain ${name}`,
    done: {
      added: 'Pääsyavain lisätty.',
      renamed: 'Pääsyavaimen nimi vaihdettu.',
      removed: 'Pääsyavain poistettu. Sillä ei voi enää kirjautua.',
    },
    errors: {
      nameRequired: 'Kirjoita nimi.',
      nameTooLong: `Enintään ${MAX_PASSKEY_NAME} merkkiä.`,
      failed: 'Pääsyavainta ei voitu tarkistaa. Yritä uudelleen.',
      duplicate: 'Tämä pääsyavain on jo lisätty.',
      gone: 'Pääsyavainta ei löytynyt.',
    },
    signIn: {
      heading: 'Kirjaudu pääsyavaimella',
      button: 'Kirjaudu pääsyavaimella',
      failed: 'Pääsyavaimella kirjautuminen ei onnistunut.',
      cancelled: 'Pääsyavaimella kirjautuminen keskeytyi. Yritä uudelleen tai kirjaudu salasanalla.',
    },
  },
  sv: {
    title: 'Lösennycklar',
    intro:
      'Med en lösennyckel loggar du in utan lösenord genom att låsa upp telefonen, datorn eller säkerhetsnyckeln (fingeravtryck, ansikte eller PIN-kod). Du kan fortfarande logga in med lösenord.',
    none: 'Du har inga lösennycklar ännu.',
    tableCaption: 'Dina lösennycklar',
    columns: { name: 'Namn', created: 'Tillagd', lastUsed: 'Senast använd', actions: 'Åtgärder' },
    never: 'Inte ännu',
    addHeading: 'Lägg till en lösennyckel',
    name: 'Lösennyckelns namn',
    nameHint: 'Till exempel enhetens namn, så att du känner igen nyckeln senare.',
    add: 'Lägg till lösennyckel',
    needsScript:
      'För att lägga till en lösennyckel behövs en webbläsare som stöder lösennycklar och har JavaScript påslaget.',
    notCreated: 'Lösennyckeln skapades inte. Försök igen.',
    rename: 'Byt namn',
    renameLabel: (name) => `Nytt namn för ${name}`,
    remove: 'Ta bort',
    removeLabel: (name) => `Ta bort lösennyckeln ${name}`,
    done: {
      added: 'Lösennyckeln har lagts till.',
      renamed: 'Lösennyckelns namn har ändrats.',
      removed: 'Lösennyckeln har tagits bort. Den kan inte längre användas för att logga in.',
    },
    errors: {
      nameRequired: 'Skriv ett namn.',
      nameTooLong: `Högst ${MAX_PASSKEY_NAME} tecken.`,
      failed: 'Lösennyckeln kunde inte kontrolleras. Försök igen.',
      duplicate: 'Den här lösennyckeln har redan lagts till.',
      gone: 'Lösennyckeln hittades inte.',
    },
    signIn: {
      heading: 'Logga in med lösennyckel',
      button: 'Logga in med lösennyckel',
      failed: 'Inloggningen med lösennyckel misslyckades.',
      cancelled: 'Inloggningen med lösennyckel avbröts. Försök igen eller logga in med lösenord.',
    },
  },
  en: {
    title: 'Passkeys',
    intro:
      'With a passkey you sign in without a password, by unlocking your phone, computer or security key (fingerprint, face or PIN). You can still sign in with your password.',
    none: 'You have no passkeys yet.',
    tableCaption: 'Your passkeys',
    columns: { name: 'Name', created: 'Added', lastUsed: 'Last used', actions: 'Actions' },
    never: 'Not yet',
    addHeading: 'Add a passkey',
    name: 'Name of the passkey',
    nameHint: 'For example the name of the device, so you recognise the passkey later.',
    add: 'Add a passkey',
    needsScript: 'Adding a passkey needs a browser that supports passkeys, with JavaScript turned on.',
    notCreated: 'No passkey was created. Please try again.',
    rename: 'Rename',
    renameLabel: (name) => `New name for ${name}`,
    remove: 'Remove',
    removeLabel: (name) => `Remove the passkey ${name}`,
    done: {
      added: 'The passkey was added.',
      renamed: 'The passkey was renamed.',
      removed: 'The passkey was removed. It can no longer sign you in.',
    },
    errors: {
      nameRequired: 'Write a name.',
      nameTooLong: `At most ${MAX_PASSKEY_NAME} characters.`,
      failed: 'The passkey could not be checked. Please try again.',
      duplicate: 'This passkey has already been added.',
      gone: 'There is no such passkey.',
    },
    signIn: {
      heading: 'Sign in with a passkey',
      button: 'Sign in with a passkey',
      failed: 'Signing in with the passkey did not succeed.',
      cancelled: 'Signing in with a passkey was interrupted. Try again or sign in with your password.',
    },
  },
};

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

function SubmitButton({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button hds-button--${secondary ? 'secondary' : 'primary'}`}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function NameInput({
  id,
  label,
  value,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`hds-text-input${error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for={id}>
        {label}
      </label>
      <div class="hds-text-input__input-wrapper">
        <input
          class="hds-text-input__input"
          type="text"
          id={id}
          name="name"
          value={value}
          required
          maxLength={MAX_PASSKEY_NAME}
          autocomplete="off"
          aria-describedby={described || undefined}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      {hint ? (
        <span class="hds-text-input__helper-text" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="hds-text-input__error-text" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The passkey part of the sign-in page: hidden until the script finds WebAuthn in the browser. */
export function PasskeySignIn({ lang, token, next }: { lang: Lang; token: string; next: string }) {
  const t = PASSKEY_TEXTS[lang].signIn;
  return (
    <form
      method="post"
      action={staffPath(lang, '/sign-in/passkey')}
      class="staff-form"
      data-passkey="sign-in"
      data-options={staffPath(lang, '/sign-in/passkey/options')}
      data-error="passkey-sign-in-error"
      aria-labelledby="passkey-sign-in-heading"
      hidden
    >
      <h2 id="passkey-sign-in-heading" class="small-heading">
        {t.heading}
      </h2>
      <input type="hidden" name={CSRF_FIELD} value={token} />
      <input type="hidden" name="response" value="" />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <p
        class="hds-text-input__error-text"
        id="passkey-sign-in-error"
        role="alert"
        data-text={t.cancelled}
        hidden
      />
      <p>
        <SubmitButton secondary>{t.button}</SubmitButton>
      </p>
    </form>
  );
}

interface PageView {
  passkeys: PasskeyRow[];
  csrf: string;
  done?: string;
  /** the add form: what was typed and what was wrong */
  add: { name: string; error?: string };
  /** a rename form that was refused: which passkey, what was typed, what was wrong */
  rename?: { id: string; name: string; error: string };
  /** a message about the page as a whole */
  error?: string;
}

function PasskeysPage({ lang, view }: { lang: Lang; view: PageView }) {
  const t = PASSKEY_TEXTS[lang];
  return (
    <>
      <h1>{t.title}</h1>
      {view.done ? (
        <div class="hds-notification hds-notification--success" role="status">
          <div class="hds-notification__content">
            <p>{view.done}</p>
          </div>
        </div>
      ) : null}
      {view.error ? (
        <div class="hds-notification hds-notification--error" role="alert">
          <div class="hds-notification__content">
            <p>{view.error}</p>
          </div>
        </div>
      ) : null}
      <p>{t.intro}</p>
      {view.passkeys.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table class="hds-table hds-table--light passkeys">
          <caption>{t.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.created}</th>
              <th scope="col">{t.columns.lastUsed}</th>
              <th scope="col">{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {view.passkeys.map((p) => {
              const refused = view.rename?.id === p.id ? view.rename : undefined;
              return (
                <tr>
                  <th scope="row">{p.name}</th>
                  <td>{formatMediumDateTime(p.created_at, lang)}</td>
                  <td>{p.last_used_at ? formatMediumDateTime(p.last_used_at, lang) : t.never}</td>
                  <td>
                    <form method="post" action={staffPath(lang, `/passkeys/${p.id}/rename`)} novalidate>
                      <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
                      <NameInput
                        id={`name-${p.id}`}
                        label={t.renameLabel(p.name)}
                        value={refused ? refused.name : p.name}
                        error={refused?.error}
                      />
                      <p>
                        <SubmitButton secondary>{t.rename}</SubmitButton>
                      </p>
                    </form>
                    <form method="post" action={staffPath(lang, `/passkeys/${p.id}/remove`)}>
                      <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
                      <button
                        type="submit"
                        class="hds-button hds-button--secondary"
                        aria-label={t.removeLabel(p.name)}
                      >
                        <span class="hds-button__label">{t.remove}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>{t.addHeading}</h2>
      <p data-passkey-needs-script>{t.needsScript}</p>
      <form
        method="post"
        action={staffPath(lang, '/passkeys')}
        class="staff-form"
        data-passkey="register"
        data-options={staffPath(lang, '/passkeys/options')}
        data-error="passkey-add-error"
        hidden
      >
        <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
        <input type="hidden" name="response" value="" />
        <NameInput id="name" label={t.name} hint={t.nameHint} value={view.add.name} error={view.add.error} />
        <p
          class="hds-text-input__error-text"
          id="passkey-add-error"
          role="alert"
          data-text={t.notCreated}
          hidden
        />
        <p>
          <SubmitButton>{t.add}</SubmitButton>
        </p>
      </form>
    </>
  );
}

type LangRequest = FastifyRequest<{
  Params: { lang: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string>;
}>;
type PasskeyRequest = FastifyRequest<{
  Params: { lang: string; id: string };
  Body: Record<string, unknown> | undefined;
}>;

const text = (body: Record<string, unknown> | undefined, key: string) => {
  const value = body?.[key];
  return typeof value === 'string' ? value : '';
};

/** A name as typed, and what is wrong with it. */
function checkName(lang: Lang, raw: string): { name: string; error?: string } {
  const name = raw.trim();
  const t = PASSKEY_TEXTS[lang].errors;
  if (!name) return { name: raw, error: t.nameRequired };
  if ([...name].length > MAX_PASSKEY_NAME) return { name: raw, error: t.nameTooLong };
  return { name };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const strings = (o: Record<string, unknown>, keys: string[]) => keys.every((k) => typeof o[k] === 'string');

/** The browser's answer from the form's "response" field, if it has the shape of one. */
function parseCredential(raw: string, kind: 'register'): RegistrationResponseJSON | null;
function parseCredential(raw: string, kind: 'authenticate'): AuthenticationResponseJSON | null;
function parseCredential(raw: string, kind: 'register' | 'authenticate'): unknown {
  if (!raw || raw.length > 64 * 1024) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value) || !strings(value, ['id', 'rawId', 'type']) || !isObject(value.response)) return null;
  if (!isObject(value.clientExtensionResults)) value.clientExtensionResults = {};
  const needed =
    kind === 'register'
      ? ['clientDataJSON', 'attestationObject']
      : ['clientDataJSON', 'authenticatorData', 'signature'];
  return strings(value.response, needed) ? value : null;
}

export function passkeyRoutes(staff: App, deps: Deps, kit: PasskeyKit): void {
  const secure = deps.publicUrl.startsWith('https://');

  /** The origin and relying party id: configured, or (local use) this request's own. */
  const relyingParty = (request: FastifyRequest): RelyingParty => {
    const origin = deps.passkeys.origin ?? `${request.protocol}://${request.host}`;
    return { origin, rpId: deps.passkeys.rpId ?? new URL(origin).hostname };
  };

  staff.get(PASSKEY_SCRIPT, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(SCRIPT_SOURCE),
  );

  // ---------------------------------------------------------------- signing in

  staff.post(
    '/:lang/staff/sign-in/passkey/options',
    { schema: { hide: true } },
    async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validSignIn(request)) return reply.code(403).send({ error: 'csrf' });
      const options = await authenticationOptions(
        deps.db,
        request.cookies[SIGN_IN_COOKIE]!,
        relyingParty(request),
        deps.clock(),
      );
      return reply.send(options);
    },
  );

  staff.post(
    '/:lang/staff/sign-in/passkey',
    { schema: { hide: true } },
    async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const t = PASSKEY_TEXTS[lang].signIn;
      const next = kit.safeNext(request.body?.next);
      if (!validSignIn(request))
        return kit.signInPage(request, reply, lang, {
          email: '',
          error: STAFF_MESSAGES[lang].csrf.text,
          next,
          status: 403,
          fresh: true,
        });
      const response = parseCredential(text(request.body, 'response'), 'authenticate');
      if (!response)
        return kit.signInPage(request, reply, lang, { email: '', error: t.failed, next, status: 400 });
      let result;
      try {
        result = await signInWithPasskey(
          deps.db,
          request.cookies[SIGN_IN_COOKIE]!,
          response,
          relyingParty(request),
          deps.clock(),
          { ip: request.ip },
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 429) throw error;
        const seconds = error.extra.retryAfter ?? 60;
        void reply.header('retry-after', String(seconds));
        const message = STAFF_MESSAGES[lang].signIn.throttled(Math.ceil(seconds / 60));
        return kit.signInPage(request, reply, lang, { email: '', error: message, next, status: 429 });
      }
      if (!result)
        return kit.signInPage(request, reply, lang, { email: '', error: t.failed, next, status: 401 });
      // As with a password: a new session, and the one the browser had before ends.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await logout(deps.db, previous);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: LOGIN_SESSION_ABSOLUTE_MS / 1000,
      });
      void reply.clearCookie(SIGN_IN_COOKIE, { path: `/${lang}/staff` });
      return reply.redirect(next || `/${lang}/staff`, 303);
    },
  );

  // ---------------------------------------------------------------- the passkeys page

  const passkeysPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    extra: Partial<Omit<PageView, 'passkeys' | 'csrf'>> & { status?: number } = {},
  ) => {
    const userId = who.actor.userId!;
    const passkeys = await inTx(deps, who.actor, (tx) => listPasskeys(tx, userId));
    const { status, ...rest } = extra;
    const view: PageView = { passkeys, csrf: who.csrf, add: { name: '' }, ...rest };
    return kit.page(
      reply,
      lang,
      PASSKEY_TEXTS[lang].title,
      '/passkeys',
      <PasskeysPage lang={lang} view={view} />,
      {
        who,
        status,
        scripts: [PASSKEY_SCRIPT],
      },
    );
  };

  staff.get('/:lang/staff/passkeys', { schema: { hide: true } }, async (request: LangRequest, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const doneKey = request.query.done;
    const done = PASSKEY_TEXTS[lang].done;
    return passkeysPage(reply, lang, who, {
      done: doneKey === 'added' || doneKey === 'renamed' || doneKey === 'removed' ? done[doneKey] : undefined,
    });
  });

  staff.post(
    '/:lang/staff/passkeys/options',
    { schema: { hide: true } },
    async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request) || request.actor.kind !== 'user')
        return reply.code(403).send({ error: 'csrf' });
      const actor = request.actor;
      const userId = actor.userId!;
      const existing = await inTx(deps, actor, (tx) => passkeyCredentials(tx, userId));
      const options = await registrationOptions(
        deps.db,
        { id: userId, email: actor.label },
        existing,
        request.cookies[SESSION_COOKIE]!,
        relyingParty(request),
        deps.clock(),
      );
      return reply.send(options);
    },
  );

  staff.post('/:lang/staff/passkeys', { schema: { hide: true } }, async (request: LangRequest, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/passkeys');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = PASSKEY_TEXTS[lang].errors;
    const named = checkName(lang, text(request.body, 'name'));
    if (named.error) return passkeysPage(reply, lang, who, { add: named, status: 422 });
    const response = parseCredential(text(request.body, 'response'), 'register');
    const userId = who.actor.userId!;
    const now = deps.clock();
    const credential = response
      ? await verifyNewPasskey(
          deps.db,
          userId,
          request.cookies[SESSION_COOKIE]!,
          response,
          relyingParty(request),
          now,
        )
      : null;
    if (!credential) return passkeysPage(reply, lang, who, { add: named, error: t.failed, status: 422 });
    const saved = await inTx(deps, who.actor, (tx) => savePasskey(tx, userId, credential, named.name, now));
    if (!saved) return passkeysPage(reply, lang, who, { add: named, error: t.duplicate, status: 409 });
    return reply.redirect(`/${lang}/staff/passkeys?done=added`, 303);
  });

  staff.post(
    '/:lang/staff/passkeys/:id/rename',
    { schema: { hide: true } },
    async (request: PasskeyRequest, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, '/passkeys');
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const named = checkName(lang, text(request.body, 'name'));
      if (named.error)
        return passkeysPage(reply, lang, who, {
          rename: { id, name: named.name, error: named.error },
          status: 422,
        });
      const userId = who.actor.userId!;
      const done =
        isUuid(id) && (await inTx(deps, who.actor, (tx) => renamePasskey(tx, userId, id, named.name)));
      if (!done)
        return passkeysPage(reply, lang, who, { error: PASSKEY_TEXTS[lang].errors.gone, status: 404 });
      return reply.redirect(`/${lang}/staff/passkeys?done=renamed`, 303);
    },
  );

  staff.post(
    '/:lang/staff/passkeys/:id/remove',
    { schema: { hide: true } },
    async (request: PasskeyRequest, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, '/passkeys');
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const userId = who.actor.userId!;
      const done = isUuid(id) && (await inTx(deps, who.actor, (tx) => removePasskey(tx, userId, id)));
      if (!done)
        return passkeysPage(reply, lang, who, { error: PASSKEY_TEXTS[lang].errors.gone, status: 404 });
      return reply.redirect(`/${lang}/staff/passkeys?done=removed`, 303);
    },
  );
}
