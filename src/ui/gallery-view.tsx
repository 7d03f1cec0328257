import { useAppStore } from './store-context';
import { SCENARIOS, scenarioYaml } from './gallery';

export async function loadScenario(store: ReturnType<typeof useAppStore>, id: string): Promise<void> {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) return;
  const had = store.getState().objects.length;
  // the import path (as the Import dialog's): the schemas are awaited, so unknown fields are found
  const read = await store.getState().importText(await scenarioYaml(id), 'replace', {
    title: s.title,
    name: s.title,
  });
  if (!read) return; // failed: the notice says so, the design is as it was
  store.getState().setScenario(id);
  store.getState().setNotice({
    kind: 'info',
    text: `Loaded “${s.title}”.${had ? ' Undo (Ctrl+Z) brings back your previous design.' : ''}`,
  });
}

/** Built-in scenarios on the empty page (the toolbar has them as a menu: examples-menu.tsx). */
export function Gallery() {
  const store = useAppStore();
  return (
    <div className="gallery" data-testid="gallery">
      {SCENARIOS.map((s) => (
        <button
          key={s.id}
          type="button"
          className="card"
          data-testid={`scenario-${s.id}`}
          onClick={() => void loadScenario(store, s.id)}
        >
          <strong>{s.title}</strong>
          <span className="source">{s.source}</span>
          <span className="story">{s.story}</span>
        </button>
      ))}
    </div>
  );
}

export function EmptyState() {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>Start with an example, or build your own</h2>
      <p>
        Add VMs, pods, external hosts and networks from the left panel, attach them to networks in the
        inspector, then write policies. Reachability updates as you type. Or import the YAML you already have.
      </p>
      <Gallery />
    </div>
  );
}
