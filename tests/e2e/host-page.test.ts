// The browser Host in a real Chromium, independent of the editor UI: a page bundling only
// renderer/host/browser.ts (esbuild) is served by the browser-mode server, loads its script through the
// token cookie under the server's CSP, and calls the contract over the DOM WebSocket.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { REPO_ROOT } from '../../main/server/static';
import { launchBrowser, screenshot, skipChromium, startAppServer, type AppServer } from './harness';

const PAGE_SCRIPT = `
import { createBrowserHost } from './renderer/host/browser';
const out = document.getElementById('out');
const token = new URL(location.href).searchParams.get('token');
const host = createBrowserHost(location.href, token, { callTimeoutMs: 10000 });
(async () => {
  const datasets = await host.listDatasets();
  const ref = await host.saveProject({ path: 'from-chromium.netwright.json', name: 'x' }, '{"hello":"chromium"}');
  const opened = await host.openProject(ref.path);
  let forbidden = '';
  try { await host.openProject('../../etc/passwd.json'); } catch (e) { forbidden = e.code; }
  out.textContent = JSON.stringify({ datasets: datasets.map((d) => d.id), saved: ref.name, text: opened.text, forbidden });
})().catch((e) => { out.textContent = 'ERROR ' + e.message; });
`;

describe.skipIf(skipChromium())('browser Host in Chromium', () => {
  let browser: Browser;
  let server: AppServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-hostpage-'));
    await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: REPO_ROOT, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: path.join(staticDir, 'assets/page.js'),
      logLevel: 'warning',
    });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>host page</title><pre id="out">loading</pre><script type="module" src="./assets/page.js"></script>');
    server = await startAppServer({ staticDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (staticDir) fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('calls the contract from the page over the WebSocket', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading', null, { timeout: 30_000 });
    const text = (await page.textContent('#out')) ?? '';
    await screenshot(page, 'host-page');
    expect(text.startsWith('ERROR'), text).toBe(false);
    const result = JSON.parse(text);
    expect(result.datasets).toContain('mnist');
    expect(result).toMatchObject({ saved: 'from-chromium.netwright.json', text: '{"hello":"chromium"}', forbidden: 'FORBIDDEN' });
    expect(fs.readFileSync(path.join(server.workspace, 'from-chromium.netwright.json'), 'utf8')).toBe('{"hello":"chromium"}');
    expect(server.calls.map((c) => c.method)).toEqual(['listDatasets', 'saveProject', 'openProject', 'openProject']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
