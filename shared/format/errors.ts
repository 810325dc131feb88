/** One problem found while loading a project file, pinned to a JSON path (`$` = document root). */
export interface LoadError {
  path: string;
  message: string;
}

/** Collects errors up to a cap so a file with 100k bad nodes yields a readable list, not 100k lines. */
export class ErrorList {
  readonly items: LoadError[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}

  add(path: string, message: string): void {
    if (this.items.length < this.max) this.items.push({ path, message });
    else this.dropped++;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** The collected errors, with a final summary line when some were dropped. */
  result(): LoadError[] {
    if (this.dropped === 0) return this.items;
    return [...this.items, { path: '$', message: `…and ${this.dropped} more error(s) not listed` }];
  }
}

/** `graph.nodes[3].params.filters: must be ≥ 1` — the one-line form used by the CLI and the UI. */
export function formatLoadError(e: LoadError): string {
  return e.path === '$' ? e.message : `${e.path}: ${e.message}`;
}
