/**
 * Which files a host call may touch. Project paths come from an untrusted renderer (or a browser tab), so
 * they are resolved against the workspace, must name a .json file, and must stay inside an allowed root
 * after following symlinks — no `../`, no absolute paths elsewhere, no symlink escapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RpcError } from '../../shared/contract/rpc';

export interface PathPolicy {
  /** Relative paths resolve here; it is always an allowed root. */
  workspace: string;
  /** Further allowed roots (Electron: the home folder). */
  roots?: string[];
  /** Exact files the user picked in a native dialog (allowed anywhere). */
  picked?: Set<string>;
}

function realpathOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolves the real location a path would read/write: the file itself if it exists, else its folder + name. */
function realTarget(abs: string): string | null {
  const real = realpathOrNull(abs);
  if (real) return real;
  const dir = realpathOrNull(path.dirname(abs));
  return dir ? path.join(dir, path.basename(abs)) : null;
}

/** Returns the absolute real path for a project file, or throws FORBIDDEN / BAD_ARGS with the reason. */
export function resolveProjectPath(input: string, policy: PathPolicy): string {
  const abs = path.resolve(policy.workspace, input);
  if (!/\.json$/i.test(abs)) {
    throw new RpcError('FORBIDDEN', `Project files must end in .json (.netwright.json): '${input}'.`);
  }
  const pickedOk = () => policy.picked?.has(abs) || (target !== null && policy.picked?.has(target));
  const lexicalRoots = [policy.workspace, ...(policy.roots ?? [])].map((r) => path.resolve(r));
  // Refuse outside paths before touching the disk, so errors do not reveal what exists elsewhere.
  let target: string | null = null;
  if (!pickedOk() && !lexicalRoots.some((r) => isInside(r, abs))) {
    throw new RpcError('FORBIDDEN', `Path is outside the workspace (${policy.workspace}): '${input}'.`);
  }
  target = realTarget(abs);
  if (!target) throw new RpcError('BAD_ARGS', `Folder does not exist: '${path.dirname(abs)}'.`);
  if (pickedOk()) return target;
  const roots = lexicalRoots.map((r) => realpathOrNull(r)).filter((r): r is string => !!r);
  if (!roots.some((r) => isInside(r, target!))) {
    throw new RpcError('FORBIDDEN', `Path is outside the workspace (${policy.workspace}): '${input}'.`);
  }
  return target;
}

/**
 * A folder the page names (training run dir, dataset folder): relative to `base`, and inside an allowed
 * root once symlinks are followed (the nearest existing ancestor is checked for folders not made yet).
 */
export function resolveFolderPath(input: string, base: string, policy: PathPolicy): string {
  const abs = path.resolve(base, input);
  let probe = abs;
  let rest = '';
  let real = realpathOrNull(probe);
  while (!real) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    rest = path.join(path.basename(probe), rest);
    probe = parent;
    real = realpathOrNull(probe);
  }
  if (!real) throw new RpcError('BAD_ARGS', `Folder cannot be resolved: '${input}'.`);
  const target = rest ? path.join(real, rest) : real;
  // A folder or file the user picked in a native dialog (dataset chooser) is allowed with what it holds.
  const picked = [...(policy.picked ?? [])].flatMap((p) => [p, realpathOrNull(p)]).filter((p): p is string => !!p);
  if (picked.some((p) => isInside(p, abs) || isInside(p, target))) return target;
  const roots = [policy.workspace, ...(policy.roots ?? [])].map((r) => realpathOrNull(r)).filter((r): r is string => !!r);
  if (!roots.some((r) => isInside(r, target))) {
    throw new RpcError('FORBIDDEN', `Folder is outside the workspace (${policy.workspace}): '${input}'.`);
  }
  return target;
}
