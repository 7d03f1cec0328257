// Object edits for the forms, by the io layer: pure functions from an object to the next one,
// which the forms hand to `updateObject`. The ui reaches io only through here (DESIGN.md §1).
export type { Json } from '../io/reader';
export { isObject } from '../io/reader';
export { dumpObject, objectId, parseDesignYaml, serializeDesign } from '../io/design';
export { nadConfig, type NewKind } from '../io/edit/create';
export {
  getLabels,
  parseObjectYaml,
  rename,
  setInterfaces,
  setLabels,
  type InterfaceSpec,
} from '../io/edit/workload';
export { applyFix, isFixable } from '../io/edit/fix';
export * from '../io/edit/udn';
