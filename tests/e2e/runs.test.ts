/**
 * The Runs tab in browser mode (real server, real engine child): train LeNet-5 twice on 512 MNIST samples
 * with two learning rates, then see both runs listed, overlay their curves, diff them (the learning rate
 * is the one changed setting), export one as ONNX and as PyTorch code (paths shown, files on disk), delete
 * the other after confirming; resume a stopped run of an edited graph, diff it (conv1 filters changed) and
 * open its graph as a new project. Screenshots go to tests/output/e2e/runs-*.png.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoFailures, screenshot, screenshotElement, skipChromium, useAppSession } from './harness';

const rows = (page: Page) => page.locator('[data-testid^="run-row-"]');
const phase = (page: Page) => page.getByTestId('train-phase').getAttribute('data-phase');

async function train(page: Page, lr: string): Promise<void> {
  await page.getByTestId('tab-train').click();
  await expect.poll(() => page.getByTestId('train-shape').innerText(), { timeout: 15_000 }).toMatch(/✓/);
  await page.getByTestId('train-limit').fill('512');
  await page.getByTestId('train-batch').fill('32');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-lr').fill(lr);
  await page.getByTestId('train-start').click();
  await expect.poll(() => phase(page), { timeout: 120_000, interval: 200 }).toBe('done');
}

describe.skipIf(skipChromium())('Runs tab (browser mode)', () => {
  const app = useAppSession({ pageTimeout: 30_000, setupTimeout: 240_000 });

  it('lists two LeNet-5 runs with different learning rates, overlays and diffs them', async () => {
    const { page } = app;
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    await train(page, '0.001');
    await train(page, '0.01');

    await page.getByTestId('tab-runs').click();
    await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBe(2);
    const names = await rows(page).evaluateAll((trs) => trs.map((tr) => (tr.getAttribute('data-testid') ?? '').slice('run-row-'.length)));
    // Newest first: the lr 0.01 run, then lr 0.001.
    expect(names[0]).toMatch(/lr0\.01$/);
    expect(names[1]).toMatch(/lr0\.001$/);
    const first = await rows(page).nth(0).innerText();
    expect(first).toMatch(/done/);
    expect(first).toMatch(/adam · lr 0\.01 · batch 32/);
    expect(first).toMatch(/1\/1/);
    expect(first).toMatch(/\d+\.\d%/); // val / test accuracy filled in
    await screenshot(page, 'runs-list');

    for (const n of names) await page.getByTestId(`run-select-${n}`).click();
    await expect.poll(() => page.getByTestId('runs-legend-item').count()).toBe(2);
    expect(await page.getByTestId('runs-legend').innerText()).toContain(names[0]);
    expect(await page.getByTestId('runs-chart-loss').getAttribute('data-series')).toBe('2');
    // One epoch each: the overlay picks per-batch curves, so each run draws a line.
    expect(await page.getByTestId('runs-granularity').inputValue()).toBe('batch');
    expect(await page.locator('[data-testid="runs-chart-loss"] canvas').count()).toBe(1);
    await screenshotElement(page, 'runs-overlay', 'runs-overlay');

    await page.getByTestId('runs-compare').click();
    await page.getByTestId('runs-diff').waitFor();
    expect(await page.getByTestId('runs-diff-headline').innerText()).toBe('Same graph · 1 setting changed.');
    const changed = page.getByTestId('runs-diff-settings').locator('tr[data-kind="changed"]');
    expect(await changed.count()).toBe(1);
    expect((await changed.innerText()).replace(/\s+/g, ' ')).toBe('optimizer.learningRate 0.001 → 0.01');
    await page.getByTestId('runs-diff-graph-same').waitFor();
    await screenshotElement(page, 'runs-diff', 'runs-diff');
    await screenshot(page, 'runs-compared');
  }, 300_000);

  it('exports a run as ONNX and as PyTorch code (paths shown), deletes the other after confirming', async () => {
    const { page } = app;
    await page.getByTestId('runs-diff-close').click();
    const names = await rows(page).evaluateAll((trs) => trs.map((tr) => (tr.getAttribute('data-testid') ?? '').slice('run-row-'.length)));
    const [keep, drop] = [names[1], names[0]];

    await page.getByTestId(`run-export-${keep}`).click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-format-onnx').check();
    await page.getByTestId('export-ok').click();
    await expect.poll(() => page.getByTestId('export-result').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/\.onnx/);
    expect(await page.getByTestId('export-result').getAttribute('data-kind')).toBe('info');
    const onnxPath = /to (\S+\.onnx)/.exec(await page.getByTestId('export-result').innerText())?.[1] ?? '';
    expect(fs.statSync(onnxPath).size).toBeGreaterThan(200_000); // LeNet-5's 61,706 float32 weights
    await screenshot(page, 'runs-export');
    // Code with the run's training settings: the capability check passes, the host writes the file.
    await page.getByTestId('export-format-pytorch').check();
    await page.getByTestId('export-ok').click();
    await expect.poll(() => page.getByTestId('export-result').innerText(), { timeout: 30_000 }).toMatch(/^Exported the PyTorch code to \S+\.py$/);
    const pyPath = /to (\S+\.py)$/.exec(await page.getByTestId('export-result').innerText())?.[1] ?? '';
    // The kept run trained with lr 0.001, batch 32, 1 epoch on 512 MNIST samples: the script defaults say so.
    expect(fs.readFileSync(pyPath, 'utf8')).toMatch(/DEFAULTS = dict\(data="mnist", epochs=1, batch_size=32, lr=0\.001, seed=42\)/);
    await page.getByTestId('btn-close-dialog').click();

    // The run's folder is the name cell's tooltip.
    const dropDir = (await page.getByTestId(`run-row-${drop}`).locator('td.nw-runs-name').getAttribute('title')) ?? '';
    expect(fs.existsSync(dropDir)).toBe(true);
    await page.getByTestId(`run-delete-${drop}`).click();
    await page.getByTestId('delete-run').waitFor();
    expect(await page.getByTestId('delete-run-text').innerText()).toContain(drop);
    await screenshot(page, 'runs-delete-confirm');
    await page.getByTestId('delete-run-ok').click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(fs.existsSync(dropDir)).toBe(false);
    await page.getByTestId(`run-row-${keep}`).waitFor();
    expect(await page.getByTestId('runs-message-info').innerText()).toBe(`Deleted run ${drop}.`);
    await screenshot(page, 'runs-after-delete');

    expectNoFailures(app);
  }, 120_000);

  it('resumes a stopped run of an edited graph, diffs it against the first run, opens its graph as a new project', async () => {
    const { page } = app;
    // Edit the graph first (conv1: 6 → 8 filters), so this run's snapshot differs from the kept run's.
    await page.getByTestId('node-conv1').click({ position: { x: 30, y: 12 } });
    await page.getByTestId('param-filters').fill('8');
    await page.getByTestId('param-filters').blur();
    await page.getByTestId('dirty-indicator').waitFor();
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-epochs').fill('20');
    await page.getByTestId('train-lr').fill('0.002');
    await page.getByTestId('train-start').click();
    await expect.poll(async () => Number(/(\d+) epoch points/.exec(await page.getByTestId('train-points').innerText().catch(() => ''))?.[1] ?? 0), { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    await page.getByTestId('train-stop').click();
    await expect.poll(() => phase(page), { timeout: 60_000 }).toBe('stopped');

    await page.getByTestId('tab-runs').click();
    const stopped = page.locator('[data-testid^="run-row-"][data-status="stopped"]');
    await stopped.waitFor({ timeout: 15_000 });
    const name = ((await stopped.getAttribute('data-testid')) ?? '').slice('run-row-'.length);
    const done = Number(/epoch (\d+)\/20/.exec(await stopped.innerText())?.[1]);
    expect(done).toBeGreaterThan(0);
    await screenshot(page, 'runs-stopped');
    await page.getByTestId(`run-resume-${name}`).click();
    await page.getByTestId('resume-dialog').waitFor();
    await page.getByTestId('resume-epochs').fill(String(done + 1));
    await screenshot(page, 'runs-resume');
    await page.getByTestId('resume-ok').click();
    // Resuming switches to the Train tab, where the continued run plays out.
    await page.getByTestId('train-panel').waitFor();
    await expect.poll(() => phase(page), { timeout: 90_000, interval: 200 }).toBe('done');
    expect(await page.getByTestId('train-progress').innerText()).toContain(`epoch ${done + 1}/${done + 1}`);

    await page.getByTestId('tab-runs').click();
    const row = page.getByTestId(`run-row-${name}`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    expect(await row.innerText()).toContain(`epoch ${done + 1}/${done + 1}`);
    await page.getByTestId('runs-all-projects').check();
    await expect.poll(() => rows(page).count()).toBe(2);

    // Diff against the kept lr 0.001 run (still selected): the conv1 edit and the learning rate show.
    await page.getByTestId(`run-select-${name}`).click();
    await page.getByTestId('runs-compare').click();
    await page.getByTestId('runs-diff').waitFor();
    const graphLines = (await page.getByTestId('runs-diff-graph-changed').innerText()).replace(/\s+/g, ' ');
    expect(graphLines).toBe('conv1.filters 6 → 8');
    expect((await page.getByTestId('runs-diff-settings').innerText()).replace(/\s+/g, ' ')).toContain('optimizer.learningRate 0.001 → 0.002');
    await screenshotElement(page, 'runs-diff', 'runs-diff-graph');

    // The editor holds unsaved edits, so opening asks first.
    await page.getByTestId(`run-open-${name}`).click();
    await page.getByTestId('open-run').waitFor();
    await page.getByTestId('open-run-ok').click();
    await expect.poll(() => page.getByTestId('runs-message-info').innerText().catch(() => '')).toBe(`Opened the graph of ${name} as a new, unsaved project.`);
    // The opened snapshot is a new, unsaved document (the canvas renders only the nodes in view).
    await page.getByTestId('dirty-indicator').waitFor();
    await page.getByTestId('node-input').waitFor();
    await screenshot(page, 'runs-resumed-opened');
    expectNoFailures(app);
  }, 240_000);
});
