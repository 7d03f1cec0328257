import type { Command } from './commands/command';
import { analyzeCommand } from './commands/analyze';
import { diffCommand } from './commands/diff';
import { generateCommand } from './commands/generate';
import { lintCommand } from './commands/lint';
import { probeCommand } from './commands/probe';
import { probesCommand } from './commands/probes';
import { testCommand } from './commands/test';

/** Every command, in the order of --help. */
export const COMMANDS: readonly Command[] = [
  analyzeCommand,
  lintCommand,
  diffCommand,
  testCommand,
  probeCommand,
  probesCommand,
  generateCommand,
];

export const commandNamed = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
