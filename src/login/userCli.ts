// Running the user's container CLI from the extension (login, logout, image listing, tag, build, push): the runner
// of cliRunner.ts with the workspace folders left out of the PATH search, so a `docker` planted in an opened
// folder never runs. Every extension call site of a container CLI goes through here; the runner stays pure.
import type { CliCommand } from './cliBase';
import { runCli, type CliResult, type CliRunOptions } from './cliRunner';
import { workspaceDirs } from '../services/executables';

export function runUserCli(cmd: CliCommand, stdinSecret: string | undefined, o: Omit<CliRunOptions, 'searchExclude'>): Promise<CliResult> {
  return runCli(cmd, stdinSecret, { ...o, searchExclude: workspaceDirs() });
}
