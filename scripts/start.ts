/**
 * `npm start`: the desktop app on its embedded default project. Where Electron cannot start (binary not
 * installed — it cannot be downloaded everywhere — or no display), say why in one line and serve browser
 * mode instead, printing the URL, so the same command works on every machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable if installed, else null — without require('electron'), which would try to download it. */
export function electronBinary(rootDir = root): string | null {
  const pkg = path.join(rootDir, 'node_modules/electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return fs.existsSync(p) ? p : null;
  }
  try {
    const rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const exe = path.join(pkg, 'dist', rel);
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** Why Electron cannot start here, or null when it can. */
export function electronBlocker(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, binary = electronBinary()): string | null {
  if (env.NETWRIGHT_BROWSER_MODE === '1') return 'NETWRIGHT_BROWSER_MODE=1 is set';
  if (!binary) return 'the Electron binary is not installed (node_modules/electron/dist is missing and could not be downloaded)';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  return null;
}

async function ensureBuilt(): Promise<void> {
  const { rendererStale, buildRenderer } = await import('../main/server/static');
  if (rendererStale()) await buildRenderer((l) => console.log(l));
  const mainJs = path.join(root, 'dist/electron/main.js');
  const sources = ['electron', 'main/server', 'shared/contract'].map((d) => path.join(root, d));
  const newest = Math.max(...sources.flatMap((d) => fs.readdirSync(d).map((f) => fs.statSync(path.join(d, f)).mtimeMs)));
  if (!fs.existsSync(mainJs) || fs.statSync(mainJs).mtimeMs < newest) {
    const { buildElectron } = await import('./build-electron');
    await buildElectron();
  }
}

async function browserMode(reason: string): Promise<void> {
  console.log(`Electron cannot start here: ${reason}; starting browser mode instead.`);
  const { startServer } = await import('../main/server/server');
  const { rendererStale, buildRenderer } = await import('../main/server/static');
  // A build older than the sources would show yesterday's editor.
  if (rendererStale()) await buildRenderer((l) => console.log(l));
  const port = process.env.NETWRIGHT_PORT ? Number(process.env.NETWRIGHT_PORT) : undefined;
  const server = await startServer({ port, workspace: process.env.NETWRIGHT_WORKSPACE, log: (l) => console.log(l) });
  console.log(`Netwright is running in browser mode (workspace: ${server.workspace}).`);
  console.log(`Open: ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const binary = electronBinary();
  const blocker = electronBlocker(process.env, process.platform, binary);
  if (blocker) return browserMode(blocker);
  await ensureBuilt();
  const child = spawn(binary!, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('error', (e) => void browserMode(`Electron failed to launch (${e.message})`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
