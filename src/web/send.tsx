/**
 * How a public or staff page is sent: the whole document in the layout, with the pages'
 * content security policy and language. Route modules import this, never each other.
 */
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { MESSAGES, type Lang } from './i18n.ts';
import { inLang, Layout, type PageMeta } from './layout.tsx';
import { MessagePage } from './pages.tsx';

// Pages are rendered on the server and need no script; the policy says so.
export const CSP =
  "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** The few staff pages that use passkeys load one script file of this site, and nothing else. */
export const CSP_SAME_ORIGIN_SCRIPT = CSP.replace("script-src 'none'", "script-src 'self'");

export function send(
  reply: FastifyReply,
  meta: Omit<PageMeta, 'publicUrl'>,
  publicUrl: string,
  body: ComponentChildren,
  status = 200,
) {
  const html = '<!doctype html>' + render(<Layout meta={{ ...meta, publicUrl }}>{body}</Layout>);
  return reply
    .code(status)
    .header('content-security-policy', CSP)
    .header('content-language', meta.lang)
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The HTML "not found" page, for unknown paths and for groups the reader may not see. */
export function sendNotFound(reply: FastifyReply, lang: Lang, path: string, publicUrl: string) {
  const t = MESSAGES[lang];
  return send(
    reply,
    { lang, title: t.notFound.title, path, noindex: true },
    publicUrl,
    <MessagePage
      title={t.notFound.title}
      text={t.notFound.text}
      links={[
        { href: inLang(lang, '/search'), text: t.notFound.searchLink },
        { href: inLang(lang, ''), text: t.home },
      ]}
    />,
    404,
  );
}
