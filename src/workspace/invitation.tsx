/**
 * The page an invitation link opens: public, without JavaScript. It shows the organisation
 * and the role; a new person chooses a name and a password, a person with an account signs
 * in with it (or, already signed in, confirms). Accepting creates the membership exactly
 * once and signs the person in. Used, expired and revoked links get a page that says so.
 *
 * The token travels in the link's query string (redacted from the request log) and then in
 * the form's body, never in a form's address.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { SESSION_COOKIE } from '../http/context.ts';
import { LOGIN_SESSION_ABSOLUTE_MS, login, logout, type LoginResult } from '../accounts/service.ts';
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords.ts';
import { AppError } from '../shared/errors.ts';
import {
  acceptInvitation,
  invitationByToken,
  type InvitationByToken,
  type InvitationStatus,
} from '../organisations/invitations.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { STAFF_MESSAGES } from './i18n.ts';
import { Csrf, Field } from './pages.tsx';
import type { Kit } from './participants.tsx';
import {
  csrfToken,
  newSignInSecret,
  SIGN_IN_COOKIE,
  signInToken,
  validCsrf,
  validSignIn,
} from './security.ts';

interface Texts {
  title: (org: string) => string;
  intro: (org: string, role: string) => string;
  forEmail: (email: string) => string;
  newHeading: string;
  newIntro: string;
  name: string;
  password: string;
  passwordHint: string;
  passwordAgain: string;
  create: string;
  existingHeading: string;
  existingIntro: string;
  signInAccept: string;
  confirmHeading: string;
  confirm: string;
  otherAccount: (who: string) => string;
  signOut: string;
  errors: {
    name: string;
    password: string;
    mismatch: string;
    wrongPassword: string;
    throttled: (minutes: number) => string;
  };
  closed: Record<InvitationStatus | 'unknown', { title: string; text: string }>;
  signInLink: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: (o) => `Kutsu: ${o}`,
    intro: (o, r) => `Sinut on kutsuttu Vertaamossa organisaatioon ${o} rooliin ${r}.`,
    forEmail: (e) => `Kutsu on osoitteelle ${e}.`,
    newHeading: 'Luo tunnus',
    newIntro: 'Kirjoita nimesi ja valitse salasana. Kirjaudut jatkossa sähköpostiosoitteellasi.',
    name: 'Nimi',
    password: 'Salasana',
    passwordHint: `Vähintään ${MIN_PASSWORD_LENGTH} merkkiä.`,
    passwordAgain: 'Salasana uudelleen',
    create: 'Luo tunnus ja ota kutsu vastaan',
    existingHeading: 'Kirjaudu ja ota kutsu vastaan',
    existingIntro: 'Sinulla on jo tunnus tällä sähköpostiosoitteella. Kirjaudu salasanallasi.',
    signInAccept: 'Kirjaudu ja ota kutsu vastaan',
    confirmHeading: 'Ota kutsu vastaan',
    confirm: 'Ota kutsu vastaan',
    otherAccount: (w) => `Olet kirjautunut tunnuksella ${w}. Kirjaudu ulos ottaaksesi kutsun vastaan.`,
    signOut: 'Kirjaudu ulos',
    errors: {
      name: 'Kirjoita nimesi.',
      password: `Salasanassa on oltava vähintään ${MIN_PASSWORD_LENGTH} merkkiä.`,
      mismatch: 'Salasanat eivät ole samat.',
      wrongPassword: 'Salasana on väärä.',
      throttled: (m) => `Liian monta epäonnistunutta yritystä. Yritä uudelleen ${m} minuutin kuluttua.`,
    },
    closed: {
      unknown: {
        title: 'Kutsulinkki ei kelpaa',
        text: 'Linkkiä ei tunnisteta. Tarkista, että kopioit sen kokonaan.',
      },
      expired: {
        title: 'Kutsu on vanhentunut',
        text: 'Kutsulinkki on vanhentunut. Pyydä kutsujaa lähettämään uusi kutsu.',
      },
      revoked: { title: 'Kutsu on peruttu', text: 'Kutsu on peruttu. Ota tarvittaessa yhteyttä kutsujaan.' },
      accepted: {
        title: 'Kutsu on jo käytetty',
        text: 'Kutsu on jo otettu vastaan. Kirjaudu sisään tunnuksellasi.',
      },
      pending: { title: '', text: '' },
    },
    signInLink: 'Kirjaudu sisään',
  },
  sv: {
    title: (o) => `Inbjudan: ${o}`,
    intro: (o, r) => `Du har bjudits in till organisationen ${o} i Vertaamo som ${r}.`,
    forEmail: (e) => `Inbjudan gäller adressen ${e}.`,
    newHeading: 'Skapa ett konto',
    newIntro: 'Skriv ditt namn och välj ett lösenord. Du loggar in med din e-postadress.',
    name: 'Namn',
    password: 'Lösenord',
    passwordHint: `Minst ${MIN_PASSWORD_LENGTH} tecken.`,
    passwordAgain: 'Lösenordet igen',
    create: 'Skapa kontot och ta emot inbjudan',
    existingHeading: 'Logga in och ta emot inbjudan',
    existingIntro: 'Du har redan ett konto med den här e-postadressen. Logga in med ditt lösenord.',
    signInAccept: 'Logga in och ta emot inbjudan',
    confirmHeading: 'Ta emot inbjudan',
    confirm: 'Ta emot inbjudan',
    otherAccount: (w) => `Du är inloggad som ${w}. Logga ut för att ta emot inbjudan.`,
    signOut: 'Logga ut',
    errors: {
      name: 'Skriv ditt namn.',
      password: `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
      mismatch: 'Lösenorden är inte lika.',
      wrongPassword: 'Lösenordet är fel.',
      throttled: (m) => `För många misslyckade försök. Försök igen om ${m} minuter.`,
    },
    closed: {
      unknown: {
        title: 'Inbjudningslänken gäller inte',
        text: 'Länken känns inte igen. Kontrollera att du kopierade hela länken.',
      },
      expired: {
        title: 'Inbjudan har gått ut',
        text: 'Inbjudningslänken har gått ut. Be den som bjöd in dig att skicka en ny inbjudan.',
      },
      revoked: {
        title: 'Inbjudan har återkallats',
        text: 'Inbjudan har återkallats. Kontakta vid behov den som bjöd in dig.',
      },
      accepted: {
        title: 'Inbjudan har redan använts',
        text: 'Inbjudan har redan tagits emot. Logga in med ditt konto.',
      },
      pending: { title: '', text: '' },
    },
    signInLink: 'Logga in',
  },
  en: {
    title: (o) => `Invitation: ${o}`,
    intro: (o, r) => `You have been invited to ${o} on Vertaamo as ${r}.`,
    forEmail: (e) => `The invitation is for ${e}.`,
    newHeading: 'Create your account',
    newIntro: 'Write your name and choose a password. You sign in with your email address.',
    name: 'Name',
    password: 'Password',
    passwordHint: `At least ${MIN_PASSWORD_LENGTH} characters.`,
    passwordAgain: 'Password again',
    create: 'Create the account and accept',
    existingHeading: 'Sign in and accept',
    existingIntro: 'You already have an account with this email address. Sign in with your password.',
    signInAccept: 'Sign in and accept',
    confirmHeading: 'Accept the invitation',
    confirm: 'Accept the invitation',
    otherAccount: (w) => `You are signed in as ${w}. Sign out to accept this invitation.`,
    signOut: 'Sign out',
    errors: {
      name: 'Write your name.',
      password: `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
      mismatch: 'The passwords are not the same.',
      wrongPassword: 'The password is wrong.',
      throttled: (m) => `Too many failed attempts. Try again in ${m} minutes.`,
    },
    closed: {
      unknown: {
        title: 'The invitation link is not valid',
        text: 'The link is not recognised. Check that you copied all of it.',
      },
      expired: {
        title: 'The invitation has expired',
        text: 'The invitation link has expired. Ask the person who invited you to send a new one.',
      },
      revoked: {
        title: 'The invitation was revoked',
        text: 'The invitation was revoked. Contact the person who invited you if needed.',
      },
      accepted: {
        title: 'The invitation has already been used',
        text: 'The invitation has already been accepted. Sign in with your account.',
      },
      pending: { title: '', text: '' },
    },
    signInLink: 'Sign in',
  },
};

type Errors = Partial<Record<'display_name' | 'password' | 'password_again', string>>;

interface AcceptView {
  invitation: InvitationByToken;
  token: string;
  /** signed in: as whom, and the CSRF token of that session */
  session: { email: string; csrf: string } | null;
  /** the CSRF token of the pre-sign-in cookie */
  signInCsrf: string;
  name: string;
  errors: Errors;
}

function Submit({ children }: { children: string }) {
  return (
    <button type="submit" class="hds-button hds-button--primary">
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function AcceptPage({ lang, view }: { lang: Lang; view: AcceptView }) {
  const t = TEXTS[lang];
  const inv = view.invitation;
  const org = pick(inv.org_name, lang);
  const role = STAFF_MESSAGES[lang].start.roleNames[inv.role];
  const action = inLang(lang, '/staff/invitation');
  const hidden = (csrf: string, mode: string) => (
    <>
      <Csrf token={csrf} />
      <input type="hidden" name="token" value={view.token} />
      <input type="hidden" name="mode" value={mode} />
    </>
  );
  let body;
  if (view.session && view.session.email === inv.email) {
    body = (
      <section aria-labelledby="accept-heading">
        <h2 id="accept-heading">{t.confirmHeading}</h2>
        <form method="post" action={action} class="staff-form">
          {hidden(view.session.csrf, 'confirm')}
          <p>
            <Submit>{t.confirm}</Submit>
          </p>
        </form>
      </section>
    );
  } else if (view.session) {
    body = (
      <section aria-labelledby="accept-heading">
        <h2 id="accept-heading">{t.confirmHeading}</h2>
        <p>{t.otherAccount(view.session.email)}</p>
        <form method="post" action={inLang(lang, '/staff/sign-out')}>
          <Csrf token={view.session.csrf} />
          <button type="submit" class="hds-button hds-button--secondary">
            <span class="hds-button__label">{t.signOut}</span>
          </button>
        </form>
      </section>
    );
  } else if (inv.account === 'with-password') {
    body = (
      <section aria-labelledby="accept-heading">
        <h2 id="accept-heading">{t.existingHeading}</h2>
        <p>{t.existingIntro}</p>
        <form method="post" action={action} class="staff-form" novalidate>
          {hidden(view.signInCsrf, 'existing')}
          <input type="hidden" name="username" value={inv.email} autocomplete="username" />
          <Field
            id="password"
            label={t.password}
            type="password"
            autocomplete="current-password"
            value=""
            required
            error={view.errors.password}
          />
          <p>
            <Submit>{t.signInAccept}</Submit>
          </p>
        </form>
      </section>
    );
  } else {
    body = (
      <section aria-labelledby="accept-heading">
        <h2 id="accept-heading">{t.newHeading}</h2>
        <p>{t.newIntro}</p>
        <form method="post" action={action} class="staff-form" novalidate>
          {hidden(view.signInCsrf, 'new')}
          <input type="hidden" name="username" value={inv.email} autocomplete="username" />
          <Field
            id="display_name"
            label={t.name}
            autocomplete="name"
            value={view.name}
            required
            error={view.errors.display_name}
          />
          <Field
            id="password"
            label={t.password}
            hint={t.passwordHint}
            type="password"
            autocomplete="new-password"
            value=""
            required
            error={view.errors.password}
          />
          <Field
            id="password_again"
            label={t.passwordAgain}
            type="password"
            autocomplete="new-password"
            value=""
            required
            error={view.errors.password_again}
          />
          <p>
            <Submit>{t.create}</Submit>
          </p>
        </form>
      </section>
    );
  }
  return (
    <>
      <h1>{t.title(org)}</h1>
      <p>{t.intro(org, role)}</p>
      <p>{t.forEmail(inv.email)}</p>
      {body}
    </>
  );
}

function ClosedPage({ lang, status }: { lang: Lang; status: InvitationStatus | 'unknown' }) {
  const t = TEXTS[lang];
  const c = t.closed[status];
  return (
    <>
      <h1>{c.title}</h1>
      <p>{c.text}</p>
      <p>
        <a href={inLang(lang, '/staff/sign-in')}>{t.signInLink}</a>
      </p>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string | undefined>;
}>;

const str = (body: Record<string, unknown> | undefined, key: string, max = 1000) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

export function invitationAcceptRoutes(staff: App, deps: Deps, kit: Kit): void {
  const secure = deps.publicUrl.startsWith('https://');

  const closed = (reply: FastifyReply, lang: Lang, status: InvitationStatus | 'unknown') =>
    kit.page(
      reply,
      lang,
      TEXTS[lang].closed[status].title,
      '/invitation',
      <ClosedPage lang={lang} status={status} />,
      {
        status: status === 'unknown' ? 404 : 410,
      },
    );

  /** The pre-sign-in secret (set now if missing) whose MAC the signed-out forms carry. */
  const signInSecret = (request: FastifyRequest, reply: FastifyReply, lang: Lang, fresh = false) => {
    let secret = fresh ? undefined : request.cookies[SIGN_IN_COOKIE];
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

  const acceptPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    invitation: InvitationByToken,
    token: string,
    extra: { name?: string; errors?: Errors; status?: number; fresh?: boolean } = {},
  ) => {
    const session = request.cookies[SESSION_COOKIE];
    const view: AcceptView = {
      invitation,
      token,
      session:
        request.actor.kind === 'user' && session
          ? { email: request.actor.label, csrf: csrfToken(session) }
          : null,
      signInCsrf: signInSecret(request, reply, lang, extra.fresh),
      name: extra.name ?? '',
      errors: extra.errors ?? {},
    };
    const title = TEXTS[lang].title(pick(invitation.org_name, lang));
    return kit.page(
      reply,
      lang,
      title,
      `/invitation?token=${encodeURIComponent(token)}`,
      <AcceptPage lang={lang} view={view} />,
      { status: extra.status },
    );
  };

  const signInAs = async (request: FastifyRequest, reply: FastifyReply, lang: Lang, result: LoginResult) => {
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
  };

  staff.get('/:lang/staff/invitation', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const token = request.query.token ?? '';
    const invitation = await invitationByToken(deps.db, token, deps.clock());
    if (!invitation) return closed(reply, lang, 'unknown');
    if (invitation.status !== 'pending') return closed(reply, lang, invitation.status);
    return acceptPage(request, reply, lang, invitation, token);
  });

  staff.post('/:lang/staff/invitation', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const t = TEXTS[lang];
    const body = request.body;
    const token = str(body, 'token', 200);
    const mode = str(body, 'mode');
    const signedIn = request.actor.kind === 'user' && !!request.cookies[SESSION_COOKIE];
    if (!(mode === 'confirm' ? signedIn && validCsrf(request) : validSignIn(request)))
      return kit.refused(reply, lang, '/invitation');
    const now = deps.clock();
    const invitation = await invitationByToken(deps.db, token, now);
    if (!invitation) return closed(reply, lang, 'unknown');
    if (invitation.status !== 'pending') return closed(reply, lang, invitation.status);
    try {
      if (mode === 'confirm') {
        if (request.actor.label !== invitation.email || !request.actor.userId)
          return acceptPage(request, reply, lang, invitation, token, { status: 403 });
        await acceptInvitation(deps.db, token, { kind: 'verified', userId: request.actor.userId }, now);
        return reply.redirect(`/${lang}/staff`, 303);
      }
      const password = str(body, 'password');
      if (mode === 'existing') {
        let result: LoginResult | null;
        try {
          result = await login(deps.db, invitation.email, password, now, { ip: request.ip });
        } catch (error) {
          if (!(error instanceof AppError) || error.status !== 429) throw error;
          const seconds = error.extra.retryAfter ?? 60;
          void reply.header('retry-after', String(seconds));
          const message = t.errors.throttled(Math.ceil(seconds / 60));
          return acceptPage(request, reply, lang, invitation, token, {
            errors: { password: message },
            status: 429,
          });
        }
        if (!result)
          return acceptPage(request, reply, lang, invitation, token, {
            errors: { password: t.errors.wrongPassword },
            status: 401,
          });
        await acceptInvitation(deps.db, token, { kind: 'verified', userId: result.user.id }, now);
        await signInAs(request, reply, lang, result);
        return reply.redirect(`/${lang}/staff`, 303);
      }
      // A new account (or one that has no password yet).
      const name = str(body, 'display_name', 200).trim();
      const again = str(body, 'password_again');
      const errors: Errors = {};
      if (!name) errors.display_name = t.errors.name;
      if (password.length < MIN_PASSWORD_LENGTH) errors.password = t.errors.password;
      else if (again !== password) errors.password_again = t.errors.mismatch;
      if (Object.keys(errors).length > 0)
        return acceptPage(request, reply, lang, invitation, token, { name, errors, status: 422 });
      await acceptInvitation(deps.db, token, { kind: 'new', displayName: name, password, locale: lang }, now);
      const result = await login(deps.db, invitation.email, password, now, { ip: request.ip });
      if (!result) return reply.redirect(`/${lang}/staff/sign-in`, 303);
      await signInAs(request, reply, lang, result);
      return reply.redirect(`/${lang}/staff`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code.startsWith('invitation-'))
        return closed(reply, lang, error.code.slice('invitation-'.length) as InvitationStatus | 'unknown');
      if (error.code === 'account-exists') {
        const fresh = await invitationByToken(deps.db, token, now);
        if (fresh) return acceptPage(request, reply, lang, fresh, token, { status: 409 });
      }
      throw error;
    }
  });
}
