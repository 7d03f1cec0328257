import type { ProposalView } from '../../store/propose';
import { lineDiff } from './line-diff';

const WORD = { added: 'added', changed: 'changed', removed: 'removed' } as const;

/** The before/after of a proposal: verdicts that change (engine), findings, policies and their YAML diff. */
export function ProposalDiff({ view }: { view: ProposalView }) {
  return (
    <div className="proposal" data-testid="proposal">
      <h3>Verdicts that change</h3>
      {view.changes.length === 0 ? (
        <p className="hint" data-testid="proposal-pairs">
          None: the network already does this.
        </p>
      ) : (
        <ul className="proposal-pairs" data-testid="proposal-pairs">
          {view.changes.map((r) => (
            <li key={`${r.change}|${r.network}|${r.fromId}|${r.toId}`} className={r.change}>
              {r.change === 'gained' ? '+ allowed' : '− denied'} {r.from} → {r.to} on{' '}
              {r.network === 'default' ? 'the pod network' : r.network}: {r.text}
            </li>
          ))}
        </ul>
      )}
      {view.problems.length > 0 && (
        <div className="proposal-problems" role="alert" data-testid="proposal-problems">
          <strong>Cannot be met exactly:</strong>
          <ul>
            {view.problems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {view.notes.length > 0 && (
        <ul className="hint small proposal-notes">
          {view.notes.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <h3>
        Policies ({view.edits.length} {view.edits.length === 1 ? 'change' : 'changes'})
      </h3>
      <div className="proposal-edits" data-testid="proposal-edits">
        {view.edits.map((x) => (
          <details key={x.id} className={`proposal-edit ${x.change}`}>
            <summary>
              <span className={`tag ${x.change}`}>{WORD[x.change]}</span>{' '}
              {x.id.split('/').filter(Boolean).join(' ')}
            </summary>
            <pre className="yaml-diff" aria-label={`YAML diff of ${x.id}`}>
              {lineDiff(x.before ?? '', x.after ?? '').map((l, k) => (
                <span key={k} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : undefined}>
                  {l.op} {l.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          </details>
        ))}
      </div>
    </div>
  );
}
