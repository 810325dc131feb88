/** Where a command writes; tests pass a capturing implementation, the real entry passes process streams. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Relative paths in arguments resolve against this. */
  cwd: string;
}

/**
 * One `netwright <name>` sub-command. `run` returns the exit code (0 ok, 1 the check failed, 2 usage or
 * input error) and throws CliError for one-line failures; the dispatcher prints those without a stack.
 * Command modules are all imported at start-up: import heavy dependencies (tfjs, onnxruntime) lazily
 * inside `run` with `await import(...)` so `netwright --help` stays fast.
 */
export interface CliCommand {
  name: string;
  /** One line for `netwright help`. */
  summary: string;
  /** Full usage text for `netwright help <name>` / `netwright <name> --help`. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
