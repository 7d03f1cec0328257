/** Two pods in `default` (app=a, app=b): the start of the store tests' designs. */
export const TWO_PODS = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: default, labels: {app: a}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: default, labels: {app: b}}
spec: {containers: [{name: c, image: x}]}
`;
