/** A file operation failed; `message` is one line a user can act on (no errno jargon, path included). */
export class FileError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Maps Node's errno errors to clear sentences; `verb` is e.g. "read" or "write". */
export function toFileError(err: unknown, path: string, verb: string): FileError {
  if (err instanceof FileError) return err;
  const code = errnoCode(err);
  const messages: Record<string, string> = {
    ENOENT: verb === 'read' ? `File not found: ${path}` : `Folder does not exist for: ${path}`,
    EACCES: `Permission denied: cannot ${verb} ${path}`,
    EPERM: `Permission denied: cannot ${verb} ${path}`,
    EISDIR: `Is a folder, not a file: ${path}`,
    ENOTDIR: `A parent of this path is not a folder: ${path}`,
    ENOSPC: `Disk full: cannot ${verb} ${path}`,
    EROFS: `Read-only file system: cannot ${verb} ${path}`,
    EMFILE: `Too many open files: cannot ${verb} ${path}`,
    ENAMETOOLONG: `File name too long: ${path}`,
  };
  const detail = err instanceof Error ? err.message : String(err);
  return new FileError(code && messages[code] ? messages[code] : `Cannot ${verb} ${path}: ${detail}`, path, code);
}
