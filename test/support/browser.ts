/**
 * What every browser test needs: Debian's Chromium through playwright-core (never a
 * downloaded browser), the application on a loopback port, axe-core's WCAG 2.1 AA check and
 * its report, a click that waits for the page it leads to, and a staff sign-in.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../src/http/context.ts';
import type { Lang } from '../../src/shared/lang.ts';

/** Debian's chromium package, or the browser CHROMIUM_PATH names. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 AA rules: what the pages promise. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Starts headless Chromium. `localhost` makes the name localhost reach 127.0.0.1 (for tests
 * that need a secure context such as passkeys, or the host name in a link).
 */
export function launchChromium(options: { localhost?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.localhost ? ['--host-resolver-rules=MAP localhost 127.0.0.1'] : []),
    ],
  });
}

/** Starts the application on a free loopback port and returns its base URL, e.g. http://127.0.0.1:41234. */
export async function serve(app: App, hostname: '127.0.0.1' | 'localhost' = '127.0.0.1'): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://${hostname}:${typeof address === 'object' && address ? address.port : 0}`;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The WCAG 2.1 AA violations axe-core finds on the page as it is now. axe is injected as a
 * script: the page's context must let scripts run and bypass the pages' CSP
 * (`browser.newContext({ bypassCSP: true })`).
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (values) => {
    const result = await (
      window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe.run({ runOnly: { type: 'tag', values } });
    return result.violations;
  }, WCAG_21_AA);
}

/** One line per violation, naming where it was found, the rule and the elements. */
export const report = (where: string, violations: AxeViolation[]): string[] =>
  violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );

/** Follows a link or submits a form by clicking, and waits for the page it leads to. */
export async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor(); // names a missing element instead of a load time-out
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

/**
 * Signs a staff member in with the password form (opened unless the page already shows it)
 * and checks that the workspace's start page follows.
 */
export async function signIn(
  page: Page,
  { base, email, password, lang = 'fi' }: { base: string; email: string; password: string; lang?: Lang },
): Promise<void> {
  const form = `/${lang}/staff/sign-in`;
  if (new URL(page.url()).pathname !== form) await page.goto(`${base}${form}`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await click(page, `form[action="${form}"] button[type=submit]`);
  assert.equal(new URL(page.url()).pathname, `/${lang}/staff`, `${email} is signed in`);
}
