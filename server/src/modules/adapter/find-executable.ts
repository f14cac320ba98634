/**
 * Finds an executable the way a shell would: a name with a slash is checked as a path (relative to
 * `cwd`), a bare name is looked up on PATH. Used by adapters' health checks.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

const isExecutableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

export const findExecutable = (command: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | undefined => {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutableFile(path) ? path : undefined;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, command);
    if (isExecutableFile(path)) return path;
  }
  return undefined;
};
