/** The PyTorch engine's description for hosts (Host.detectEngines) and `netwright train --list-devices`. */
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
