/**
 * The editor against the real browser-mode server (WebSocket browser Host, files in the server's
 * workspace): edit, save through the host's Save As dialog, reload the token URL, reopen from the
 * editor's Open dialog (listProjectFiles), undo an edit. Complements editor.test.ts (mock host).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { expectNoFailures, screenshot, skipChromium, useAppSession } from './harness';

describe.skipIf(skipChromium())('editor in browser mode (real server)', () => {
  const app = useAppSession({ pageTimeout: 20_000 });
  beforeAll(() => {
    app.page.on('dialog', (d) => void d.accept());
  });

  it('edits, saves to the workspace, reloads and reopens the file', async () => {
    const { page, server } = app;
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    await page.getByTestId('node-fc1').click({ position: { x: 30, y: 12 } });
    await page.getByTestId('param-units').fill('64');
    await page.getByTestId('param-units').blur();
    await expect.poll(() => page.getByTestId('shape-fc1').innerText()).toBe('64');
    await page.getByTestId('dirty-indicator').waitFor();

    await page.getByTestId('btn-save').click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.locator('input').fill('editor-e2e');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('dirty-indicator').count()).toBe(0);
    const file = path.join(server.workspace, 'editor-e2e.netwright.json');
    expect(fs.existsSync(file)).toBe(true);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { graph: { nodes: { id: string; params: { units?: number } }[] } };
    expect(saved.graph.nodes.find((n) => n.id === 'fc1')?.params.units).toBe(64);

    await page.reload();
    await page.getByTestId('node-fc1').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('shape-fc1').innerText()).toBe('120'); // the default document again
    await page.getByTestId('btn-open').click();
    await page.getByTestId('open-file-editor-e2e.netwright.json').click();
    await expect.poll(() => page.getByTestId('shape-fc1').innerText()).toBe('64');
    expect(await page.getByTestId('doc-title').innerText()).toContain('editor-e2e');
    await screenshot(page, 'editor-browser-reopened');

    // An edit after reopening is undoable and marks the document dirty again.
    await page.getByTestId('node-fc1').click({ position: { x: 30, y: 12 } });
    await page.getByTestId('param-units').fill('32');
    await page.getByTestId('param-units').blur();
    await expect.poll(() => page.getByTestId('shape-fc1').innerText()).toBe('32');
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => page.getByTestId('shape-fc1').innerText()).toBe('64');
    expectNoFailures(app);
  });
});
