// Host.detectEngines: the built-in engine's backends that really initialise here, and the PyTorch engine
// (a peer: /usr/bin/python3 with torch; skipped with a reason when missing unless NETWRIGHT_REQUIRE_PEERS=1).
import { describe, it, expect } from 'vitest';
import { engineInfoSchema } from '../../../shared/contract/runs';
import { defaultCapabilities } from '../../../main/server/wiring';
import { createNodeServices } from '../../../main/server/services';
import { torchPeer } from './helpers';

const torch = torchPeer('the PyTorch engine check');

describe('engine detection', () => {
  it('reports the built-in engine with wasm and cpu devices and the PyTorch engine with its devices', async () => {
    const services = createNodeServices({ workspace: '/tmp', stateDir: '/tmp/nw-engines-state', emit: () => undefined, ...(await defaultCapabilities()) });
    const engines = await services.detectEngines();
    expect(engines.map((e) => e.id)).toEqual(['builtin', 'pytorch']);
    for (const e of engines) expect(engineInfoSchema.parse(e)).toEqual(e);
    const builtin = engines[0];
    expect(builtin.available).toBe(true);
    expect(builtin.version).toMatch(/^TF\.js 4\.\d+\.\d+$/);
    const ids = builtin.devices.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(ids.at(-1)).toBe('cpu');
    expect(builtin.devices.find((d) => d.id === 'wasm')?.name).toMatch(/wasm/);
    const pytorch = engines[1];
    if (torch) {
      expect(pytorch.reason).toBeNull();
      expect(pytorch.available).toBe(true);
      expect(pytorch.version).toMatch(/^PyTorch \d/);
      expect(pytorch.devices.at(-1)).toMatchObject({ id: 'cpu', kind: 'cpu' });
    } else {
      expect(pytorch.available).toBe(false);
      expect(pytorch.reason).toMatch(/\S/);
    }
  }, 120_000);
});
