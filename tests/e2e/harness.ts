/**
 * Shared helpers for end-to-end tests: Debian's Chromium through playwright-core (never downloads a
 * browser), the browser-mode server on a temp workspace, and the peer policy — a missing Chromium skips
 * with a printed reason, except under NETWRIGHT_REQUIRE_PEERS=1 (CI) where it fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../main/server/server';
import { REPO_ROOT } from '../../main/server/static';
import { ensureE2eBuild } from '../renderer/e2eBuild';

export const CHROMIUM_PATH = process.env.NETWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
export const E2E_OUTPUT = path.join(REPO_ROOT, 'tests/output/e2e');
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const peersRequired = (): boolean => process.env.NETWRIGHT_REQUIRE_PEERS === '1';

export function chromiumAvailable(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when a test needing `peer` should be skipped: prints the reason. Under NETWRIGHT_REQUIRE_PEERS=1
 * it returns false so the test runs and fails on the missing peer (use assertPeer in beforeAll).
 */
export function skipWithoutPeer(peer: string, available: boolean, hint: string): boolean {
  if (available) return false;
  if (peersRequired()) return false;
  console.warn(`[skip] ${peer} is not available (${hint}); set NETWRIGHT_REQUIRE_PEERS=1 to make this a failure.`);
  return true;
}

export function assertPeer(peer: string, available: boolean, hint: string): void {
  if (!available) throw new Error(`${peer} is required (NETWRIGHT_REQUIRE_PEERS=1) but not available: ${hint}`);
}

/** Skip flag for Chromium-based suites: `describe.skipIf(skipChromium)(...)`. */
export const skipChromium = (): boolean => skipWithoutPeer('Chromium', chromiumAvailable(), `no executable at ${CHROMIUM_PATH}; apt-get install chromium`);

export async function launchBrowser(): Promise<Browser> {
  assertPeer('Chromium', chromiumAvailable(), `no executable at ${CHROMIUM_PATH}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

export interface AppServer extends RunningServer {
  /** Every contract call the page made, in order. */
  calls: { method: string; ok: boolean }[];
  stateDir: string;
}

/** startServer on a fresh temp workspace + state folder (removed on close); builds the renderer if needed. */
export async function startAppServer(options: Partial<ServerOptions> = {}): Promise<AppServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-e2e-'));
  const calls: { method: string; ok: boolean }[] = [];
  const stateDir = path.join(dir, 'state');
  const server = await startServer({
    workspace: path.join(dir, 'workspace'),
    stateDir,
    log: (l) => console.log(l),
    onCall: (method, ok) => calls.push({ method, ok }),
    ...options,
  });
  const close = server.close;
  return Object.assign(server, {
    calls,
    stateDir,
    close: async () => {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Opens the app's token URL; collects page errors so tests can assert there were none. */
export async function openApp(browser: Browser, server: RunningServer, query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Code run through tsx (esbuild keepNames) calls __name inside functions passed to page.evaluate.
  await page.addInitScript('globalThis.__name = (f) => f;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // Failed requests are reported below with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(server.url + query);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(E2E_OUTPUT, { recursive: true });
  const file = path.join(E2E_OUTPUT, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A shot of one element (the first with that test id), scrolled into view: the bottom panel scrolls. */
export async function screenshotElement(page: Page, testId: string, name: string): Promise<void> {
  fs.mkdirSync(E2E_OUTPUT, { recursive: true });
  const el = page.getByTestId(testId).first();
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: path.join(E2E_OUTPUT, `${name}.png`) });
}

/** The server, browser and app page one browser-mode suite shares across its tests. */
export interface AppSession {
  server: AppServer;
  browser: Browser;
  page: Page;
  /** Page errors and failed requests, as openApp collects them. */
  errors: string[];
}

/**
 * Call inside a describe: beforeAll starts the server on the current renderer sources (not whatever
 * dist/renderer holds), Chromium and the app page; afterAll closes them. The fields are set before the
 * suite's first test.
 */
export function useAppSession(options: { pageTimeout: number; setupTimeout?: number }): AppSession {
  const session = {} as AppSession;
  beforeAll(async () => {
    session.server = await startAppServer({ staticDir: await ensureE2eBuild() });
    session.browser = await launchBrowser();
    Object.assign(session, await openApp(session.browser, session.server));
    session.page.setDefaultTimeout(options.pageTimeout);
  }, options.setupTimeout);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** Every contract call the page made succeeded, and the page reported no error (favicon requests aside). */
export function expectNoFailures({ server, errors }: AppSession): void {
  expect(server.calls.filter((c) => !c.ok)).toEqual([]);
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
}
