/**
 * The public feedback pages. An emailed link's first GET moves its secret into a short-lived
 * cookie and sends the browser on to `/{lang}/feedback/answer` (src/web/link-exchange.ts); a
 * drop-in group's code opens `/{lang}/feedback/c/{code}`, typed into the box on
 * `/{lang}/feedback` or read from the printed QR code. All work without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../../http/context.ts';
import { isLang, type Lang } from '../../shared/lang.ts';
import { pick } from '../../shared/localized.ts';
import { MAX_FREE_TEXT, type AnswerInput, type FieldProblem } from '../../feedback/policy.ts';
import {
  answerByCode,
  answerByLink,
  linkForm,
  lookUpCode,
  type AnswerResult,
  type FeedbackForm,
} from '../../feedback/service.ts';
import { send } from '../send.tsx';
import { clearSecretCookie, linkCsrf, noStore, setSecretCookie, validLinkCsrf } from '../link-exchange.ts';
import { FEEDBACK_TEXTS } from './texts.ts';
import {
  CodePage,
  emptyValues,
  FeedbackFormPage,
  OutcomePage,
  type FormErrors,
  type FormValues,
} from './view.tsx';

export const FEEDBACK_COOKIE = 'vertaamo_feedback';

type Body = Record<string, unknown> | undefined;

/** The posted form as typed, and as the service's input (unparseable choices left for errors). */
function readForm(body: Body): { values: FormValues; input: AnswerInput; errors: FormErrors } {
  const values = emptyValues();
  const input: AnswerInput = { answers: {}, overall: null, free_text: null };
  const errors: FormErrors = {};
  const choice = (raw: string): number | null | undefined =>
    raw === 'na' ? null : /^[1-5]$/.test(raw) ? Number(raw) : undefined;
  for (const [name, raw] of Object.entries(body ?? {})) {
    if (typeof raw !== 'string' || !name.startsWith('answer.')) continue;
    const key = name.slice('answer.'.length, 80);
    values.answers[key] = raw.slice(0, 4);
    const v = choice(raw);
    if (v === undefined) errors[`answer.${key}`] = 'scale';
    else input.answers[key] = v;
  }
  const overall = typeof body?.overall === 'string' ? body.overall : '';
  values.overall = overall.slice(0, 4);
  if (overall) {
    const v = choice(overall);
    if (v === undefined || v === null) errors.overall = 'scale';
    else input.overall = v;
  }
  const text = typeof body?.free_text === 'string' ? body.free_text.slice(0, MAX_FREE_TEXT + 1000) : '';
  values.free_text = text;
  input.free_text = text || null;
  return { values, input, errors };
}

/** The service's problems as messages beside the fields. */
function messages(lang: Lang, problems: FieldProblem[], local: FormErrors): FormErrors {
  const t = FEEDBACK_TEXTS[lang].errors;
  const out: FormErrors = {};
  for (const key of Object.keys(local)) out[key] = t.scale;
  for (const p of problems) {
    if (p.field === 'answers') out.answers = t.nothing;
    else if (p.field === 'free_text') out.free_text = t.tooLong;
    else if (p.field === 'overall') out.overall = t.scale;
    else out[p.field.replace(/^answers\./, 'answer.')] = t.scale;
  }
  return out;
}

export async function feedbackPages(app: App, deps: Deps): Promise<void> {
  const page = (
    reply: FastifyReply,
    lang: Lang,
    title: string,
    path: string,
    body: ComponentChildren,
    status = 200,
  ) => send(noStore(reply), { lang, title, path, noindex: true }, deps.publicUrl, body, status);

  const outcome = (
    reply: FastifyReply,
    lang: Lang,
    kind: 'answered' | 'expired' | 'unknown',
    path: string,
  ) => {
    const t = FEEDBACK_TEXTS[lang];
    const [title, text, status] =
      kind === 'answered'
        ? [t.answeredTitle, t.answered, 409]
        : kind === 'expired'
          ? [t.expiredTitle, t.expired, 410]
          : [t.unknownTitle, t.unknown, 404];
    return page(reply, lang, title, path, <OutcomePage title={title} text={text} />, status);
  };

  const formPage = (
    reply: FastifyReply,
    lang: Lang,
    form: FeedbackForm,
    path: string,
    csrf: string | null,
    values: FormValues,
    errors: FormErrors,
    status = 200,
  ) =>
    page(
      reply,
      lang,
      FEEDBACK_TEXTS[lang].title(pick(form.group.name, lang) ?? ''),
      path,
      <FeedbackFormPage
        lang={lang}
        form={form}
        action={`/${lang}${path}`}
        csrf={csrf}
        values={values}
        errors={errors}
      />,
      status,
    );

  /** After a POST: thanks, the form again with messages beside the fields, or why not. */
  function afterAnswer(
    reply: FastifyReply,
    lang: Lang,
    result: AnswerResult,
    form: FeedbackForm,
    path: string,
    csrf: string | null,
    posted: ReturnType<typeof readForm>,
  ) {
    const t = FEEDBACK_TEXTS[lang];
    if (result.ok) {
      const text = form.variant === 'child' ? t.childThanks : t.thanks;
      return page(reply, lang, t.thanksTitle, path, <OutcomePage title={t.thanksTitle} text={text} status />);
    }
    if (result.reason === 'invalid')
      return formPage(
        reply,
        lang,
        form,
        path,
        csrf,
        posted.values,
        messages(lang, result.problems, posted.errors),
        400,
      );
    if (result.reason === 'throttled') {
      void reply.header('retry-after', String(result.retryAfter));
      const errors = { form: t.errors.throttled(Math.ceil(result.retryAfter / 60)) };
      return formPage(reply, lang, form, path, csrf, posted.values, errors, 429);
    }
    return outcome(reply, lang, result.reason, path);
  }

  // ---------------------------------------------------------------- the code box

  app.get(
    '/:lang/feedback',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string }; Querystring: { code?: string } }>, reply) => {
      const { lang } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const t = FEEDBACK_TEXTS[lang];
      const typed = typeof request.query.code === 'string' ? request.query.code.slice(0, 40) : '';
      if (!typed.trim())
        return page(reply, lang, t.codeTitle, '/feedback', <CodePage lang={lang} value="" />);
      const found = await lookUpCode(deps.db, typed, {
        client: request.actor.kind === 'public' ? request.ip : null,
        now: deps.clock(),
      });
      if (found.state === 'open') return reply.redirect(`/${lang}/feedback/c/${found.code}`, 303);
      if (found.state === 'throttled') {
        void reply.header('retry-after', String(found.retryAfter));
        const error = t.errors.throttled(Math.ceil(found.retryAfter / 60));
        return page(
          reply,
          lang,
          t.codeTitle,
          '/feedback',
          <CodePage lang={lang} value={typed} error={error} />,
          429,
        );
      }
      return page(
        reply,
        lang,
        t.codeTitle,
        '/feedback',
        <CodePage lang={lang} value={typed} error={t.codeUnknown} />,
        400,
      );
    },
  );

  // ---------------------------------------------------------------- by a drop-in code

  type CodeRequest = FastifyRequest<{ Params: { lang: string; code: string }; Body: Body }>;
  app.get('/:lang/feedback/c/:code', { schema: { hide: true } }, async (request: CodeRequest, reply) => {
    const { lang, code } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const found = await lookUpCode(deps.db, code, {
      client: request.actor.kind === 'public' ? request.ip : null,
      now: deps.clock(),
    });
    if (found.state === 'throttled') void reply.header('retry-after', String(found.retryAfter));
    if (found.state !== 'open') return outcome(reply, lang, 'unknown', '/feedback');
    return formPage(reply, lang, found.form, `/feedback/c/${found.code}`, null, emptyValues(), {});
  });
  app.post('/:lang/feedback/c/:code', { schema: { hide: true } }, async (request: CodeRequest, reply) => {
    const { lang, code } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const found = await lookUpCode(deps.db, code, {
      client: request.actor.kind === 'public' ? request.ip : null,
      now: deps.clock(),
    });
    if (found.state !== 'open' || request.headers['sec-fetch-site'] === 'cross-site')
      return outcome(reply, lang, 'unknown', '/feedback');
    const path = `/feedback/c/${found.code}`;
    const posted = readForm(request.body);
    if (Object.keys(posted.errors).length)
      return formPage(
        reply,
        lang,
        found.form,
        path,
        null,
        posted.values,
        messages(lang, [], posted.errors),
        400,
      );
    const result = await answerByCode(deps.db, found.code, posted.input, {
      client: request.actor.kind === 'public' ? request.ip : null,
      now: deps.clock(),
    });
    return afterAnswer(reply, lang, result, found.form, path, null, posted);
  });

  // ---------------------------------------------------------------- by an emailed link

  app.get(
    '/:lang/feedback/l/:token',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; token: string } }>, reply) => {
      const { lang, token } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      noStore(reply);
      if (/^[A-Za-z0-9_-]{43}$/.test(token))
        setSecretCookie(reply, FEEDBACK_COOKIE, token, deps.publicUrl, 60 * 60);
      return reply.redirect(`/${lang}/feedback/answer`, 303);
    },
  );
  type AnswerRequest = FastifyRequest<{ Params: { lang: string }; Body: Body }>;
  app.get('/:lang/feedback/answer', { schema: { hide: true } }, async (request: AnswerRequest, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const token = request.cookies[FEEDBACK_COOKIE] ?? '';
    const state = await linkForm(deps.db, token, deps.clock());
    if (state.state !== 'open') return outcome(reply, lang, state.state, '/feedback/answer');
    const csrf = linkCsrf(token, 'feedback');
    return formPage(reply, lang, state.form, '/feedback/answer', csrf, emptyValues(), {});
  });
  app.post('/:lang/feedback/answer', { schema: { hide: true } }, async (request: AnswerRequest, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const token = request.cookies[FEEDBACK_COOKIE] ?? '';
    const state = await linkForm(deps.db, token, deps.clock());
    if (state.state !== 'open') return outcome(reply, lang, state.state, '/feedback/answer');
    if (!validLinkCsrf(request, token, 'feedback'))
      return outcome(reply, lang, 'unknown', '/feedback/answer');
    const csrf = linkCsrf(token, 'feedback');
    const posted = readForm(request.body);
    if (Object.keys(posted.errors).length)
      return formPage(
        reply,
        lang,
        state.form,
        '/feedback/answer',
        csrf,
        posted.values,
        messages(lang, [], posted.errors),
        400,
      );
    const result = await answerByLink(deps.db, token, posted.input, deps.clock());
    if (result.ok) clearSecretCookie(reply, FEEDBACK_COOKIE, deps.publicUrl);
    return afterAnswer(reply, lang, result, state.form, '/feedback/answer', csrf, posted);
  });
}
