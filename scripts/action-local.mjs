// Runs the steps of action.yml locally, without network, on a sample repository made from the
// KubeVirt blog example: main has the VMs without the ingress-ipblock policy, the pull request
// adds it. `uses:` steps are skipped (Node is already here); `run:` steps run as GitHub would,
// with inputs, env and working-directory substituted. Prints the job summary and exits with
// the action's status.
//   node scripts/action-local.mjs [--fail-on error|warning|none] [--fail-on-change] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? dflt) : dflt);
// the build step installs and builds only when the bin is missing: build it here, offline
if (!existsSync(join(root, 'dist-cli/netpol-studio.js')))
  execFileSync('node', [join(root, 'scripts/build-cli.mjs')]);

const repo = mkdtempSync(join(tmpdir(), 'netpol-action-'));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', ...args], { cwd: repo });
const blog = readFileSync(join(root, 'src/scenarios/kubevirt-blog.yaml'), 'utf8');
const cut = blog.lastIndexOf('---\napiVersion: k8s.cni.cncf.io/v1beta1');
mkdirSync(join(repo, 'policy'));
git('init', '-q', '-b', 'main');
writeFileSync(join(repo, 'policy/network.yaml'), blog.slice(0, cut));
writeFileSync(
  join(repo, 'reachability.expect.yaml'),
  readFileSync(join(root, 'src/scenarios/kubevirt-blog.expect.yaml'), 'utf8').replace(
    /manifestFiles: \[.*\]/,
    'manifestFiles: [policy/network.yaml]',
  ),
);
git('add', '.');
git('commit', '-qm', 'base');
git('checkout', '-qb', 'pr');
writeFileSync(join(repo, 'policy/network.yaml'), blog);
git('commit', '-qam', 'isolate vm4-vm6');

const action = load(readFileSync(join(root, 'action.yml'), 'utf8'));
const inputs = {
  ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '')])),
  manifests: 'policy',
  expect: 'reachability.expect.yaml',
  'fail-on': opt('--fail-on', 'error'),
  'fail-on-change': argv.includes('--fail-on-change') ? 'true' : 'false',
  'base-ref': 'main',
};
const summary = join(repo, 'summary.md');
const expr = (s) =>
  String(s).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e) => {
    if (e === 'github.action_path') return root;
    const m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) return inputs[m[1]] ?? '';
    throw new Error(`action-local: no value for \${{ ${e} }}`);
  });
let status = 0;
for (const step of action.runs.steps) {
  if (step.uses) {
    console.error(`-- skipped: uses ${step.uses} (node ${process.version} is here)`);
    continue;
  }
  console.error(`-- ${step.name}`);
  const env = { ...process.env, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTION_PATH: root };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v);
  const r = spawnSync('bash', ['-e', '-c', expr(step.run)], {
    cwd: step['working-directory'] ? expr(step['working-directory']) : repo,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    status = r.status ?? 1;
    break;
  }
}
process.stdout.write(existsSync(summary) ? readFileSync(summary, 'utf8') : '');
console.error(`-- action status ${status}${argv.includes('--keep') ? ` (sample repository: ${repo})` : ''}`);
process.exit(status);
