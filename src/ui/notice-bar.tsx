import { useEffect } from 'react';
import { useApp, useAppStore } from './store-context';

export function NoticeBar() {
  const store = useAppStore();
  const notice = useApp((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(() => store.getState().setNotice(undefined), 6000);
    return () => clearTimeout(t);
  }, [notice, store]);
  if (!notice) return <div className="notice-slot" />;
  return (
    <div
      className={`notice ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      <button type="button" aria-label="Dismiss" onClick={() => store.getState().setNotice(undefined)}>
        ×
      </button>
    </div>
  );
}
