// Dataset calls through the host services: imported datasets under <workspace>/datasets/ are listed,
// paths are confined to the workspace unless the user picked them in the native dialog.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeServices, type NodeServices } from '../../../main/server/services';
import { defaultCapabilities } from '../../../main/server/wiring';
import { RpcError } from '../../../shared/contract/rpc';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-ds-host-'));
const workspace = path.join(tmp, 'ws');
const outside = path.join(tmp, 'outside.csv');
let picked: string | null = null;
let services: NodeServices;
beforeAll(async () => {
  fs.mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  const rows = 'x,y,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2}`).join('\n') + '\n';
  fs.writeFileSync(path.join(workspace, 'datasets', 'parity.csv'), rows);
  fs.writeFileSync(outside, rows);
  services = createNodeServices({
    workspace,
    stateDir: path.join(tmp, 'state'),
    emit: () => undefined,
    dialogs: { chooseOpen: async () => null, chooseSave: async () => null, chooseDataset: async () => picked },
    ...(await defaultCapabilities()),
  });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const code = (e: unknown) => (e instanceof RpcError ? e.code : String(e));

describe('dataset host calls', () => {
  it('lists the built-ins plus what loads from <workspace>/datasets/', async () => {
    const list = await services.listDatasets();
    expect(list.map((d) => d.id)).toEqual(expect.arrayContaining(['mnist', `path:${fs.realpathSync(path.join(workspace, 'datasets', 'parity.csv'))}`]));
  });

  it('refuses dataset paths outside the workspace until the user picks them; dataset errors are BAD_ARGS', async () => {
    expect(code(await services.inspectDataset(outside).catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(code(await services.datasetSamples({ dataset: { id: `path:${outside}`, validationSplit: 0.1 }, seed: 1, split: 'train', indices: [0] }).catch((e: unknown) => e))).toBe('FORBIDDEN');
    picked = null;
    expect(await services.chooseDataset()).toBeNull();
    picked = outside;
    expect(await services.chooseDataset()).toBe(outside);
    const { info } = await services.inspectDataset(outside);
    expect(info).toMatchObject({ kind: 'tabular', classNames: ['0', '1'] });
    const err = await services.datasetSamples({ dataset: { id: `path:${outside}`, validationSplit: 0.1 }, seed: 1, split: 'train', indices: [0] }).catch((e: unknown) => e);
    expect(code(err)).toBe('BAD_ARGS');
    expect((err as Error).message).toMatch(/not images/);
    expect(code(await services.inspectDataset('datasets/missing').catch((e: unknown) => e))).toBe('BAD_ARGS');
  });

  it('without a native dialog, chooseDataset says to type the path', async () => {
    const plain = createNodeServices({ workspace, stateDir: path.join(tmp, 'state2'), emit: () => undefined });
    const err = await plain.chooseDataset().catch((e: unknown) => e);
    expect(code(err)).toBe('NOT_AVAILABLE');
    expect((err as Error).message).toMatch(/type the folder path/);
    expect(code(await plain.detectEngines().catch((e: unknown) => e))).toBe('NOT_AVAILABLE');
  });
});
