/** Engine descriptions for hosts (Host.detectEngines) and `netwright train --list-devices`. */
import type { EngineInfo } from '../../shared/contract/runs';
import { detectPytorch } from './detect';

/** The PyTorch engine as an EngineInfo: version line, devices, or why it is unavailable. */
export async function pytorchEngineInfo(python?: string): Promise<EngineInfo> {
  const info = await detectPytorch(python);
  return {
    id: 'pytorch',
    available: info.available,
    reason: info.reason,
    version: info.available ? `PyTorch ${info.torchVersion}${info.cudaVersion ? ` (CUDA ${info.cudaVersion})` : ''} — Python ${info.pythonVersion} at ${info.python}` : null,
    devices: info.devices.map((d) => ({ id: d.id, kind: d.kind, name: d.name })),
  };
}

/**
 * The built-in TF.js engine: the backend 'auto' picks on this machine (initialised in this process, as the
 * training child would), plus the plain cpu backend every install has.
 */
export async function builtinEngineInfo(): Promise<EngineInfo> {
  const { initBackend } = await import('../engine/backend');
  try {
    const b = await initBackend('auto');
    const devices: EngineInfo['devices'] = [{ id: b.backend, kind: b.backend as 'tensorflow' | 'wasm' | 'cpu', name: b.device }];
    if (b.backend !== 'cpu') devices.push({ id: 'cpu', kind: 'cpu', name: 'TF.js cpu backend (plain JavaScript — slow)' });
    return { id: 'builtin', available: true, reason: null, version: `TF.js ${b.tf.version.tfjs}`, devices };
  } catch (e) {
    return { id: 'builtin', available: false, reason: (e as Error).message, version: null, devices: [] };
  }
}

/** Both engines, built-in first (what Host.detectEngines answers). */
export async function detectEngines(opts: { python?: string } = {}): Promise<EngineInfo[]> {
  return [await builtinEngineInfo(), await pytorchEngineInfo(opts.python)];
}
