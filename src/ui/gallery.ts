import { SCENARIOS, type ScenarioInfo } from '../scenarios/index';

const files = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default' });

export { SCENARIOS };
export type { ScenarioInfo };

/** Scenario YAML, loaded lazily (each is its own small chunk). */
export async function scenarioYaml(id: string): Promise<string> {
  const load = files[`../scenarios/${id}.yaml`];
  if (!load) throw new Error(`no scenario ${id}`);
  return (await load()) as string;
}
