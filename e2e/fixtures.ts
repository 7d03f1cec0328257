/** Two namespaces (team a, team b) with a pod each: web in a, api in b; cluster-policy specs add theirs. */
export const TWO_TEAMS = `apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: b, labels: {app: api}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.1.1}
---
`;

/** Pods with 60 environment variables each (as real workloads carry), ~4.1 KB a pod: 2,500 make 10 MB. */
export function manifest(pods: number): string {
  const env = Array.from(
    { length: 60 },
    (_, k) => `      - {name: VAR_${k}, value: "value-${k}-abcdefghijklmnopqrstuvwxyz"}`,
  ).join('\n');
  return Array.from(
    { length: pods },
    (_, k) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${k}\n  namespace: ns${k % 20}\n  labels: {app: a${k % 50}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports: [{containerPort: 80, name: http}]\n    env:\n${env}\n`,
  ).join('');
}
