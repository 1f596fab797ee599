/**
 * The session page's "who ran this session" form: the organisation's facilitators as
 * checkboxes, the group's own ticked until someone records otherwise. A plain POST form with
 * the CSRF field; the change goes through src/reporting/session-facilitators.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../../http/context.ts';
import { inTx } from '../../http/context.ts';
import { isUuid } from '../../http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import type { Lang } from '../../shared/lang.ts';
import { isLang } from '../../web/i18n.ts';
import { inLang } from '../../web/layout.tsx';
import { sendNotFound } from '../../web/send.tsx';
import { setSessionFacilitators, type SessionFacilitators } from '../../reporting/session-facilitators.ts';
import { Button, Csrf } from '../admin-ui.tsx';
import type { Kit } from '../participants.tsx';
import { validCsrf } from '../security.ts';
import { REPORT_TEXTS } from './texts.ts';

const TEXTS: Record<
  Lang,
  {
    heading: string;
    hint: string;
    legend: string;
    save: string;
    defaults: string;
    kinds: Record<string, string>;
    engagements: Record<string, string>;
  }
> = {
  fi: {
    heading: 'Kuka ohjasi kokoontumisen',
    hint: 'Vapaaehtoistunnit lasketaan tästä. Jos et valitse ketään, ohjaajiksi lasketaan ryhmän ohjaajat.',
    legend: 'Ohjaajat',
    save: 'Tallenna ohjaajat',
    defaults: 'Nyt lasketaan ryhmän ohjaajat.',
    kinds: { peer: 'vertaisohjaaja', professional: 'ammattilainen' },
    engagements: { volunteer: 'vapaaehtoinen', paid: 'palkattu' },
  },
  sv: {
    heading: 'Vem ledde träffen',
    hint: 'De frivilliga timmarna räknas härifrån. Om du inte väljer någon räknas gruppens ledare.',
    legend: 'Ledare',
    save: 'Spara ledarna',
    defaults: 'Nu räknas gruppens ledare.',
    kinds: { peer: 'kamratledare', professional: 'yrkesperson' },
    engagements: { volunteer: 'frivillig', paid: 'avlönad' },
  },
  en: {
    heading: 'Who ran the session',
    hint: "The volunteer hours are counted from this. If you choose nobody, the group's facilitators count.",
    legend: 'Facilitators',
    save: 'Save the facilitators',
    defaults: "The group's facilitators count now.",
    kinds: { peer: 'peer facilitator', professional: 'professional' },
    engagements: { volunteer: 'volunteer', paid: 'paid' },
  },
};

/** The "saved" notice of the session page. */
export const sessionFacilitatorsSaved = (lang: Lang) =>
  ({ fi: 'Ohjaajat tallennettiin.', sv: 'Ledarna sparades.', en: 'The facilitators were saved.' })[lang];

export function SessionFacilitatorsSection(props: {
  lang: Lang;
  sessionId: string;
  csrf: string;
  facilitators: SessionFacilitators;
}) {
  const t = TEXTS[props.lang];
  const { recorded, choices } = props.facilitators;
  if (choices.length === 0) return null;
  return (
    <section class="staff-action" aria-labelledby="facilitators-heading">
      <h2 id="facilitators-heading" class="staff-action__heading">
        {t.heading}
      </h2>
      <p id="facilitators-hint">{t.hint}</p>
      {recorded ? null : <p>{t.defaults}</p>}
      <form
        method="post"
        action={inLang(props.lang, `/staff/sessions/${props.sessionId}/facilitators`)}
        class="staff-form"
      >
        <Csrf token={props.csrf} />
        <fieldset class="hds-fieldset" aria-describedby="facilitators-hint">
          <legend class="hds-fieldset-legend">{t.legend}</legend>
          {choices.map((f) => {
            const id = `facilitator-${f.id}`;
            const checked = recorded ? f.chosen : f.of_group;
            const profession = f.profession
              ? REPORT_TEXTS[props.lang].professions[f.profession as 'other']
              : null;
            return (
              <div class="hds-checkbox">
                <input
                  type="checkbox"
                  id={id}
                  name="facilitator"
                  value={f.id}
                  checked={checked}
                  class="hds-checkbox__input"
                />
                <label for={id} class="hds-checkbox__label">
                  {f.display_name} (
                  {[t.kinds[f.kind], t.engagements[f.engagement], profession].filter(Boolean).join(', ')})
                </label>
              </div>
            );
          })}
        </fieldset>
        <p class="button-row">
          <Button>{t.save}</Button>
        </p>
      </form>
    </section>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; id: string };
  Body: Record<string, unknown> | undefined;
}>;

export function sessionFacilitatorRoutes(staff: App, deps: Deps, kit: Kit): void {
  staff.post(
    '/:lang/staff/sessions/:id/facilitators',
    { schema: { hide: true } },
    async (request: Req, reply: FastifyReply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/sessions/${id}`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      if (!isUuid(id)) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
      const raw = request.body?.facilitator;
      const ids = (Array.isArray(raw) ? raw : [raw])
        .filter((v): v is string => typeof v === 'string' && isUuid(v))
        .slice(0, 50);
      try {
        await inTx(deps, who.actor, (tx) => setSessionFacilitators(tx, who.actor, id, ids));
      } catch (error) {
        if (
          error instanceof AppError &&
          (error.status === 404 || error.status === 403 || error.status === 401)
        )
          return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
        throw error;
      }
      return reply.redirect(`/${lang}/staff${path}?done=facilitators`, 303);
    },
  );
}
