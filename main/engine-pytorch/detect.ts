/**
 * Finds a Python interpreter that imports torch and reports what it can train on. Candidates, first match
 * wins: an explicit path (only that one), else $NETWRIGHT_PYTHON, /usr/bin/python3, then python3 and python
 * on PATH. Each interpreter is probed once per process (torch's import takes seconds).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';

export interface PytorchDevice {
  /** What to pass as `device`: 'cuda:0', 'mps', 'cpu'. */
  id: string;
  kind: 'cuda' | 'mps' | 'cpu';
  /** 'NVIDIA H100 80GB HBM3 (79.1 GiB)', 'Apple GPU (MPS)', 'CPU (2 cores)'. */
  name: string;
  /** GPU memory (CUDA only). */
  memoryBytes?: number;
}

export interface PytorchInfo {
  available: boolean;
  /** Why not available and what to install; null when available. */
  reason: string | null;
  /** Absolute path of the interpreter that has torch (or the one asked for). */
  python: string | null;
  pythonVersion: string | null;
  torchVersion: string | null;
  /** CUDA version torch was built with, null for CPU-only builds. */
  cudaVersion: string | null;
  /** CUDA GPUs, then MPS, then the CPU (always last when available). */
  devices: PytorchDevice[];
  /** Every interpreter looked at, with what was wrong with it (empty problem = the chosen one). */
  tried: { python: string; problem: string }[];
}

/** Printed as one JSON line by the interpreter under test; never raises. */
const PROBE_PY = `
import json, os, sys
out = {"python": sys.version.split()[0], "executable": sys.executable}
try:
    import numpy
    out["numpy"] = numpy.__version__
except Exception as e:
    out["numpyError"] = "%s: %s" % (type(e).__name__, e)
try:
    import torch
except Exception as e:
    out["torchError"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))
    sys.exit(0)
out["torch"] = torch.__version__
out["cudaVersion"] = torch.version.cuda
gpus = []
try:
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            gpus.append({"index": i, "name": p.name, "memory": p.total_memory})
except Exception as e:
    out["cudaError"] = "%s: %s" % (type(e).__name__, e)
out["cuda"] = gpus
mps = getattr(torch.backends, "mps", None)
out["mps"] = bool(mps is not None and mps.is_available())
try:
    out["cores"] = len(os.sched_getaffinity(0))
except AttributeError:
    out["cores"] = os.cpu_count() or 1
print(json.dumps(out))
`;

interface ProbeResult {
  python?: string;
  numpy?: string;
  numpyError?: string;
  torch?: string;
  torchError?: string;
  cudaVersion?: string | null;
  cuda?: { index: number; name: string; memory: number }[];
  cudaError?: string;
  mps?: boolean;
  cores?: number;
}

const INSTALL_HINT =
  "Install PyTorch for that Python ('pip install torch numpy', see https://pytorch.org/get-started; on Debian/Ubuntu " +
  "'sudo apt-get install python3-torch'), or point Netwright at an interpreter that has it (--python PATH or NETWRIGHT_PYTHON).";

const cache = new Map<string, Promise<ProbeResult | { failed: string }>>();

/** Forgets probed interpreters (tests; after the user installed torch). */
export function clearPytorchCache(): void {
  cache.clear();
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A bare command name looked up on PATH (as the shell would), or null. */
function onPath(name: string): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

function probe(python: string): Promise<ProbeResult | { failed: string }> {
  let p = cache.get(python);
  if (!p) {
    p = new Promise((resolve) => {
      execFile(python, ['-c', PROBE_PY], { timeout: 120_000, maxBuffer: 1 << 20, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as ProbeResult);
        } catch {
          const why = err ? (err.killed ? 'timed out after 120 s' : err.message.split('\n')[0]) : 'printed no result';
          const tail = stderr.trim().split('\n').slice(-3).join(' | ');
          resolve({ failed: `could not run it (${why})${tail ? `: ${tail}` : ''}` });
        }
      });
    });
    cache.set(python, p);
  }
  return p;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

function devicesOf(r: ProbeResult): PytorchDevice[] {
  const out: PytorchDevice[] = (r.cuda ?? []).map((g) => ({ id: `cuda:${g.index}`, kind: 'cuda', name: `${g.name} (${gib(g.memory)})`, memoryBytes: g.memory }));
  if (r.mps) out.push({ id: 'mps', kind: 'mps', name: 'Apple GPU (MPS)' });
  const cores = r.cores ?? 1;
  out.push({ id: 'cpu', kind: 'cpu', name: `CPU (${cores} core${cores === 1 ? '' : 's'})` });
  return out;
}

/** The interpreters to try, as absolute paths where they resolve (label = how the user would name it). */
function candidates(explicit: string | undefined): { label: string; file: string | null }[] {
  const resolve = (p: string) => (p.includes('/') || p.includes('\\') ? (existsSync(p) ? path.resolve(p) : null) : onPath(p));
  if (explicit) return [{ label: explicit, file: resolve(explicit) }];
  const names = [process.env.NETWRIGHT_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter((n): n is string => Boolean(n));
  const seen = new Set<string>();
  const out: { label: string; file: string | null }[] = [];
  for (const label of names) {
    const file = resolve(label);
    if (file && seen.has(file)) continue;
    if (file) seen.add(file);
    out.push({ label, file });
  }
  return out;
}

/**
 * Detects PyTorch. With `python` only that interpreter is considered; without it the first candidate that
 * imports torch and numpy wins. Never throws: a missing Python or torch gives available:false with a reason.
 */
export async function detectPytorch(python?: string): Promise<PytorchInfo> {
  const tried: PytorchInfo['tried'] = [];
  let firstPython: { file: string; version: string | null } | null = null;
  for (const c of candidates(python)) {
    const named = c.file && c.file !== c.label ? `${c.label} (${c.file})` : c.label;
    if (!c.file) {
      tried.push({ python: c.label, problem: python ? 'not found (no such file)' : 'not found' });
      continue;
    }
    const r = await probe(c.file);
    if ('failed' in r) {
      tried.push({ python: named, problem: r.failed });
      continue;
    }
    firstPython ??= { file: c.file, version: r.python ?? null };
    if (!r.torch) {
      tried.push({ python: named, problem: `cannot import torch (${r.torchError ?? 'unknown error'})` });
      continue;
    }
    if (!r.numpy) {
      tried.push({ python: named, problem: `has torch ${r.torch} but cannot import numpy (${r.numpyError ?? 'unknown error'})` });
      continue;
    }
    tried.push({ python: named, problem: '' });
    return {
      available: true,
      reason: null,
      python: c.file,
      pythonVersion: r.python ?? null,
      torchVersion: r.torch,
      cudaVersion: r.cudaVersion ?? null,
      devices: devicesOf(r),
      tried,
    };
  }
  const list = tried.map((t) => `${t.python}: ${t.problem}`).join('; ');
  const what = python ? `The Python interpreter '${python}' cannot run the PyTorch engine` : 'No Python with PyTorch was found';
  const hint = firstPython ? INSTALL_HINT : `Install Python 3 with PyTorch, or pass the interpreter's full path. ${INSTALL_HINT}`;
  return {
    available: false,
    reason: `${what} (${list}). ${hint}`,
    python: firstPython?.file ?? null,
    pythonVersion: firstPython?.version ?? null,
    torchVersion: null,
    cudaVersion: null,
    devices: [],
    tried,
  };
}
