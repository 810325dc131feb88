/**
 * Import in browser mode (real server, real importer): a LeNet-5 ONNX file exported in the setup goes in
 * through the dialog's file input (bytes, as a browser sends them) after the unsaved-changes prompt, and
 * opens as a new unsaved project: every imported layer on the canvas, the preset's parameter totals in the
 * Summary. A file with an op the catalog lacks is refused by name, then imported without it.
 * Screenshots go to tests/output/e2e/import-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportModelFile } from '../../main/export/index';
import { importModelFile } from '../../main/import/index';
import { formatInt } from '../../renderer/canvas/format';
import { createProject } from '../../shared/format/index';
import { analyzeGraph } from '../../shared/infer/index';
import { buildPreset } from '../../shared/presets/index';
import { hardSwishModel } from '../main/server/import-fixtures';
import { screenshot, screenshotElement, skipChromium, useAppSession } from './harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-e2e-import-'));
const lenetFile = path.join(dir, 'lenet5.onnx');
const hsFile = path.join(dir, 'hardswish.onnx');
const lenetTotals = analyzeGraph(buildPreset('lenet5').graph).totals;
let importedIds: string[] = [];

beforeAll(async () => {
  await exportModelFile(createProject(buildPreset('lenet5').graph, { name: 'LeNet-5' }), 'onnx', { outPath: lenetFile });
  fs.writeFileSync(hsFile, hardSwishModel());
  // The node ids the page must show: what the importer makes of the same file.
  importedIds = (await importModelFile(lenetFile)).project.graph.nodes.map((n) => n.id);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Clicks "Import model…" and answers the unsaved-changes prompt; returns the prompt's text ('' if none). */
async function openImport(page: Page, accept: boolean): Promise<string> {
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void (accept ? d.accept() : d.dismiss());
  });
  await page.getByTestId('btn-import').click();
  return asked;
}

describe.skipIf(skipChromium())('Import model (browser mode)', () => {
  const app = useAppSession({ pageTimeout: 30_000, setupTimeout: 240_000 });

  it('asks before discarding unsaved work, imports LeNet-5 ONNX bytes: every layer on the canvas, the preset’s totals', async () => {
    const { page } = app;
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    // Unsaved work: delete a layer; Cancel at the prompt keeps it and opens nothing.
    await page.getByTestId('node-fc1').click();
    await page.keyboard.press('Delete');
    await page.getByTestId('dirty-indicator').waitFor();
    expect(await openImport(page, false)).toMatch(/Discard unsaved changes/);
    expect(await page.getByTestId('import-dialog').count()).toBe(0);
    expect(await openImport(page, true)).toMatch(/Discard unsaved changes/);
    await page.getByTestId('import-dialog').waitFor();
    // Browser mode: no native picker, a file input.
    expect(await page.getByTestId('btn-import-browse').count()).toBe(0);

    await page.getByTestId('import-file-input').setInputFiles(lenetFile);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-report').innerText()).toMatch(/Imported lenet5\.onnx as a new, unsaved project/);
    expect(await page.getByTestId('import-unsupported').count()).toBe(0);
    await screenshotElement(page, 'import-dialog', 'import-report');
    await page.getByTestId('btn-import-done').click();

    expect(importedIds.length).toBeGreaterThan(5);
    for (const id of importedIds) await page.getByTestId(`node-${id}`).waitFor();
    await page.getByTestId('tab-summary').click();
    expect(await page.getByTestId('total-params').innerText()).toBe(formatInt(lenetTotals.params));
    expect(await page.getByTestId('total-trainable').innerText()).toBe(formatInt(61_706));
    // A new document: unsaved, no file yet.
    await page.getByTestId('dirty-indicator').waitFor();
    await screenshot(page, 'import-lenet5');
    expect(app.server.calls.filter((c) => c.method === 'importModel')).toEqual([{ method: 'importModel', ok: true }]);
  }, 120_000);

  it('names the unsupported op and offers "Import without them"', async () => {
    const { page } = app;
    expect(await openImport(page, true)).toMatch(/Discard unsaved changes/);
    await page.getByTestId('import-file-input').setInputFiles(hsFile);
    await page.getByTestId('import-partial').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-partial').innerText()).toMatch(/act_hs \(HardSwish: /);
    await screenshotElement(page, 'import-dialog', 'import-partial');
    await page.getByTestId('btn-import-partial').click();
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-unsupported').innerText()).toMatch(/act_hs \(HardSwish\)/);
    expect(await page.getByTestId('import-warnings').innerText()).toMatch(/act_hs/);
    await page.getByTestId('btn-import-done').click();
    await page.getByTestId('node-fc2').waitFor();
    expect(await page.getByTestId('node-act_hs').count()).toBe(0);
    // The refusal is the one failed call; everything else succeeded.
    expect(app.server.calls.filter((c) => !c.ok)).toEqual([{ method: 'importModel', ok: false }]);
    expect(app.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 120_000);
});
