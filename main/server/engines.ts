/**
 * Host.detectEngines: the built-in TF.js engine's backends as installed (main/engine/info.ts, without
 * loading TF.js, so the host's global backend never switches) and the PyTorch engine (main/engine-pytorch).
 */
import type { EngineInfo } from '../../shared/contract/runs';
import { builtinEngineInfo } from '../engine/info';

/** The PyTorch engine via main/engine-pytorch; a module that fails to load is reported, not thrown. */
export async function pytorchEngine(python?: string): Promise<EngineInfo> {
  try {
    const { pytorchEngineInfo } = await import('../engine-pytorch/index');
    return await pytorchEngineInfo(python);
  } catch (e) {
    return { id: 'pytorch', available: false, reason: `The PyTorch engine failed to load: ${(e as Error).message}`, version: null, devices: [] };
  }
}

/** Both engines, built-in first: Host.detectEngines and `netwright train --list-devices` (with its --python). */
export async function detectEngines(python?: string): Promise<EngineInfo[]> {
  return Promise.all([builtinEngineInfo(), pytorchEngine(python)]);
}
