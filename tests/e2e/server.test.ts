// Browser mode in a real Chromium: the token URL loads the editor, which talks to the server over the
// WebSocket; without the token nothing is served.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot, skipChromium, startAppServer, type AppServer } from './harness';

describe.skipIf(skipChromium())('browser mode in Chromium', () => {
  let browser: Browser;
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the editor through the token URL and talks to the server', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.getByTestId('canvas').waitFor({ timeout: 60_000 });
    // The embedded default (LeNet-5) is on the canvas.
    await page.locator('[data-testid^="node-"]').first().waitFor({ timeout: 30_000 });
    // Datasets come from the server (main/datasets), not from the page.
    await page.locator('[data-testid="dataset-select"] option[value="mnist"]').waitFor({ state: 'attached', timeout: 15_000 });
    const until = Date.now() + 20_000;
    while (!server.calls.some((c) => c.method === 'listDatasets') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(server.calls.find((c) => c.method === 'listDatasets'), JSON.stringify(server.calls)).toEqual({ method: 'listDatasets', ok: true });
    await screenshot(page, 'browser-mode-loaded');

    // Save As goes through the browser Host's in-page dialog and lands in the server's workspace.
    await page.getByTestId('btn-save-as').click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    await dialog.locator('input').fill('e2e-lenet');
    await screenshot(page, 'browser-mode-save-as');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const file = path.join(server.workspace, 'e2e-lenet.netwright.json');
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toBeTypeOf('object');
    expect(server.calls.filter((c) => c.method === 'saveProject').every((c) => c.ok)).toBe(true);
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    await page.close();
  });

  it('serves nothing without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(res?.status()).toBe(401);
    expect(await page.content()).toContain('Unauthorized');
    await page.close();
  });

  it('a page from another origin cannot open the WebSocket even with the token', async () => {
    const page = await browser.newPage();
    await page.goto('about:blank');
    const outcome = await page.evaluate(async (url) => {
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    }, `ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
    expect(outcome).toBe('refused');
    await page.close();
  });
});
