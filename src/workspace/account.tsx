/**
 * One's own account in the staff workspace: changing the password, resetting a forgotten one
 * by an emailed single-use link, and one's login sessions with "end" and "end all others".
 * Server-rendered, works without JavaScript; the signed-in forms carry the session's CSRF
 * token, the signed-out ones (forgot, reset) the sign-in form's token and cookie. The rules
 * are in `src/accounts/service.ts`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { SESSION_COOKIE } from '../http/context.ts';
import type { Actor } from '../accounts/permissions.ts';
import {
  changePassword,
  endOtherSessions,
  endOwnSession,
  listOwnSessions,
  requestPasswordReset,
  resetLinkUsable,
  resetPassword,
  type OwnSession,
} from '../accounts/service.ts';
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords.ts';
import { AppError } from '../shared/errors.ts';
import { formatMediumDateTime } from '../shared/time.ts';
import { isUuid } from '../http/schemas.ts';
import { isLang, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { Field } from '../web/fields.tsx';
import {
  CSRF_FIELD,
  newSignInSecret,
  SIGN_IN_COOKIE,
  signInToken,
  validCsrf,
  validSignIn,
} from './security.ts';
import { STAFF_MESSAGES } from './i18n.ts';

type Who = { actor: Actor; csrf: string };

export interface AccountKit {
  page: (
    reply: FastifyReply,
    lang: Lang,
    title: string,
    path: string,
    body: ComponentChildren,
    opts?: { status?: number; who?: Who },
  ) => FastifyReply;
  signedIn: (request: FastifyRequest, reply: FastifyReply, lang: Lang) => Who | null;
  refused: (reply: FastifyReply, lang: Lang, path: string) => FastifyReply;
}

interface Texts {
  change: {
    title: string;
    intro: string;
    current: string;
    next: string;
    nextHint: string;
    confirm: string;
    submit: string;
    done: string;
  };
  errors: {
    currentRequired: string;
    currentWrong: string;
    tooShort: string;
    tooLong: string;
    mismatch: string;
    throttled: (minutes: number) => string;
  };
  forgot: {
    title: string;
    intro: string;
    email: string;
    submit: string;
    emailRequired: string;
    sentTitle: string;
    sent: string;
    back: string;
  };
  reset: {
    title: string;
    intro: string;
    submit: string;
    goneTitle: string;
    gone: string;
    askAgain: string;
  };
  sessions: {
    title: string;
    intro: string;
    caption: string;
    columns: { browser: string; created: string; lastSeen: string; actions: string };
    unknownBrowser: string;
    thisSession: string;
    end: string;
    endLabel: (when: string) => string;
    endOthers: string;
    ended: string;
    othersEnded: string;
    gone: string;
  };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    change: {
      title: 'Vaihda salasana',
      intro:
        'Kirjoita nykyinen salasanasi ja uusi salasana. Vaihto kirjaa tilisi ulos kaikilta muilta laitteilta; tämä istunto jatkuu.',
      current: 'Nykyinen salasana',
      next: 'Uusi salasana',
      nextHint: `Vähintään ${MIN_PASSWORD_LENGTH} merkkiä.`,
      confirm: 'Uusi salasana uudelleen',
      submit: 'Vaihda salasana',
      done: 'Salasana vaihdettu. Muut istunnot on kirjattu ulos.',
    },
    errors: {
      currentRequired: 'Kirjoita nykyinen salasanasi.',
      currentWrong: 'Nykyinen salasana on väärin.',
      tooShort: `Vähintään ${MIN_PASSWORD_LENGTH} merkkiä.`,
      tooLong: 'Enintään 1000 merkkiä.',
      mismatch: 'Salasanat eivät ole samat.',
      throttled: (m) => `Liian monta yritystä. Yritä uudelleen ${m} minuutin kuluttua.`,
    },
    forgot: {
      title: 'Unohtuiko salasana?',
      intro:
        'Kirjoita työtilan sähköpostiosoitteesi. Lähetämme siihen linkin, jolla voit asettaa uuden salasanan. Linkki toimii kerran 30 minuutin ajan.',
      email: 'Sähköposti',
      submit: 'Lähetä linkki',
      emailRequired: 'Kirjoita sähköpostiosoite.',
      sentTitle: 'Katso sähköpostisi',
      sent: 'Jos osoitteella on tili työtilassa, lähetimme siihen linkin uuden salasanan asettamiseen. Linkki toimii kerran 30 minuutin ajan.',
      back: 'Takaisin kirjautumiseen',
    },
    reset: {
      title: 'Aseta uusi salasana',
      intro:
        'Uusi salasana kirjaa tilisi ulos kaikilta laitteilta. Kirjaudu sen jälkeen uudella salasanalla.',
      submit: 'Aseta salasana',
      goneTitle: 'Linkki ei enää toimi',
      gone: 'Linkki on jo käytetty tai vanhentunut. Voit pyytää uuden.',
      askAgain: 'Pyydä uusi linkki',
    },
    sessions: {
      title: 'Istuntosi',
      intro:
        'Nämä laitteet ja selaimet ovat kirjautuneina tilillesi. Lopeta istunto, jota et tunnista, ja vaihda salasanasi.',
      caption: 'Voimassa olevat istunnot',
      columns: {
        browser: 'Selain',
        created: 'Kirjauduttu',
        lastSeen: 'Viimeksi käytetty',
        actions: 'Toiminnot',
      },
      unknownBrowser: 'Tuntematon selain',
      thisSession: 'Tämä istunto',
      end: 'Lopeta',
      endLabel: (when) => `Lopeta istunto, joka alkoi ${when}`,
      endOthers: 'Lopeta kaikki muut istunnot',
      ended: 'Istunto lopetettu.',
      othersEnded: 'Kaikki muut istunnot lopetettu.',
      gone: 'Istuntoa ei löytynyt.',
    },
  },
  sv: {
    change: {
      title: 'Byt lösenord',
      intro:
        'Skriv ditt nuvarande lösenord och ett nytt. Bytet loggar ut ditt konto på alla andra enheter; den här sessionen fortsätter.',
      current: 'Nuvarande lösenord',
      next: 'Nytt lösenord',
      nextHint: `Minst ${MIN_PASSWORD_LENGTH} tecken.`,
      confirm: 'Nytt lösenord igen',
      submit: 'Byt lösenord',
      done: 'Lösenordet har bytts. De andra sessionerna har loggats ut.',
    },
    errors: {
      currentRequired: 'Skriv ditt nuvarande lösenord.',
      currentWrong: 'Det nuvarande lösenordet är fel.',
      tooShort: `Minst ${MIN_PASSWORD_LENGTH} tecken.`,
      tooLong: 'Högst 1000 tecken.',
      mismatch: 'Lösenorden är inte likadana.',
      throttled: (m) => `För många försök. Försök igen om ${m} minuter.`,
    },
    forgot: {
      title: 'Glömt lösenordet?',
      intro:
        'Skriv e-postadressen för arbetsytan. Vi skickar en länk till den som du kan använda för att ange ett nytt lösenord. Länken fungerar en gång i 30 minuter.',
      email: 'E-post',
      submit: 'Skicka länken',
      emailRequired: 'Skriv en e-postadress.',
      sentTitle: 'Titta i din e-post',
      sent: 'Om adressen har ett konto i arbetsytan skickade vi en länk dit för att ange ett nytt lösenord. Länken fungerar en gång i 30 minuter.',
      back: 'Tillbaka till inloggningen',
    },
    reset: {
      title: 'Ange ett nytt lösenord',
      intro: 'Ett nytt lösenord loggar ut ditt konto på alla enheter. Logga sedan in med det nya lösenordet.',
      submit: 'Ange lösenordet',
      goneTitle: 'Länken fungerar inte längre',
      gone: 'Länken har redan använts eller gått ut. Du kan be om en ny.',
      askAgain: 'Be om en ny länk',
    },
    sessions: {
      title: 'Dina sessioner',
      intro:
        'De här enheterna och webbläsarna är inloggade på ditt konto. Avsluta en session du inte känner igen och byt lösenord.',
      caption: 'Giltiga sessioner',
      columns: { browser: 'Webbläsare', created: 'Inloggad', lastSeen: 'Senast använd', actions: 'Åtgärder' },
      unknownBrowser: 'Okänd webbläsare',
      thisSession: 'Den här sessionen',
      end: 'Avsluta',
      endLabel: (when) => `Avsluta sessionen som började ${when}`,
      endOthers: 'Avsluta alla andra sessioner',
      ended: 'Sessionen har avslutats.',
      othersEnded: 'Alla andra sessioner har avslutats.',
      gone: 'Sessionen hittades inte.',
    },
  },
  en: {
    change: {
      title: 'Change your password',
      intro:
        'Write your current password and a new one. Changing it signs your account out on every other device; this session stays.',
      current: 'Current password',
      next: 'New password',
      nextHint: `At least ${MIN_PASSWORD_LENGTH} characters.`,
      confirm: 'New password again',
      submit: 'Change the password',
      done: 'Your password was changed. Your other sessions were signed out.',
    },
    errors: {
      currentRequired: 'Write your current password.',
      currentWrong: 'The current password is wrong.',
      tooShort: `At least ${MIN_PASSWORD_LENGTH} characters.`,
      tooLong: 'At most 1000 characters.',
      mismatch: 'The passwords are not the same.',
      throttled: (m) => `Too many attempts. Try again in ${m} minutes.`,
    },
    forgot: {
      title: 'Forgot your password?',
      intro:
        'Write the email address of your workspace account. We will send it a link for setting a new password. The link works once, for 30 minutes.',
      email: 'Email',
      submit: 'Send the link',
      emailRequired: 'Write an email address.',
      sentTitle: 'Check your email',
      sent: 'If the address has a workspace account, we sent it a link for setting a new password. The link works once, for 30 minutes.',
      back: 'Back to signing in',
    },
    reset: {
      title: 'Set a new password',
      intro: 'A new password signs your account out on every device. Then sign in with the new password.',
      submit: 'Set the password',
      goneTitle: 'The link no longer works',
      gone: 'The link was used already or has expired. You can ask for a new one.',
      askAgain: 'Ask for a new link',
    },
    sessions: {
      title: 'Your sessions',
      intro:
        'These devices and browsers are signed in to your account. End a session you do not recognise, and change your password.',
      caption: 'Live sessions',
      columns: { browser: 'Browser', created: 'Signed in', lastSeen: 'Last used', actions: 'Actions' },
      unknownBrowser: 'Unknown browser',
      thisSession: 'This session',
      end: 'End',
      endLabel: (when) => `End the session that began ${when}`,
      endOthers: 'End every other session',
      ended: 'The session was ended.',
      othersEnded: 'Every other session was ended.',
      gone: 'There is no such session.',
    },
  },
};

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

function Submit({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button hds-button--${secondary ? 'secondary' : 'primary'}`}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function Notice({ text, error }: { text: string; error?: boolean }) {
  return (
    <div
      class={`hds-notification hds-notification--${error ? 'error' : 'success'}`}
      role={error ? 'alert' : 'status'}
    >
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

type PasswordErrors = {
  current_password?: string;
  new_password?: string;
  confirm_password?: string;
  form?: string;
};

function NewPasswordFields({ lang, errors }: { lang: Lang; errors: PasswordErrors }) {
  const t = TEXTS[lang].change;
  return (
    <>
      <Field
        id="new_password"
        label={t.next}
        hint={t.nextHint}
        type="password"
        autocomplete="new-password"
        value=""
        error={errors.new_password}
        required
      />
      <Field
        id="confirm_password"
        label={t.confirm}
        type="password"
        autocomplete="new-password"
        value=""
        error={errors.confirm_password}
        required
      />
    </>
  );
}

function ChangePage({
  lang,
  csrf,
  errors,
  done,
}: {
  lang: Lang;
  csrf: string;
  errors: PasswordErrors;
  done?: string;
}) {
  const t = TEXTS[lang].change;
  return (
    <>
      <h1>{t.title}</h1>
      {done ? <Notice text={done} /> : null}
      {errors.form ? <Notice text={errors.form} error /> : null}
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, '/password')} class="staff-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <Field
          id="current_password"
          label={t.current}
          type="password"
          autocomplete="current-password"
          value=""
          error={errors.current_password}
          required
        />
        <NewPasswordFields lang={lang} errors={errors} />
        <p>
          <Submit>{t.submit}</Submit>
        </p>
      </form>
      <p>
        <a href={staffPath(lang, '/sessions')}>{TEXTS[lang].sessions.title}</a>
      </p>
    </>
  );
}

function ForgotPage({
  lang,
  token,
  email,
  error,
}: {
  lang: Lang;
  token: string;
  email: string;
  error?: string;
}) {
  const t = TEXTS[lang].forgot;
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, '/password/forgot')} class="staff-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={token} />
        <Field
          id="email"
          label={t.email}
          type="email"
          autocomplete="username"
          value={email}
          error={error}
          required
        />
        <p>
          <Submit>{t.submit}</Submit>
        </p>
      </form>
      <p>
        <a href={staffPath(lang, '/sign-in')}>{t.back}</a>
      </p>
    </>
  );
}

function ResetPage({
  lang,
  token,
  secret,
  errors,
}: {
  lang: Lang;
  token: string;
  secret: string;
  errors: PasswordErrors;
}) {
  const t = TEXTS[lang].reset;
  return (
    <>
      <h1>{t.title}</h1>
      {errors.form ? <Notice text={errors.form} error /> : null}
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, '/password/reset')} class="staff-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={token} />
        <input type="hidden" name="token" value={secret} />
        <NewPasswordFields lang={lang} errors={errors} />
        <p>
          <Submit>{t.submit}</Submit>
        </p>
      </form>
    </>
  );
}

function SessionsPage({
  lang,
  csrf,
  sessions,
  done,
  error,
}: {
  lang: Lang;
  csrf: string;
  sessions: OwnSession[];
  done?: string;
  error?: string;
}) {
  const t = TEXTS[lang].sessions;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>{t.title}</h1>
      {done ? <Notice text={done} /> : null}
      {error ? <Notice text={error} error /> : null}
      <p>{t.intro}</p>
      <table class="hds-table hds-table--light sessions">
        <caption>{t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.columns.browser}</th>
            <th scope="col">{t.columns.created}</th>
            <th scope="col">{t.columns.lastSeen}</th>
            <th scope="col">{t.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr>
              <th scope="row">
                {s.browser ?? t.unknownBrowser}
                {s.current ? (
                  <>
                    {' '}
                    <strong>({t.thisSession})</strong>
                  </>
                ) : null}
              </th>
              <td>{formatMediumDateTime(s.created_at, lang)}</td>
              <td>{formatMediumDateTime(s.last_seen_at, lang)}</td>
              <td>
                {s.current ? null : (
                  <form method="post" action={staffPath(lang, `/sessions/${s.id}/end`)}>
                    <input type="hidden" name={CSRF_FIELD} value={csrf} />
                    <button
                      type="submit"
                      class="hds-button hds-button--secondary"
                      aria-label={t.endLabel(formatMediumDateTime(s.created_at, lang))}
                    >
                      <span class="hds-button__label">{t.end}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others > 0 ? (
        <form method="post" action={staffPath(lang, '/sessions/end-others')}>
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <p>
            <Submit secondary>{t.endOthers}</Submit>
          </p>
        </form>
      ) : null}
      <p>
        <a href={staffPath(lang, '/password')}>{TEXTS[lang].change.title}</a>
      </p>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; id?: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string>;
}>;

const text = (body: Record<string, unknown> | undefined, key: string, max = 1000) => {
  const value = body?.[key];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

/** The new password and its confirmation as typed, and what is wrong with them. */
function checkNew(lang: Lang, next: string, confirm: string): PasswordErrors {
  const t = TEXTS[lang].errors;
  if (next.length < MIN_PASSWORD_LENGTH) return { new_password: t.tooShort };
  if (next.length > 1000) return { new_password: t.tooLong };
  if (next !== confirm) return { confirm_password: t.mismatch };
  return {};
}

/** The message of a throttled attempt, with Retry-After set. */
function throttled(reply: FastifyReply, lang: Lang, error: AppError): string {
  const seconds = error.extra.retryAfter ?? 60;
  void reply.header('retry-after', String(seconds));
  return TEXTS[lang].errors.throttled(Math.ceil(seconds / 60));
}

export function accountRoutes(staff: App, deps: Deps, kit: AccountKit): void {
  const secure = deps.publicUrl.startsWith('https://');

  /** The sign-in form's token for a signed-out form, its cookie set when the browser has none. */
  const signedOutToken = (request: FastifyRequest, reply: FastifyReply, lang: Lang) => {
    let secret = request.cookies[SIGN_IN_COOKIE];
    if (!secret) {
      secret = newSignInSecret();
      void reply.setCookie(SIGN_IN_COOKIE, secret, {
        path: `/${lang}/staff`,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: 60 * 60,
      });
    }
    return signInToken(secret);
  };

  // ---------------------------------------------------------------- change the password

  const changePage = (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    errors: PasswordErrors,
    status = 200,
    done?: string,
  ) =>
    kit.page(
      reply,
      lang,
      TEXTS[lang].change.title,
      '/password',
      <ChangePage lang={lang} csrf={who.csrf} errors={errors} done={done} />,
      {
        who,
        status,
      },
    );

  staff.get('/:lang/staff/password', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    return changePage(
      reply,
      lang,
      who,
      {},
      200,
      request.query.done === 'changed' ? TEXTS[lang].change.done : undefined,
    );
  });

  staff.post('/:lang/staff/password', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/password');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const current = text(request.body, 'current_password');
    const next = text(request.body, 'new_password', 1001);
    const errors: PasswordErrors = current
      ? checkNew(lang, next, text(request.body, 'confirm_password', 1001))
      : {
          current_password: TEXTS[lang].errors.currentRequired,
          ...checkNew(lang, next, text(request.body, 'confirm_password', 1001)),
        };
    if (Object.keys(errors).length > 0) return changePage(reply, lang, who, errors, 422);
    try {
      await changePassword(
        deps.db,
        { userId: who.actor.userId!, sessionToken: request.cookies[SESSION_COOKIE]!, current, next },
        deps.clock(),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 429)
        return changePage(reply, lang, who, { form: throttled(reply, lang, error) }, 429);
      const field = error.errors[0]?.field;
      const t = TEXTS[lang].errors;
      return changePage(
        reply,
        lang,
        who,
        field === 'current_password' ? { current_password: t.currentWrong } : { new_password: t.tooShort },
        422,
      );
    }
    return reply.redirect(`/${lang}/staff/password?done=changed`, 303);
  });

  // ---------------------------------------------------------------- forgotten password

  staff.get('/:lang/staff/password/forgot', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const token = signedOutToken(request, reply, lang);
    return kit.page(
      reply,
      lang,
      TEXTS[lang].forgot.title,
      '/password/forgot',
      <ForgotPage lang={lang} token={token} email="" />,
    );
  });

  staff.post('/:lang/staff/password/forgot', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const t = TEXTS[lang].forgot;
    const email = text(request.body, 'email', 320).trim();
    const form = (error: string, status: number) =>
      kit.page(
        reply,
        lang,
        t.title,
        '/password/forgot',
        <ForgotPage lang={lang} token={signedOutToken(request, reply, lang)} email={email} error={error} />,
        { status },
      );
    if (!validSignIn(request)) return form(STAFF_MESSAGES[lang].csrf.text, 403);
    if (!email || !email.includes('@')) return form(t.emailRequired, 400);
    try {
      await requestPasswordReset(
        deps.db,
        { email, language: lang, client: request.ip },
        { now: deps.clock(), publicUrl: deps.publicUrl },
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 429) throw error;
      return form(throttled(reply, lang, error), 429);
    }
    // The same page whether or not the address has an account.
    return kit.page(
      reply,
      lang,
      t.sentTitle,
      '/password/forgot',
      <>
        <h1>{t.sentTitle}</h1>
        <p>{t.sent}</p>
        <p>
          <a href={staffPath(lang, '/sign-in')}>{t.back}</a>
        </p>
      </>,
    );
  });

  // ---------------------------------------------------------------- reset by the emailed link

  const gonePage = (reply: FastifyReply, lang: Lang) => {
    const t = TEXTS[lang].reset;
    return kit.page(
      reply,
      lang,
      t.goneTitle,
      '/password/reset',
      <>
        <h1>{t.goneTitle}</h1>
        <p>{t.gone}</p>
        <p>
          <a href={staffPath(lang, '/password/forgot')}>{t.askAgain}</a>
        </p>
      </>,
      { status: 410 },
    );
  };

  const resetPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    secret: string,
    errors: PasswordErrors,
    status = 200,
  ) =>
    kit.page(
      reply,
      lang,
      TEXTS[lang].reset.title,
      '/password/reset',
      <ResetPage lang={lang} token={signedOutToken(request, reply, lang)} secret={secret} errors={errors} />,
      { status },
    );

  staff.get('/:lang/staff/password/reset', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const secret = typeof request.query.token === 'string' ? request.query.token : '';
    // Opening the link does not spend it (mail scanners open links too); setting the password does.
    signedOutToken(request, reply, lang);
    if (!(await resetLinkUsable(deps.db, secret, deps.clock()))) return gonePage(reply, lang);
    return resetPage(request, reply, lang, secret, {});
  });

  staff.post('/:lang/staff/password/reset', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const secret = text(request.body, 'token', 100);
    if (!validSignIn(request))
      return resetPage(request, reply, lang, secret, { form: STAFF_MESSAGES[lang].csrf.text }, 403);
    const next = text(request.body, 'new_password', 1001);
    const errors = checkNew(lang, next, text(request.body, 'confirm_password', 1001));
    if (Object.keys(errors).length > 0) {
      if (!(await resetLinkUsable(deps.db, secret, deps.clock()))) return gonePage(reply, lang);
      return resetPage(request, reply, lang, secret, errors, 422);
    }
    const done = await resetPassword(deps.db, secret, next, deps.clock());
    if (!done) return gonePage(reply, lang);
    // Every session of the account ended, this browser's too.
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`/${lang}/staff/sign-in?reset=1`, 303);
  });

  // ---------------------------------------------------------------- one's sessions

  const sessionsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    session: string,
    extra: { done?: string; error?: string; status?: number } = {},
  ) => {
    const sessions = await listOwnSessions(deps.db, who.actor.userId!, session, deps.clock());
    return kit.page(
      reply,
      lang,
      TEXTS[lang].sessions.title,
      '/sessions',
      <SessionsPage lang={lang} csrf={who.csrf} sessions={sessions} done={extra.done} error={extra.error} />,
      { who, status: extra.status },
    );
  };

  staff.get('/:lang/staff/sessions', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = TEXTS[lang].sessions;
    const done =
      request.query.done === 'ended' ? t.ended : request.query.done === 'others' ? t.othersEnded : undefined;
    return sessionsPage(reply, lang, who, request.cookies[SESSION_COOKIE]!, { done });
  });

  staff.post('/:lang/staff/sessions/:id/end', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/sessions');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const id = request.params.id ?? '';
    try {
      if (!isUuid(id)) throw new AppError(404, 'not-found', 'not found');
      await endOwnSession(deps.db, who.actor.userId!, id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sessionsPage(reply, lang, who, request.cookies[SESSION_COOKIE]!, {
        error: TEXTS[lang].sessions.gone,
        status: 404,
      });
    }
    return reply.redirect(`/${lang}/staff/sessions?done=ended`, 303);
  });

  staff.post('/:lang/staff/sessions/end-others', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/sessions');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    await endOtherSessions(deps.db, who.actor.userId!, request.cookies[SESSION_COOKIE]!);
    return reply.redirect(`/${lang}/staff/sessions?done=others`, 303);
  });
}
