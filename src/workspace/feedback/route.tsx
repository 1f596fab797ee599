/**
 * The staff feedback pages: a group's results (coordinators and the group's own facilitators),
 * an organisation's year across its groups and programmes (coordinators), and a drop-in
 * group's printable page with its QR code (SVG, drawn on the server by `qrcode`) and code.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { App, Deps } from '../../http/context.ts';
import { inTx } from '../../http/context.ts';
import { can } from '../../accounts/permissions.ts';
import { isLang, type Lang } from '../../shared/lang.ts';
import { pick } from '../../shared/localized.ts';
import { AppError } from '../../shared/errors.ts';
import {
  currentYear,
  dropInCode,
  groupFeedback,
  organisationFeedback,
  yearPeriod,
} from '../../feedback/service.ts';
import { MessagePage } from '../../web/pages.tsx';
import { sendNotFound } from '../../web/send.tsx';
import type { Kit } from '../participants.tsx';
import { CodePrintPage, GroupFeedbackPage, OrganisationFeedbackPage } from './view.tsx';
import { STAFF_FEEDBACK_TEXTS } from './texts.ts';

type Who = { actor: import('../../accounts/permissions.ts').Actor; csrf: string };
type GroupReq = FastifyRequest<{ Params: { lang: string; slug: string } }>;
type OrgReq = FastifyRequest<{ Params: { lang: string }; Querystring: { org?: string; year?: string } }>;

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
        return kit.page(reply, lang, title, path, <GroupFeedbackPage lang={lang} view={view} />, { who });
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

  staff.get('/:lang/staff/feedback', { schema: { hide: true } }, async (request: OrgReq, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const path = '/feedback';
    const now = deps.clock();
    const typedYear = Number(request.query.year);
    const year =
      Number.isInteger(typedYear) && typedYear >= 2000 && typedYear <= 2999 ? typedYear : currentYear(now);
    // The organisation asked for, else the first the person coordinates.
    const own = [...who.actor.roles.keys()].filter((id) => can(who.actor, 'organisation.read_internal', id));
    const org =
      typeof request.query.org === 'string' && request.query.org ? request.query.org.slice(0, 100) : own[0];
    if (!org) return refusal(reply, lang, who, path, new AppError(403, 'forbidden', 'forbidden'));
    try {
      const view = await inTx(deps, who.actor, (tx) =>
        organisationFeedback(tx, who.actor, org, yearPeriod(year)),
      );
      const title = STAFF_FEEDBACK_TEXTS[lang].orgTitle(pick(view.organisation.name, lang) ?? '', year);
      return kit.page(
        reply,
        lang,
        title,
        path,
        <OrganisationFeedbackPage lang={lang} view={view} year={year} />,
        {
          who,
        },
      );
    } catch (error) {
      return refusal(reply, lang, who, path, error);
    }
  });
}
