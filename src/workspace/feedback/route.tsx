/**
 * The staff feedback pages: a group's results (coordinators and the group's own facilitators),
 * an organisation's year across its groups and programmes (coordinators), and a drop-in
 * group's printable page with its QR code (SVG, drawn on the server by `qrcode`) and code.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { App, Deps } from '../../http/context.ts';
import { inTx } from '../../http/context.ts';
import { can, type Actor } from '../../accounts/permissions.ts';
import { isLang, type Lang } from '../../shared/lang.ts';
import { pick } from '../../shared/localized.ts';
import { AppError } from '../../shared/errors.ts';
import {
  currentYear,
  dropInCode,
  getSettings,
  groupFeedback,
  organisationFeedback,
  setSettings,
  yearPeriod,
} from '../../feedback/service.ts';
import { MAX_OWN_QUESTIONS } from '../../feedback/policy.ts';
import { isUuid } from '../../http/schemas.ts';
import { validCsrf } from '../security.ts';
import { MessagePage } from '../../web/pages.tsx';
import { sendNotFound } from '../../web/send.tsx';
import type { Kit } from '../participants.tsx';
import {
  CodePrintPage,
  GroupFeedbackPage,
  OrganisationFeedbackPage,
  settingsValues,
  type SettingsValues,
} from './view.tsx';
import { STAFF_FEEDBACK_TEXTS } from './texts.ts';

type Who = { actor: Actor; csrf: string };
type GroupReq = FastifyRequest<{ Params: { lang: string; slug: string } }>;
type OrgReq = FastifyRequest<{
  Params: { lang: string };
  Querystring: { org?: string; year?: string; done?: string };
}>;

export function feedbackStaffRoutes(staff: App, deps: Deps, kit: Kit): void {
  /** 404 or 403 for the services' refusals; anything else is rethrown. */
  const refusal = (reply: FastifyReply, lang: Lang, who: Who, path: string, error: unknown) => {
    if (!(error instanceof AppError) || ![403, 404, 409].includes(error.status)) throw error;
    if (error.status !== 403) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
    const text = STAFF_FEEDBACK_TEXTS[lang].forbidden;
    return kit.page(
      reply,
      lang,
      text,
      path,
      <MessagePage title={text} text={STAFF_FEEDBACK_TEXTS[lang].suppressedHint} />,
      { who, status: 403 },
    );
  };

  staff.get(
    '/:lang/staff/groups/:slug/feedback',
    { schema: { hide: true } },
    async (request: GroupReq, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const path = `/groups/${slug}/feedback`;
      try {
        const view = await inTx(deps, who.actor, (tx) => groupFeedback(tx, who.actor, slug));
        const title = STAFF_FEEDBACK_TEXTS[lang].title(pick(view.group.name, lang) ?? '');
        const orgSlug = can(who.actor, 'organisation.read_internal', view.group.organization_id)
          ? view.group.organization_id
          : undefined;
        return kit.page(
          reply,
          lang,
          title,
          path,
          <GroupFeedbackPage lang={lang} view={view} orgSlug={orgSlug} />,
          {
            who,
          },
        );
      } catch (error) {
        return refusal(reply, lang, who, path, error);
      }
    },
  );

  staff.get(
    '/:lang/staff/groups/:slug/feedback/code',
    { schema: { hide: true } },
    async (request: GroupReq, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const path = `/groups/${slug}/feedback/code`;
      try {
        const { group, code } = await inTx(deps, who.actor, (tx) =>
          dropInCode(tx, who.actor, slug, deps.clock()),
        );
        const formUrl = `${deps.publicUrl}/${lang}/feedback/c/${code}`;
        const svg = await QRCode.toString(formUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
        const title = STAFF_FEEDBACK_TEXTS[lang].codeTitle(pick(group.name, lang) ?? '');
        return kit.page(
          reply,
          lang,
          title,
          path,
          <CodePrintPage
            lang={lang}
            group={group}
            code={code}
            formUrl={formUrl}
            boxUrl={`${deps.publicUrl}/${lang}/feedback`}
            svg={svg}
          />,
          { who },
        );
      } catch (error) {
        return refusal(reply, lang, who, path, error);
      }
    },
  );

  const orgPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: Who,
    query: { org?: string; year?: string },
    settingsForm?: { values: SettingsValues; errors: Record<string, string>; saved: boolean },
    status = 200,
  ) => {
    const path = '/feedback';
    const now = deps.clock();
    const typedYear = Number(query.year);
    const year =
      Number.isInteger(typedYear) && typedYear >= 2000 && typedYear <= 2999 ? typedYear : currentYear(now);
    // The organisation asked for, else the first the person coordinates.
    const own = [...who.actor.roles.keys()].filter((id) => can(who.actor, 'organisation.read_internal', id));
    const org = typeof query.org === 'string' && query.org ? query.org.slice(0, 100) : own[0];
    if (!org) return refusal(reply, lang, who, path, new AppError(403, 'forbidden', 'forbidden'));
    try {
      const { view, settings } = await inTx(deps, who.actor, async (tx) => {
        const view = await organisationFeedback(tx, who.actor, org, yearPeriod(year));
        const settings = can(who.actor, 'catalogue.manage', view.organisation.id)
          ? await getSettings(tx, who.actor, view.organisation.id)
          : null;
        return { view, settings };
      });
      const form = settings
        ? {
            csrf: who.csrf,
            values: settingsForm?.values ?? settingsValues(settings),
            errors: settingsForm?.errors ?? {},
            saved: settingsForm?.saved ?? false,
          }
        : undefined;
      const title = STAFF_FEEDBACK_TEXTS[lang].orgTitle(pick(view.organisation.name, lang) ?? '', year);
      return kit.page(
        reply,
        lang,
        title,
        path,
        <OrganisationFeedbackPage lang={lang} view={view} year={year} settings={form} />,
        { who, status },
      );
    } catch (error) {
      return refusal(reply, lang, who, path, error);
    }
  };

  staff.get('/:lang/staff/feedback', { schema: { hide: true } }, async (request: OrgReq, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const saved = request.query.done === 'settings';
    return orgPage(reply, lang, who, request.query, saved ? { values: {}, errors: {}, saved } : undefined);
  });

  staff.post(
    '/:lang/staff/feedback/settings',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string }; Body: Record<string, unknown> }>, reply) => {
      const { lang } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      if (!validCsrf(request)) return kit.refused(reply, lang, '/feedback');
      const t = STAFF_FEEDBACK_TEXTS[lang].settings;
      const body = request.body ?? {};
      const values: SettingsValues = {};
      for (const [k, v] of Object.entries(body))
        if (typeof v === 'string' && /^(every_sessions|q[1-5]_(id|fi|sv|en))$/.test(k))
          values[k] = v.slice(0, 500);
      const org = typeof body.org === 'string' ? body.org.slice(0, 100) : '';
      const errors: Record<string, string> = {};
      const every = Number(values.every_sessions);
      if (!/^\d+$/.test(values.every_sessions ?? '') || every < 1 || every > 100)
        errors.every_sessions = t.everyError;
      const questions: { id?: string; text: { fi: string; sv?: string; en?: string } }[] = [];
      for (let n = 1; n <= MAX_OWN_QUESTIONS; n++) {
        const [fi, sv, en] = (['fi', 'sv', 'en'] as const).map((l) => (values[`q${n}_${l}`] ?? '').trim());
        if (!fi && !sv && !en) continue;
        if (!fi) {
          errors[`q${n}_fi`] = t.fiMissing;
          continue;
        }
        const id = values[`q${n}_id`];
        questions.push({
          ...(id && isUuid(id) ? { id } : {}),
          text: { fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) },
        });
      }
      if (Object.keys(errors).length)
        return orgPage(reply, lang, who, { org }, { values, errors, saved: false }, 400);
      try {
        await inTx(deps, who.actor, (tx) =>
          setSettings(tx, who.actor, org, { every_sessions: every, questions }),
        );
        return reply.redirect(`/${lang}/staff/feedback?org=${encodeURIComponent(org)}&done=settings`, 303);
      } catch (error) {
        return refusal(reply, lang, who, '/feedback', error);
      }
    },
  );
}
