import { formatLoadError, type LoadError } from '../../shared/format/index';

/** A failure the user can act on: printed as one line on stderr ("netwright: <message>"), no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A readable file that is not a loadable project; carries every error for commands that list them all. */
export class ProjectLoadError extends CliError {
  constructor(
    readonly source: string,
    readonly errors: LoadError[],
  ) {
    const more = errors.length > 1 ? ` (+${errors.length - 1} more; run 'netwright validate ${source}' to list them)` : '';
    super(`Cannot load ${source}: ${errors.length > 0 ? formatLoadError(errors[0]) : 'unknown error'}${more}`, 2);
    this.name = 'ProjectLoadError';
  }
}
