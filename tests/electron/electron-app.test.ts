// The desktop app itself, driven by Playwright's Electron support: same scenario as the browser-mode
// spec (editor loads on the embedded default and talks to its host) plus the security settings as the
// running app reports them. Needs an Electron binary, which cannot be downloaded here: this is the one
// peer that skips (with the reason) even in CI.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronBinary, electronBlocker } from '../../scripts/start';
import { REPO_ROOT, rendererBuilt, buildRenderer } from '../../main/server/static';
import { buildElectron } from '../../scripts/build-electron';
import { HOST_CALLS } from '../../shared/contract/host';

const binary = electronBinary();
const blocker = electronBlocker(process.env, process.platform, binary);
if (blocker) console.warn(`[skip] Electron app test: ${blocker}.`);

describe.skipIf(blocker !== null)('Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  beforeAll(async () => {
    if (!rendererBuilt()) await buildRenderer();
    await buildElectron();
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-electron-'));
    app = await _electron.launch({ executablePath: binary!, args: [REPO_ROOT, `--user-data-dir=${userData}`] });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('opens the editor on the embedded default from app://', async () => {
    expect(page.url()).toBe('app://netwright/index.html');
    await page.getByTestId('canvas').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid^="node-"]').first().waitFor({ timeout: 30_000 });
    fs.mkdirSync(path.join(REPO_ROOT, 'tests/output/e2e'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'tests/output/e2e/electron-loaded.png') });
  });

  it('gives the page no Node and exposes only the Host bridge', async () => {
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { netwright: object }).netwright).sort(),
    }));
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
    expect(seen.bridge).toEqual([...HOST_CALLS, 'onMenuCommand', 'onTrainingMessage'].sort());
  });

  it('blocks navigation away from the app', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://netwright/index.html');
  });
});
