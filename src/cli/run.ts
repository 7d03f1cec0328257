import { parseArgs } from './args';
import { commandNamed } from './commands';
import { Out, UsageError, type CliIo, type CliOutput } from './context';
import { formatsFor } from './formats';
import { commandHelp, usage } from './help';

export type { CliIo, CliOutput } from './context';

const usageError = (message: string, help: string): CliOutput => ({
  stdout: '',
  stderr: `error: ${message}\n\n${help}\n`,
  code: 2,
});

/** The whole CLI as a function (main.ts adds only process I/O), so tests run it in-process. */
export function runCli(argv: readonly string[], io: CliIo): CliOutput {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message, usage());
    throw e;
  }
  if (args.version) return { stdout: `${io.version ?? 'unknown'}\n`, stderr: '', code: 0 };
  const command = args.command ? commandNamed(args.command) : undefined;
  if (args.command && !command) return usageError(`unknown command "${args.command}"`, usage());
  if (!command) return { stdout: `${usage()}\n`, stderr: '', code: args.help ? 0 : 2 };
  if (args.help) return { stdout: `${commandHelp(command)}\n`, stderr: '', code: 0 };
  const formats = command.report ? formatsFor(command.report) : [];
  if (args.format && !formats.includes(args.format))
    return usageError(
      formats.length
        ? `--format must be ${formats.join(' or ')} for ${command.name}, not "${args.format}"`
        : `${command.name} prints a shell script: no --format`,
      commandHelp(command),
    );
  if (args.files.length < command.minArgs)
    return usageError(
      command.minArgs > 1
        ? `${command.name} needs FROM, TO and at least one FILE`
        : `${command.name} needs at least one FILE (or - for standard input)`,
      commandHelp(command),
    );
  const out = new Out(io.write);
  try {
    return out.result(command.run(args, io, out));
  } catch (e) {
    if (e instanceof UsageError) {
      const r = out.result(2);
      return { ...r, stderr: `${r.stderr}error: ${e.message}\n` };
    }
    // the engine refuses what it cannot analyse (e.g. more classes than it can number):
    // a diagnostic and exit 2, not a stack trace
    const r = out.result(2);
    const message = e instanceof Error ? e.message : String(e);
    return { ...r, stderr: `${r.stderr}error analysis-failed: ${message.split('\n')[0]}\n` };
  }
}
