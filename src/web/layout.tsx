import type { ComponentChildren } from 'preact';
import { MY_DATA_TEXTS } from './my-data-texts.ts';
import { LANGS, MESSAGES, type Lang } from './i18n.ts';

export interface PageMeta {
  lang: Lang;
  title: string;
  description?: string;
  /** the path of this page without the language prefix, e.g. `/groups/abc?x=1` */
  path: string;
  publicUrl: string;
  jsonLd?: unknown;
  noindex?: boolean;
}

/** Pages that are the same in every language but not public (the staff workspace) omit canonical links. */
export interface LayoutOptions {
  /** shown in the header after the site name, e.g. the staff workspace's menu */
  header?: ComponentChildren;
  /** no canonical or alternate links: pages behind a sign-in */
  private?: boolean;
  /** same-origin script files (the page's CSP must allow them: script-src 'self') */
  scripts?: readonly string[];
}

/** A link to the same page in another language keeps the path and the query. */
export const inLang = (lang: Lang, path: string) => `/${lang}${path === '/' ? '' : path}`;

/** JSON for a <script> element: "<" escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function Layout({
  meta,
  children,
  options = {},
}: {
  meta: PageMeta;
  children: ComponentChildren;
  options?: LayoutOptions;
}) {
  const t = MESSAGES[meta.lang];
  return (
    <html lang={meta.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} – ${t.siteName}`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        {options.private ? null : (
          <>
            <link rel="canonical" href={`${meta.publicUrl}${inLang(meta.lang, meta.path)}`} />
            {LANGS.map((l) => (
              <link rel="alternate" hreflang={l} href={`${meta.publicUrl}${inLang(l, meta.path)}`} />
            ))}
            <link rel="alternate" hreflang="x-default" href={`${meta.publicUrl}${inLang('fi', meta.path)}`} />
          </>
        )}
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/hds.css" />
        <link rel="stylesheet" href="/assets/site.css" />
        {(options.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
        {meta.jsonLd ? (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(meta.jsonLd) }} />
        ) : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-name" href={inLang(meta.lang, '/')}>
              {t.siteName}
            </a>
            {options.header}
            <nav aria-label={t.languageSwitch} class="lang-switch">
              <ul>
                {LANGS.map((l) => (
                  <li>
                    {l === meta.lang ? (
                      <span aria-current="true" lang={l}>
                        {MESSAGES[l].languageName}
                      </span>
                    ) : (
                      <a href={inLang(l, meta.path)} hreflang={l} lang={l}>
                        {MESSAGES[l].languageName}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} class="container">
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t.footer}</p>
            <ul class="footer-links">
              <li>
                <a href="/api/v1/openapi.json">{t.api}</a>
              </li>
              <li>
                <a href={inLang(meta.lang, '/staff/sign-in')}>{t.staffSignIn}</a>
              </li>
              <li>
                <a href={inLang(meta.lang, '/accessibility')}>{t.accessibilityStatement.link}</a>
              </li>
              <li>
                <a href={inLang(meta.lang, '/my-data')}>{MY_DATA_TEXTS[meta.lang].footerLink}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
