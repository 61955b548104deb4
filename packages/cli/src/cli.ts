#!/usr/bin/env node
// The `dopl` executable (package.json "bin", built to dist/cli.js; from the sources:
// `pnpm dopl …`). Runs the command line and sets the exit status: 0 on success, 1 on any error.
import { errorMessage, main } from './main.js';

// Writing to a closed pipe (`dopl sample --json | head -1`) is not an error worth a trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

// Anything thrown outside the command's own promise chain still ends as one line, status 1.
const fatal = (err: unknown) => {
  process.stderr.write(`${errorMessage(err)}\n`);
  if (process.env.DOPL_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
}, fatal);
