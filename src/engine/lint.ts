export { lint, Linter } from './lint/lint';
