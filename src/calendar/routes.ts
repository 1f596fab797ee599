import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { IdOrSlug, problemResponses } from '../http/schemas.ts';
import { getVisibleGroup } from '../groups/service.ts';
import { getOrganisation } from '../organisations/service.ts';
import { PUBLIC_STATUSES } from '../groups/lifecycle.ts';
import { buildCalendar, type CalendarLang } from './ics.ts';
import { calendarGroups, calendarSessions } from './repository.ts';

const DAY = 24 * 60 * 60 * 1000;
/** A feed covers the recent past (so a just-cancelled session still shows) and the coming year. */
const WINDOW = { backDays: 90, aheadDays: 400 };

const LangQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')], {
        description: 'language of the event texts, Finnish by default',
      }),
    ),
  },
  { additionalProperties: false },
);
const ics = {
  200: {
    description:
      'an RFC 5545 iCalendar feed in Europe/Helsinki time; cancelled sessions have STATUS:CANCELLED',
    content: { 'text/calendar': { schema: Type.String() } },
  },
  ...problemResponses,
};

export async function calendarRoutes(app: App, deps: Deps): Promise<void> {
  const window = () => {
    const now = deps.clock().getTime();
    return { from: new Date(now - WINDOW.backDays * DAY), to: new Date(now + WINDOW.aheadDays * DAY) };
  };

  app.get(
    '/groups/:group/calendar.ics',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Calendar feed of one group',
        params: Type.Object({ group: IdOrSlug }),
        querystring: LangQuery,
        response: ics,
      },
    },
    async (request, reply) => {
      const lang: CalendarLang = request.query.lang ?? 'fi';
      const body = await inTx(deps, request.actor, async (tx) => {
        const { group } = await getVisibleGroup(tx, request.actor, request.params.group);
        const groups = await calendarGroups(tx, { groupId: group.id });
        const { from, to } = window();
        const sessions = await calendarSessions(tx, [group.id], from, to);
        return {
          slug: group.slug,
          text: buildCalendar({
            name: group.name[lang] ?? group.name.fi,
            lang,
            publicUrl: deps.publicUrl,
            groups,
            sessions,
          }),
        };
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${body.slug}.ics"`)
        .header('cache-control', 'public, max-age=300')
        .send(body.text);
    },
  );

  app.get(
    '/organizations/:org/calendar.ics',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Calendar feed of all public groups of an organisation',
        params: Type.Object({ org: IdOrSlug }),
        querystring: LangQuery,
        response: ics,
      },
    },
    async (request, reply) => {
      const lang: CalendarLang = request.query.lang ?? 'fi';
      const body = await inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        // Public groups only, even for the organisation's own staff: a feed is for sharing.
        const groups = await calendarGroups(tx, { orgId: org.id, statuses: PUBLIC_STATUSES });
        const { from, to } = window();
        const sessions = await calendarSessions(
          tx,
          groups.map((g) => g.id),
          from,
          to,
        );
        return {
          slug: org.slug,
          text: buildCalendar({
            name: org.name[lang] ?? org.name.fi,
            lang,
            publicUrl: deps.publicUrl,
            groups,
            sessions,
          }),
        };
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${body.slug}.ics"`)
        .header('cache-control', 'public, max-age=300')
        .send(body.text);
    },
  );
}
