/**
 * Host.detectEngines: the built-in TF.js engine with the backends that actually initialise in this
 * process (tensorflow native when tfjs-node loads, wasm, cpu), and the PyTorch engine (main/engine-pytorch).
 * The built-in probe runs once per process; the last backend activated is wasm (layer inspection's default).
 */
import type { EngineInfo } from '../../shared/contract/runs';

type Device = EngineInfo['devices'][number];

async function probeBuiltin(): Promise<EngineInfo> {
  const { initBackend } = await import('../engine/backend');
  const devices: Device[] = [];
  const reasons: string[] = [];
  let version: string | null = null;
  // cpu before wasm so wasm stays active afterwards.
  for (const backend of ['tensorflow', 'cpu', 'wasm'] as const) {
    try {
      const info = await initBackend(backend);
      version = `TF.js ${info.tf.version.tfjs}`;
      devices.push({ id: backend, kind: backend, name: info.device });
    } catch (e) {
      reasons.push((e as Error).message);
    }
  }
  // Fastest first, as 'auto' picks them.
  const rank = { tensorflow: 0, wasm: 1, cpu: 2 } as Record<string, number>;
  devices.sort((a, b) => rank[a.id] - rank[b.id]);
  return {
    id: 'builtin',
    available: devices.length > 0,
    reason: devices.length > 0 ? null : `No TF.js backend initialised: ${reasons.join(' ')}`,
    version,
    devices,
  };
}

let builtin: Promise<EngineInfo> | null = null;

/** The built-in engine (probed once per process). */
export function builtinEngineInfo(): Promise<EngineInfo> {
  builtin ??= probeBuiltin().catch((e: unknown) => {
    builtin = null;
    return { id: 'builtin', available: false, reason: `The TF.js engine failed to load: ${(e as Error).message}`, version: null, devices: [] };
  });
  return builtin;
}

/** The PyTorch engine via main/engine-pytorch; a module that fails to load is reported, not thrown. */
export async function pytorchEngine(python?: string): Promise<EngineInfo> {
  try {
    const { pytorchEngineInfo } = await import('../engine-pytorch/index');
    return await pytorchEngineInfo(python);
  } catch (e) {
    return { id: 'pytorch', available: false, reason: `The PyTorch engine failed to load: ${(e as Error).message}`, version: null, devices: [] };
  }
}

export async function detectEngines(): Promise<EngineInfo[]> {
  return Promise.all([builtinEngineInfo(), pytorchEngine()]);
}
