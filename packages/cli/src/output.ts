import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, fsReason } from './errors.js';

// Output files are written atomically: every file first goes to a temporary name in the target
// directory, and only when all of them are written are they renamed into place. A failure on the
// way removes the temporary files, so a directory never holds a half-written result.

export interface OutputFile {
  /** File name inside the directory. */
  readonly name: string;
  readonly content: string;
}

/** Fails early (before a long run) when DIR exists and is not a directory. */
export function checkOutputDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // created when writing
    throw new CliError(`${dir}: ${fsReason(err)}`);
  }
  if (!isDir) throw new CliError(`${dir}: exists and is not a directory (--out needs a directory)`);
}

/** Writes the files into `dir` (created if missing): all of them, or none. Returns their paths. */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CliError(`${dir}: cannot create the directory: ${fsReason(err)}`);
  }
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: string[] = [];
  const removeTemps = () => {
    for (const t of temps) {
      try {
        unlinkSync(t);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const f of files) {
      const temp = join(dir, `.${f.name}.${tag}.tmp`);
      temps.push(temp);
      writeFileSync(temp, f.content, { flag: 'wx' });
    }
  } catch (err) {
    removeTemps();
    throw new CliError(`${dir}: cannot write the output: ${fsReason(err)}`);
  }
  const paths = files.map((f) => join(dir, f.name));
  try {
    files.forEach((_, k) => {
      renameSync(temps[k], paths[k]);
    });
  } catch (err) {
    removeTemps();
    throw new CliError(`${dir}: cannot write the output: ${fsReason(err)}`);
  }
  return paths;
}
