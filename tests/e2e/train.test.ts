/**
 * Training from the UI in browser mode (real server, real engine child): train LeNet-5 on a 1000-sample
 * MNIST subset, watch chart points and the output-node badge arrive, pause, resume, finish; confusion
 * matrix → click a cell → its samples; the predictions gallery; a conv layer's activation maps. Then a
 * second run: reload the page mid-run (the leave guard asks), reattach with the recorded points, keep
 * following, stop. Screenshots of each state go to tests/output/e2e/train-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { expectNoFailures, peersRequired, screenshot, screenshotElement, skipChromium, useAppSession } from './harness';

const points = async (page: Page) => Number(await page.getByTestId('train-chart').getAttribute('data-points'));
const phase = (page: Page) => page.getByTestId('train-phase').getAttribute('data-phase');

describe.skipIf(skipChromium())('training from the Train tab (browser mode)', () => {
  const app = useAppSession({ pageTimeout: 30_000, setupTimeout: 300_000 });

  it('trains LeNet-5 on 1000 MNIST samples: live points + badge, pause, resume, evaluation drill-down, activations', async () => {
    const { page } = app;
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    await page.getByTestId('tab-train').click();
    await expect.poll(() => page.getByTestId('train-shape').innerText(), { timeout: 15_000 }).toMatch(/✓ Input \[28,28,1\] matches MNIST/);
    // The engines the host detected are listed under More settings.
    await page.getByTestId('train-more').locator('summary').click();
    await expect.poll(() => page.getByTestId('engine-builtin').innerText(), { timeout: 30_000 }).toMatch(/Built-in \(TF\.js\): /);
    await screenshotElement(page, 'train-panel', 'train-settings');
    await page.getByTestId('train-more').locator('summary').click();
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
    // The output node (fc3) carries the live badge (fit the view: the grown Train dock hides the graph's end).
    await page.getByTestId('btn-fit').click();
    expect(await page.getByTestId('node-fc3').getByTestId('output-badge').innerText()).toMatch(/^loss \d+\.\d{3} · acc \d+%$/);
    expect(await page.getByTestId('output-badge').count()).toBe(1);
    await screenshot(page, 'train-paused');
    await screenshotElement(page, 'node-fc3', 'train-badge-node');

    await page.getByTestId('train-resume').click();
    await expect.poll(() => phase(page), { timeout: 120_000 }).toBe('done');
    expect(await points(page)).toBeGreaterThan(frozen);
    expect(await page.getByTestId('train-points').innerText()).toMatch(/2 epoch points/);
    await page.getByTestId('confusion-matrix').waitFor();
    expect(await page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('per-class').locator('tbody tr').count()).toBe(10);
    const acc = Number(/([\d.]+)%/.exec(await page.getByTestId('test-accuracy').innerText())?.[1]);
    expect(acc).toBeGreaterThan(30); // 2 epochs on 900 samples learns well above chance (10%)
    expect(await page.getByTestId('train-badge').innerText()).toMatch(/loss \d/);
    await screenshot(page, 'train-done');
    await screenshotElement(page, 'train-chart', 'train-done-chart');

    // Gallery: misclassified first, thumbnails drawn from the test split.
    const gallery = page.getByTestId('predictions-gallery');
    await expect.poll(() => gallery.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const items = gallery.getByTestId('gallery-item');
    const n = await items.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(48);
    const wrongFlags = await items.evaluateAll((els) => els.map((e) => e.classList.contains('wrong')));
    expect(wrongFlags.indexOf(false) === -1 || !wrongFlags.slice(wrongFlags.indexOf(false)).includes(true)).toBe(true);
    await screenshotElement(page, 'predictions-gallery', 'train-gallery');

    // Click the largest off-diagonal confusion cell → exactly that many samples (up to a page), all misclassified.
    const cells = await page.getByTestId('confusion-matrix').locator('td').evaluateAll((tds) =>
      tds.map((td) => ({ id: td.getAttribute('data-testid') ?? '', v: Number(td.textContent) })),
    );
    const off = cells.filter((c) => {
      const [, i, j] = /cell-(\d+)-(\d+)/.exec(c.id) ?? [];
      return i !== j && c.v > 0;
    });
    const target = off.sort((a, b) => b.v - a.v)[0] ?? cells.find((c) => c.v > 0)!;
    await page.getByTestId(target.id).click();
    const cellSamples = page.getByTestId('cell-samples');
    await expect.poll(() => cellSamples.locator('canvas').count(), { timeout: 30_000 }).toBe(Math.min(48, target.v));
    expect(await cellSamples.innerText()).toMatch(new RegExp(`${target.v} samples?`));
    await screenshotElement(page, 'train-eval', 'train-eval-cell');

    // Layer inspection: the conv layer's activation maps for a test image, from the run's checkpoint.
    await page.getByTestId('node-conv1').click();
    await page.getByTestId('layer-activations').locator('summary').click();
    await expect.poll(async () => (await page.getByTestId('activation-error').count()) ? await page.getByTestId('activation-error').innerText() : (await page.getByTestId('activation-maps').locator('canvas').count()), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('activation-weights').getAttribute('data-weights')).not.toBe('untrained');
    expect(await page.getByTestId('filter-maps').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('activation-thumb').waitFor();
    await screenshot(page, 'train-activations');
    await screenshotElement(page, 'inspector', 'train-activations-inspector');
  }, 300_000);

  it('reattaches after a reload mid-run (the leave guard asks first), keeps following, then stops', async () => {
    const { page } = app;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-lr').fill('0.01');
    await page.getByTestId('train-epochs').fill('20');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), { timeout: 30_000, interval: 50 }).toBe('running');
    await expect.poll(() => points(page).catch(() => 0), { timeout: 60_000, interval: 50 }).toBeGreaterThan(60);
    await screenshot(page, 'train-running');

    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.reload();
    expect(dialogs).toContain('beforeunload');
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    // A crash-recovery prompt may follow the reload; the document is not what this test is about.
    if (await page.getByTestId('btn-discard-recovery').count()) await page.getByTestId('btn-discard-recovery').click();
    await page.getByTestId('tab-train').click();
    await expect.poll(() => page.getByTestId('train-reattach').getAttribute('data-state'), { timeout: 30_000 }).toBe('attached');
    expect(await phase(page)).toBe('running');
    const restored = await points(page);
    expect(restored).toBeGreaterThan(0); // the recorded points came back from the run folder
    await expect.poll(() => points(page), { timeout: 60_000, interval: 100 }).toBeGreaterThan(restored); // and it follows live messages
    expect(await page.getByTestId('train-lr').inputValue()).toBe('0.01'); // settings shown again
    await screenshot(page, 'train-reattached');

    await page.getByTestId('train-stop').click();
    await expect.poll(() => phase(page), { timeout: 60_000 }).toBe('stopped');
    const kept = await points(page);
    expect(kept).toBeGreaterThan(0);
    await screenshot(page, 'train-stopped');

    // Reloading after the run: the window's last run is shown again from its folder (no prompt: nothing runs).
    dialogs.length = 0;
    await page.reload();
    expect(dialogs).toEqual([]);
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    if (await page.getByTestId('btn-discard-recovery').count()) await page.getByTestId('btn-discard-recovery').click();
    await page.getByTestId('tab-train').click();
    await expect.poll(() => page.getByTestId('train-reattach').getAttribute('data-state'), { timeout: 30_000 }).toBe('restored');
    expect(await phase(page)).toBe('stopped');
    expect(await points(page)).toBeGreaterThan(0);
    expectNoFailures(app);
  }, 240_000);

  it('imports an image folder: preview grid, class balance, sizes, skipped files, use it, shape check offers the fix', async () => {
    const { page, server } = app;
    const sharp = (await import('sharp')).default;
    const root = path.join(server.workspace, 'datasets', 'shapes');
    for (const [cls, fill] of [['dark', 40], ['light', 210]] as const) {
      fs.mkdirSync(path.join(root, cls), { recursive: true });
      for (let i = 0; i < 6; i++) {
        const px = Buffer.alloc(16 * 16, fill);
        for (let k = 0; k < 16; k++) px[k * 16 + ((k + i) % 16)] = 255 - fill; // a diagonal stroke per image
        await sharp(px, { raw: { width: 16, height: 16, channels: 1 } }).png().toFile(path.join(root, cls, `${i}.png`));
      }
    }
    fs.writeFileSync(path.join(root, 'light', 'broken.png'), 'not a png');

    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-dataset').selectOption('__import__');
    await page.getByTestId('dataset-path').fill('datasets/shapes');
    await page.getByTestId('dataset-inspect').click();
    await page.getByTestId('dataset-preview').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('dataset-thumbs').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('class-balance').locator('.nw-balance-row').count()).toBe(2);
    expect(await page.getByTestId('class-balance').innerText()).toMatch(/dark\s+6[\s\S]*light\s+6/);
    expect(await page.getByTestId('dataset-skipped').innerText()).toMatch(/1 file skipped/);
    await page.getByTestId('dataset-skipped').locator('summary').click();
    expect(await page.getByTestId('dataset-skipped').innerText()).toMatch(/broken\.png/);
    const sizes = (await page.getByTestId('dataset-sizes').innerText()).match(/\d+/g)!.map(Number);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    await screenshotElement(page, 'dataset-import', 'train-import-preview');

    await page.getByTestId('dataset-use').click();
    await expect.poll(() => page.getByTestId('train-dataset').inputValue()).toMatch(/^path:.*shapes$/);
    // The folder loader decides the channel count from the decoded PNG (1 or 3); the size is the files'.
    await expect.poll(() => page.getByTestId('train-shape').innerText()).toMatch(/samples are \[16,16,[13]\], the Input is \[28,28,1\]/);
    const want = /samples are (\[16,16,[13]\])/.exec(await page.getByTestId('train-shape').innerText())![1];
    await page.getByTestId('train-fix-shape').click();
    await expect.poll(() => page.getByTestId('train-shape').innerText()).toContain(`✓ Input ${want} matches`);
    await screenshot(page, 'train-imported');
    expectNoFailures(app);
  }, 120_000);

  it('trains with the PyTorch engine on a device the host detected', async (ctx) => {
    const { page } = app;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-dataset').selectOption('mnist');
    await page.getByTestId('train-more').locator('summary').click();
    await expect.poll(() => page.getByTestId('engine-pytorch').innerText(), { timeout: 60_000 }).toMatch(/PyTorch: /);
    const pytorch = page.getByTestId('train-engine').locator('option[value="pytorch"]');
    if (await pytorch.isDisabled()) {
      const reason = await page.getByTestId('engine-pytorch').innerText();
      if (!peersRequired()) {
        console.warn(`[skip] PyTorch engine unavailable (${reason}); set NETWRIGHT_REQUIRE_PEERS=1 to make this a failure.`);
        return ctx.skip();
      }
      throw new Error(`PyTorch is required (NETWRIGHT_REQUIRE_PEERS=1) but the host says: ${reason}`);
    }
    await page.getByTestId('train-engine').selectOption('pytorch');
    // The device list is the host's detection (at least the CPU), plus auto.
    const devices = await page.getByTestId('train-device').locator('option').allInnerTexts();
    expect(devices[0]).toMatch(/^auto/);
    expect(devices.length).toBeGreaterThan(1);
    await page.getByTestId('train-device').selectOption('cpu');
    await page.getByTestId('train-fix-shape').click().catch(() => undefined); // the import test may have changed the Input
    await expect.poll(() => page.getByTestId('train-shape').innerText()).toMatch(/✓ Input \[28,28,1\] matches/);
    await page.getByTestId('train-limit').fill('600');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-lr').fill('0.001');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), { timeout: 120_000 }).toBe('done');
    expect(await page.getByTestId('train-phase').locator('xpath=..').innerText()).toMatch(/cpu/i);
    expect(await points(page)).toBeGreaterThan(0);
    await page.getByTestId('confusion-matrix').waitFor();
    expect(await page.getByTestId('train-reattach').count()).toBe(0); // the reload note went away with the new run
    await screenshot(page, 'train-pytorch-done');
    await screenshotElement(page, 'train-eval', 'train-pytorch-eval');
    expectNoFailures(app);
  }, 180_000);
});
