/**
 * An organisation's API tokens in the staff workspace (admins only): the list — label, role,
 * creator, created, expires, last used, status — with revoke, and a form that makes a new
 * token and shows its secret once. Server-rendered, works without JavaScript, every form
 * carries the CSRF field. The rules are those of the API (`src/accounts/service.ts`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, ROLES, type Actor, type Role } from '../accounts/permissions.ts';
import {
  createApiToken,
  DEFAULT_TOKEN_DAYS,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeApiToken,
  type TokenView,
} from '../accounts/service.ts';
import { AppError } from '../shared/errors.ts';
import { formatMediumDateTime } from '../shared/time.ts';
import { isUuid } from '../http/schemas.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { Field } from '../web/fields.tsx';
import { sendNotFound } from '../web/send.tsx';
import { STAFF_MESSAGES } from './i18n.ts';
import { organisationNames } from './repository.ts';
import { CSRF_FIELD, validCsrf } from './security.ts';

type Who = { actor: Actor; csrf: string };

export interface TokenKit {
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
  title: (org: string) => string;
  link: string;
  intro: string;
  none: string;
  caption: string;
  columns: {
    label: string;
    role: string;
    creator: string;
    created: string;
    expires: string;
    lastUsed: string;
    status: string;
    actions: string;
  };
  commandLine: string;
  formerCreator: string;
  never: string;
  status: Record<TokenView['status'], string>;
  revoke: string;
  revokeLabel: (label: string) => string;
  revoked: string;
  gone: string;
  forbidden: string;
  add: {
    heading: string;
    label: string;
    role: string;
    days: string;
    daysHint: string;
    submit: string;
    labelRequired: string;
    labelTooLong: string;
    daysInvalid: string;
  };
  created: { heading: string; text: (expires: string) => string };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: (org) => `API-avaimet: ${org}`,
    link: 'API-avaimet',
    intro: `Ohjelmat ja skriptit käyttävät API-avaimia. Avain vanhenee ${DEFAULT_TOKEN_DAYS} päivässä, ellei toisin valita (enintään ${MAX_TOKEN_DAYS} päivää), ja lakkaa toimimasta heti, kun se perutaan tai kun sen luonut pääkäyttäjä poistetaan käytöstä tai menettää pääkäyttäjän roolinsa.`,
    none: 'Organisaatiolla ei ole API-avaimia.',
    caption: 'Organisaation API-avaimet',
    columns: {
      label: 'Nimi',
      role: 'Rooli',
      creator: 'Luoja',
      created: 'Luotu',
      expires: 'Vanhenee',
      lastUsed: 'Viimeksi käytetty',
      status: 'Tila',
      actions: 'Toiminnot',
    },
    commandLine: 'komentorivi',
    formerCreator: 'entinen jäsen',
    never: 'ei vielä',
    status: { active: 'voimassa', expired: 'vanhentunut', revoked: 'peruttu' },
    revoke: 'Peru',
    revokeLabel: (label) => `Peru API-avain ${label}`,
    revoked: 'API-avain peruttu. Se ei enää toimi.',
    gone: 'API-avainta ei löytynyt tai se on jo peruttu.',
    forbidden: 'Vain organisaation pääkäyttäjät hallitsevat sen API-avaimia.',
    add: {
      heading: 'Luo API-avain',
      label: 'Avaimen nimi',
      role: 'Rooli',
      days: 'Voimassa päivää',
      daysHint: `1–${MAX_TOKEN_DAYS} päivää.`,
      submit: 'Luo API-avain',
      labelRequired: 'Kirjoita nimi.',
      labelTooLong: 'Enintään 100 merkkiä.',
      daysInvalid: `Kirjoita kokonaisluku 1–${MAX_TOKEN_DAYS}.`,
    },
    created: {
      heading: 'Uusi API-avain',
      text: (expires) => `Kopioi avain nyt: sitä ei näytetä uudelleen. Se vanhenee ${expires}.`,
    },
  },
  sv: {
    title: (org) => `API-nycklar: ${org}`,
    link: 'API-nycklar',
    intro: `Program och skript använder API-nycklar. En nyckel går ut efter ${DEFAULT_TOKEN_DAYS} dagar om inget annat väljs (högst ${MAX_TOKEN_DAYS} dagar) och slutar fungera genast när den återkallas eller när huvudanvändaren som skapade den stängs av eller förlorar rollen som huvudanvändare.`,
    none: 'Organisationen har inga API-nycklar.',
    caption: 'Organisationens API-nycklar',
    columns: {
      label: 'Namn',
      role: 'Roll',
      creator: 'Skapad av',
      created: 'Skapad',
      expires: 'Går ut',
      lastUsed: 'Senast använd',
      status: 'Status',
      actions: 'Åtgärder',
    },
    commandLine: 'kommandoraden',
    formerCreator: 'tidigare medlem',
    never: 'inte ännu',
    status: { active: 'giltig', expired: 'utgången', revoked: 'återkallad' },
    revoke: 'Återkalla',
    revokeLabel: (label) => `Återkalla API-nyckeln ${label}`,
    revoked: 'API-nyckeln har återkallats. Den fungerar inte längre.',
    gone: 'API-nyckeln hittades inte eller har redan återkallats.',
    forbidden: 'Endast organisationens huvudanvändare hanterar dess API-nycklar.',
    add: {
      heading: 'Skapa en API-nyckel',
      label: 'Nyckelns namn',
      role: 'Roll',
      days: 'Giltig i dagar',
      daysHint: `1–${MAX_TOKEN_DAYS} dagar.`,
      submit: 'Skapa API-nyckel',
      labelRequired: 'Skriv ett namn.',
      labelTooLong: 'Högst 100 tecken.',
      daysInvalid: `Skriv ett heltal 1–${MAX_TOKEN_DAYS}.`,
    },
    created: {
      heading: 'Ny API-nyckel',
      text: (expires) => `Kopiera nyckeln nu: den visas inte igen. Den går ut ${expires}.`,
    },
  },
  en: {
    title: (org) => `API tokens: ${org}`,
    link: 'API tokens',
    intro: `Programs and scripts use API tokens. A token expires after ${DEFAULT_TOKEN_DAYS} days unless you choose otherwise (at most ${MAX_TOKEN_DAYS} days), and stops working at once when revoked, or when the admin who made it is disabled or is no longer an admin.`,
    none: 'The organisation has no API tokens.',
    caption: "The organisation's API tokens",
    columns: {
      label: 'Name',
      role: 'Role',
      creator: 'Made by',
      created: 'Made',
      expires: 'Expires',
      lastUsed: 'Last used',
      status: 'Status',
      actions: 'Actions',
    },
    commandLine: 'the command line',
    formerCreator: 'a former member',
    never: 'not yet',
    status: { active: 'active', expired: 'expired', revoked: 'revoked' },
    revoke: 'Revoke',
    revokeLabel: (label) => `Revoke the API token ${label}`,
    revoked: 'The API token was revoked. It no longer works.',
    gone: 'There is no such API token, or it was revoked already.',
    forbidden: "Only the organisation's admins manage its API tokens.",
    add: {
      heading: 'Make an API token',
      label: 'Name of the token',
      role: 'Role',
      days: 'Valid for days',
      daysHint: `1 to ${MAX_TOKEN_DAYS} days.`,
      submit: 'Make the API token',
      labelRequired: 'Write a name.',
      labelTooLong: 'At most 100 characters.',
      daysInvalid: `Write a whole number from 1 to ${MAX_TOKEN_DAYS}.`,
    },
    created: {
      heading: 'New API token',
      text: (expires) => `Copy the token now: it is not shown again. It expires ${expires}.`,
    },
  },
};

export const tokensLinkText = (lang: Lang) => TEXTS[lang].link;

interface AddForm {
  label: string;
  role: Role;
  days: string;
  errors: { label?: string; days?: string };
}

interface View {
  orgId: string;
  orgName: string;
  tokens: TokenView[];
  csrf: string;
  done?: string;
  error?: string;
  add: AddForm;
  created?: { token: string; expires: Date };
}

function TokensPage({ lang, view }: { lang: Lang; view: View }) {
  const t = TEXTS[lang];
  const roleName = (r: Role) => STAFF_MESSAGES[lang].start.roleNames[r];
  const action = (path: string) => inLang(lang, `/staff/tokens${path}?org=${view.orgId}`);
  return (
    <>
      <h1>{t.title(view.orgName)}</h1>
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
      {view.created ? (
        <section class="hds-notification hds-notification--success" aria-labelledby="new-token-heading">
          <div class="hds-notification__content">
            <h2 id="new-token-heading" class="small-heading">
              {t.created.heading}
            </h2>
            <p>{t.created.text(formatMediumDateTime(view.created.expires, lang))}</p>
            <p>
              <code data-token>{view.created.token}</code>
            </p>
          </div>
        </section>
      ) : null}
      <p>{t.intro}</p>
      {view.tokens.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <table class="hds-table hds-table--light tokens">
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columns.label}</th>
              <th scope="col">{t.columns.role}</th>
              <th scope="col">{t.columns.creator}</th>
              <th scope="col">{t.columns.created}</th>
              <th scope="col">{t.columns.expires}</th>
              <th scope="col">{t.columns.lastUsed}</th>
              <th scope="col">{t.columns.status}</th>
              <th scope="col">{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {view.tokens.map((k) => (
              <tr>
                <th scope="row">{k.label}</th>
                <td>{roleName(k.role)}</td>
                <td>{k.created_by ? (k.created_by.name ?? t.formerCreator) : t.commandLine}</td>
                <td>{formatMediumDateTime(k.created_at, lang)}</td>
                <td>{formatMediumDateTime(k.expires_at, lang)}</td>
                <td>{k.last_used_at ? formatMediumDateTime(k.last_used_at, lang) : t.never}</td>
                <td>{t.status[k.status]}</td>
                <td>
                  {k.status === 'active' ? (
                    <form method="post" action={action(`/${k.id}/revoke`)}>
                      <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
                      <button
                        type="submit"
                        class="hds-button hds-button--secondary"
                        aria-label={t.revokeLabel(k.label)}
                      >
                        <span class="hds-button__label">{t.revoke}</span>
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.add.heading}</h2>
      <form method="post" action={action('')} class="staff-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
        <Field id="label" label={t.add.label} value={view.add.label} error={view.add.errors.label} required />
        <div class="hds-select-wrapper">
          <label class="hds-text-input__label" for="role">
            {t.add.role}
          </label>
          <select id="role" name="role" class="hds-text-input__input">
            {ROLES.map((r) => (
              <option value={r} selected={r === view.add.role}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="days"
          label={t.add.days}
          hint={t.add.daysHint}
          value={view.add.days}
          error={view.add.errors.days}
          inputMode="numeric"
          required
        />
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.add.submit}</span>
          </button>
        </p>
      </form>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; id?: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string>;
}>;

const text = (body: Record<string, unknown> | undefined, key: string) => {
  const value = body?.[key];
  return typeof value === 'string' ? value : '';
};

export function tokenRoutes(staff: App, deps: Deps, kit: TokenKit): void {
  const emptyForm = (): AddForm => ({
    label: '',
    role: 'coordinator',
    days: String(DEFAULT_TOKEN_DAYS),
    errors: {},
  });

  /** The organisation of `?org=` when this person administers it; otherwise an answer was sent. */
  const orgOf = (request: Req, reply: FastifyReply, lang: Lang, who: Who): string | null => {
    const orgId = request.query.org;
    if (!orgId || !isUuid(orgId) || !who.actor.roles.has(orgId)) {
      void sendNotFound(reply, lang, '/staff/tokens', deps.publicUrl);
      return null;
    }
    if (!can(who.actor, 'tokens.manage', orgId)) {
      const t = TEXTS[lang];
      void kit.page(reply, lang, t.link, '/tokens', <p>{t.forbidden}</p>, { who, status: 403 });
      return null;
    }
    return orgId;
  };

  const render = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    orgId: string,
    extra: Partial<Omit<View, 'orgId' | 'orgName' | 'tokens' | 'csrf'>> & { status?: number } = {},
  ) => {
    const { tokens, name } = await inTx(deps, who.actor, async (tx) => ({
      tokens: await listApiTokens(tx, who.actor, orgId, deps.clock()),
      name: (await organisationNames(tx, [orgId]))[0]?.name,
    }));
    const orgName = name ? pick(name, lang) : '';
    const { status, ...rest } = extra;
    const view: View = { orgId, orgName, tokens, csrf: who.csrf, add: emptyForm(), ...rest };
    return kit.page(
      reply,
      lang,
      TEXTS[lang].title(orgName),
      '/tokens',
      <TokensPage lang={lang} view={view} />,
      {
        who,
        status,
      },
    );
  };

  staff.get('/:lang/staff/tokens', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const orgId = orgOf(request, reply, lang, who);
    if (!orgId) return reply;
    return render(reply, lang, who, orgId, {
      done: request.query.done === 'revoked' ? TEXTS[lang].revoked : undefined,
    });
  });

  staff.post('/:lang/staff/tokens', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/tokens');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const orgId = orgOf(request, reply, lang, who);
    if (!orgId) return reply;
    const t = TEXTS[lang].add;
    const rawRole = text(request.body, 'role');
    const form: AddForm = {
      label: text(request.body, 'label'),
      role: (ROLES as readonly string[]).includes(rawRole) ? (rawRole as Role) : 'coordinator',
      days: text(request.body, 'days').trim(),
      errors: {},
    };
    const label = form.label.trim();
    if (!label) form.errors.label = t.labelRequired;
    else if ([...label].length > 100) form.errors.label = t.labelTooLong;
    const days = Number(form.days);
    if (!/^\d{1,3}$/.test(form.days) || days < 1 || days > MAX_TOKEN_DAYS) form.errors.days = t.daysInvalid;
    if (form.errors.label || form.errors.days)
      return render(reply, lang, who, orgId, { add: form, status: 422 });
    const now = deps.clock();
    try {
      const made = await inTx(deps, who.actor, async (tx) => {
        if (!can(who.actor, 'tokens.manage', orgId)) throw new AppError(403, 'forbidden', 'forbidden');
        return createApiToken(tx, {
          orgId,
          role: form.role,
          label,
          createdBy: who.actor.userId,
          now,
          expiresAt: new Date(now.getTime() + days * 86_400_000),
        });
      });
      return render(reply, lang, who, orgId, {
        created: { token: made.token, expires: made.expires_at },
        status: 201,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return render(reply, lang, who, orgId, {
        add: form,
        error: TEXTS[lang].forbidden,
        status: error.status,
      });
    }
  });

  staff.post('/:lang/staff/tokens/:id/revoke', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/tokens');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const orgId = orgOf(request, reply, lang, who);
    if (!orgId) return reply;
    const id = request.params.id ?? '';
    try {
      if (!isUuid(id)) throw new AppError(404, 'not-found', 'not found');
      await inTx(deps, who.actor, (tx) => revokeApiToken(tx, who.actor, orgId, id, deps.clock()));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return render(reply, lang, who, orgId, { error: TEXTS[lang].gone, status: 404 });
    }
    return reply.redirect(`/${lang}/staff/tokens?org=${orgId}&done=revoked`, 303);
  });
}
