import type { CliCommand } from '../types';
// One line per command; keep heavy imports inside each command's run() (see CliCommand).
import { command as inspect } from './inspect';
import { command as validate } from './validate';
import { command as preset } from './preset';
import { command as serve } from './serve';
import { command as train } from './train';
import { command as exportCmd } from './export';
import { command as importCmd } from './import';

export const commands: CliCommand[] = [
  inspect,
  validate,
  preset,
  serve,
  train,
  exportCmd,
  importCmd,
];
