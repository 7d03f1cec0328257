import type { Command } from './commands/command';
import { COMMANDS } from './commands';
import { formatsFor } from './formats';

export function usage(): string {
  return `netpol-studio: Kubernetes NetworkPolicy / MultiNetworkPolicy / KubeVirt reachability

Usage:
${COMMANDS.map((c) => `  netpol-studio ${c.usage}`).join('\n')}

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Input: files, directories (read recursively: .yaml, .yml, .json) or - for standard input;
multi-document YAML and kind: List (kubectl get -o yaml) both work.

Options for every command:
  --format F    output format (the command's list above; default: table)
  -h, --help    help (netpol-studio COMMAND --help: that command's options)
  -V, --version the version

Exit codes: 0 success; 1 findings at or above --fail-on, a changed diff with --fail-on-change,
a failed expectation, or a denied probe; 2 usage error or input that was not read.`;
}

export function commandHelp(c: Command): string {
  const formats = c.report ? formatsFor(c.report) : [];
  return [
    `netpol-studio ${c.name}: ${c.summary}`,
    '',
    `Usage: netpol-studio ${c.usage}`,
    '',
    'Options:',
    ...(formats.length
      ? [`  --format ${formats.join('|').padEnd(17)} output format (default: ${c.defaultFormat ?? 'table'})`]
      : []),
    ...c.options.map((o) => `  ${o}`),
    '  -h, --help                  this help',
  ].join('\n');
}
