/**
 * Saved window bounds and the "unsaved changes" close flow, as plain logic. Bounds are restored only
 * if they still overlap a display (a monitor may have been unplugged).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Bounds } from './policy';
import { DEFAULT_BOUNDS } from './policy';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Validated saved bounds: sane numbers, at least 100×100 px visible on some display; else defaults. */
export function restoreBounds(saved: unknown, workAreas: Rect[]): Bounds {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_BOUNDS;
  const s = saved as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);
  const [x, y, width, height] = [num(s.x), num(s.y), num(s.width), num(s.height)];
  if (width === null || height === null || width < 400 || height < 300 || width > 20000 || height > 20000) return DEFAULT_BOUNDS;
  if (x === null || y === null) return { width, height };
  const visible = workAreas.some((w) => overlaps({ x, y, width, height }, { x: w.x + 50, y: w.y + 50, width: w.width - 100, height: w.height - 100 }));
  return visible ? { x, y, width, height } : { width, height };
}

export function readBoundsFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function writeBoundsFile(file: string, bounds: Rect & { maximized?: boolean }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(bounds));
}

export type CloseChoice = 'save' | 'discard' | 'cancel';
export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const;

/** What to do when the user asks to close: close now, or ask (the renderer told us it is dirty). */
export function closeAction(state: { dirty: boolean }, forced: boolean): 'close' | 'prompt' {
  return forced || !state.dirty ? 'close' : 'prompt';
}

export function closeChoice(buttonIndex: number): CloseChoice {
  return buttonIndex === 0 ? 'save' : buttonIndex === 1 ? 'discard' : 'cancel';
}

export function closePrompt(title: string): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  return {
    message: `Do you want to save the changes you made to ${title || 'this project'}?`,
    detail: "Your changes will be lost if you don't save them.",
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
  };
}

/** A project file passed on the command line / by the OS file association (first .json argument). */
export function projectPathFromArgv(argv: string[], cwd: string): string | null {
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    if (/\.json$/i.test(a)) return path.resolve(cwd, a);
  }
  return null;
}

/**
 * What closing the window does next. A run still training asks first ("Stop training and quit?"); once
 * confirmed, the unsaved-changes question follows as before.
 */
export type CloseStep = 'close' | 'confirm-training' | 'confirm-unsaved';

export function closeStep(s: { dirty: boolean; runningRuns: number; trainingConfirmed: boolean; forced: boolean }): CloseStep {
  if (s.forced) return 'close';
  if (s.runningRuns > 0 && !s.trainingConfirmed) return 'confirm-training';
  return closeAction(s, false) === 'prompt' ? 'confirm-unsaved' : 'close';
}

export const TRAINING_CLOSE_BUTTONS = ['Stop and quit', 'Cancel'] as const;

export function trainingClosePrompt(runs: number): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  return {
    message: 'Stop training and quit?',
    detail: `${runs === 1 ? 'A training run is' : `${runs} training runs are`} still going. Stopping keeps what was recorded (metrics, the last finished epoch's checkpoint); you can resume it later from the run history.`,
    buttons: [...TRAINING_CLOSE_BUTTONS],
    defaultId: 1,
    cancelId: 1,
  };
}

export function trainingCloseChoice(buttonIndex: number): 'stop' | 'cancel' {
  return buttonIndex === 0 ? 'stop' : 'cancel';
}
