/**
 * Undo/redo over document commands, tldraw-style: each entry is the list of commands of one user
 * gesture plus their inverses. Between beginGesture() and endGesture() every executed command joins one
 * entry, so a whole drag (dozens of moveNodes) is undone in one step.
 */
import { applyCommand, describeCommand, type Command } from './commands';
import type { GraphData } from './types';

interface Entry {
  label: string;
  commands: Command[];
  inverses: Command[];
}

export interface HistoryOptions {
  /** Oldest entries are dropped beyond this many (default 500). */
  limit?: number;
}

export class History {
  private current: GraphData;
  private readonly undoStack: Entry[] = [];
  private redoStack: Entry[] = [];
  private open: Entry | null = null;
  private depth = 0;
  private readonly limit: number;

  constructor(graph: GraphData, options: HistoryOptions = {}) {
    this.current = graph;
    this.limit = Math.max(1, options.limit ?? 500);
  }

  get graph(): GraphData {
    return this.current;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0 || (this.open !== null && this.open.commands.length > 0);
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0 && this.open === null;
  }

  /** Label of the entry undo() would revert ("Move", "Add Conv2D"), or null. */
  get undoLabel(): string | null {
    if (this.open && this.open.commands.length) return this.open.label;
    return this.undoStack.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.label ?? null;
  }

  /** Applies `cmd`; throws (leaving the document unchanged) if the command is invalid. */
  execute(cmd: Command): GraphData {
    const { graph, inverse } = applyCommand(this.current, cmd);
    this.current = graph;
    this.redoStack = [];
    if (this.open) {
      if (this.open.commands.length === 0 && this.open.label === '') this.open.label = describeCommand(cmd);
      this.open.commands.push(cmd);
      this.open.inverses.push(inverse);
    } else {
      this.push({ label: describeCommand(cmd), commands: [cmd], inverses: [inverse] });
    }
    return graph;
  }

  /** Starts a gesture; nested begin/end pairs are allowed (only the outermost pair makes the entry). */
  beginGesture(label = ''): void {
    if (this.depth++ === 0) this.open = { label, commands: [], inverses: [] };
  }

  endGesture(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0) return;
    const entry = this.open;
    this.open = null;
    if (entry && entry.commands.length > 0) this.push(entry);
  }

  /** Reverts the last entry (closing an open gesture first). Returns the new graph. */
  undo(): GraphData {
    this.closeGesture();
    const entry = this.undoStack.pop();
    if (!entry) return this.current;
    let g = this.current;
    try {
      for (let i = entry.inverses.length - 1; i >= 0; i--) g = applyCommand(g, entry.inverses[i]).graph;
    } catch (e) {
      this.undoStack.push(entry);
      throw e;
    }
    this.current = g;
    this.redoStack.push(entry);
    return g;
  }

  /** Re-applies the last undone entry. Returns the new graph. */
  redo(): GraphData {
    this.closeGesture();
    const entry = this.redoStack.pop();
    if (!entry) return this.current;
    let g = this.current;
    const inverses: Command[] = [];
    try {
      for (const c of entry.commands) {
        const r = applyCommand(g, c);
        g = r.graph;
        inverses.push(r.inverse);
      }
    } catch (e) {
      this.redoStack.push(entry);
      throw e;
    }
    this.current = g;
    this.undoStack.push({ ...entry, inverses });
    return g;
  }

  /** Forgets all entries (e.g. after loading a file); the document stays. */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack = [];
    this.open = null;
    this.depth = 0;
  }

  private closeGesture(): void {
    if (this.depth > 0) {
      this.depth = 1;
      this.endGesture();
    }
  }

  private push(entry: Entry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
  }
}
