import { useEffect, useRef } from 'react';
import { useApp } from '../store-context';
import { explainConnection, findConnection } from '../../store/selectors';
import { PairActions } from '../intent/pair-actions';

/** The last `showWhy` answered: the panel remounts with its tab, and must not take focus again. */
let answered = 0;

export function WhyPanel() {
  const analysis = useApp((s) => s.analysis?.result);
  const sel = useApp((s) => s.pair);
  const c = sel ? findConnection(analysis, sel.from, sel.to, sel.network) : undefined;
  const whyAsked = useApp((s) => s.whyAsked);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (whyAsked <= answered) return;
    answered = whyAsked;
    heading.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus();
  }, [whyAsked]);
  return (
    <div className="why" data-testid="why-panel">
      <h3 ref={heading} tabIndex={-1}>
        Why
      </h3>
      {c && sel && <PairActions pair={sel} conn={c} />}
      {c ? (
        <ol>
          {explainConnection(c).map((l, k) => (
            <li key={k}>{l}</li>
          ))}
        </ol>
      ) : (
        <p className="hint">
          Click a matrix cell or an edge to see which policies isolate each side and which rules admit the
          traffic.
        </p>
      )}
    </div>
  );
}
