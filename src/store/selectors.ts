// Read helpers for views: the engine's view module (engine/view.ts), the one door from the
// store and the ui to verdicts, CIDR and ACL checks.
export * from '../engine/view';
