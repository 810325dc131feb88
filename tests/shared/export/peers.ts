/** External peers for export tests: Debian python3 with torch. Skip when missing, unless CI requires peers. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = process.env.NETWRIGHT_TORCH_PYTHON ?? '/usr/bin/python3';
/** CI sets NETWRIGHT_REQUIRE_PEERS=1: a missing peer must fail instead of skipping. */
export const peersRequired = process.env.NETWRIGHT_REQUIRE_PEERS === '1';

export type Peer = { ok: true } | { ok: false; reason: string };

export function pythonWith(modules: string): Peer {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found (Debian python3)` };
  const probe = spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: `${modules} not importable by ${PYTHON}: ${probe.stderr.trim().split('\n').pop()}` };
  return { ok: true };
}

/** Whether to run a peer-dependent suite (prints why not). Under NETWRIGHT_REQUIRE_PEERS=1 it runs and fails. */
export function shouldRun(what: string, peer: Peer): boolean {
  if (peer.ok || peersRequired) return true;
  console.warn(`skipping ${what} tests: ${peer.reason}`);
  return false;
}

/** For beforeAll: a missing peer fails the suite (reached only when CI requires peers). */
export function assertPeer(what: string, peer: Peer): void {
  if (!peer.ok) throw new Error(`NETWRIGHT_REQUIRE_PEERS=1 but ${what} is missing: ${peer.reason}`);
}
