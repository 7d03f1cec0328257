export { lint } from './lint/lint';
