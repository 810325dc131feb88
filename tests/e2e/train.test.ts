/**
 * Training from the UI in browser mode (real server, real engine child): train LeNet-5 on a 1000-sample
 * MNIST subset, watch chart points arrive, pause, resume, finish and see the confusion matrix; then a second
 * run stopped mid-way. Screenshots of each state go to tests/output/e2e/train-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureE2eBuild } from '../renderer/e2eBuild';
import path from 'node:path';
import { E2E_OUTPUT, launchBrowser, openApp, screenshot, skipChromium, startAppServer, type AppServer } from './harness';

/** The bottom panel scrolls, so the chart and evaluation are captured as element shots too. */
async function shootElement(page: Page, testId: string, name: string): Promise<void> {
  const el = page.getByTestId(testId);
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: path.join(E2E_OUTPUT, `${name}.png`) });
}

const points = async (page: Page) => Number(await page.getByTestId('train-chart').getAttribute('data-points'));
const phase = (page: Page) => page.getByTestId('train-phase').getAttribute('data-phase');

describe.skipIf(skipChromium())('training from the Train tab (browser mode)', () => {
  let browser: Browser;
  let server: AppServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startAppServer({ staticDir: await ensureE2eBuild() });
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, server));
    page.setDefaultTimeout(30_000);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains LeNet-5 on 1000 MNIST samples: live points, pause, resume, confusion matrix', async () => {
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    await page.getByTestId('tab-train').click();
    await expect.poll(() => page.getByTestId('train-shape').innerText(), { timeout: 15_000 }).toMatch(/✓ Input \[28,28,1\] matches MNIST/);
    await page.getByTestId('train-limit').fill('1000');
    await page.getByTestId('train-batch').fill('16');
    await page.getByTestId('train-epochs').fill('2');
    await page.getByTestId('train-start').click();

    await expect.poll(() => points(page).catch(() => 0), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    await page.getByTestId('train-pause').click();
    await expect.poll(() => phase(page)).toBe('paused');
    const frozen = await points(page);
    await page.waitForTimeout(700);
    expect(await points(page)).toBe(frozen); // no batches while paused
    await page.getByTestId('train-progress').waitFor();
    await screenshot(page, 'train-paused');
    await shootElement(page, 'train-chart', 'train-paused-chart');

    await page.getByTestId('train-resume').click();
    await expect.poll(() => phase(page), { timeout: 90_000 }).toBe('done');
    expect(await points(page)).toBeGreaterThan(frozen);
    expect(await page.getByTestId('train-points').innerText()).toMatch(/2 epoch points/);
    await page.getByTestId('confusion-matrix').waitFor();
    expect(await page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('per-class').locator('tbody tr').count()).toBe(10);
    const acc = Number(/([\d.]+)%/.exec(await page.getByTestId('test-accuracy').innerText())?.[1]);
    expect(acc).toBeGreaterThan(30); // 2 epochs on 900 samples learns well above chance (10%)
    expect(await page.getByTestId('train-badge').innerText()).toMatch(/loss \d/);
    await screenshot(page, 'train-done');
    await shootElement(page, 'train-chart', 'train-done-chart');
    await shootElement(page, 'train-eval', 'train-done-eval');
  }, 150_000);

  it('stops a second run mid-way and keeps its recorded points', async () => {
    await page.getByTestId('train-lr').fill('0.01');
    await page.getByTestId('train-epochs').fill('20');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), { timeout: 30_000, interval: 50 }).toBe('running');
    await expect.poll(() => points(page).catch(() => 0), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    await page.getByTestId('train-stop').click();
    await expect.poll(() => phase(page), { timeout: 60_000 }).toBe('stopped');
    expect(await points(page)).toBeGreaterThan(0);
    await screenshot(page, 'train-stopped');
    expect(server.calls.filter((c) => !c.ok)).toEqual([]);
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 120_000);
});
