/**
 * Clipboard access for toolbar/menu copy-paste. Prefers the system clipboard (so fragments travel between
 * windows and files); falls back to an in-memory copy where the browser denies clipboard access.
 */
export interface Clipboard {
  write(text: string): Promise<void>;
  read(): Promise<string | null>;
  remember(text: string): void;
}

export function createClipboard(nav: { clipboard?: { writeText(t: string): Promise<void>; readText(): Promise<string> } } | undefined = globalThis.navigator): Clipboard {
  let last: string | null = null;
  return {
    async write(text) {
      last = text;
      try {
        await nav?.clipboard?.writeText(text);
      } catch {
        // Permission denied or insecure context: the in-memory copy still serves this window.
      }
    },
    async read() {
      try {
        const t = await nav?.clipboard?.readText();
        if (t) return t;
      } catch {
        // fall through to the in-memory copy
      }
      return last;
    },
    remember(text) {
      last = text;
    },
  };
}
