import { useEffect, useRef } from 'react';

/**
 * Calls `poll` every `intervalMs` while the browser tab is visible (`document.visibilityState`),
 * and once at once when the tab becomes visible again. The latest `poll` is used each time.
 */
export function usePolling(poll: () => void, intervalMs = 5000, enabled = true): void {
  const latest = useRef(poll);
  latest.current = poll;
  useEffect(() => {
    if (!enabled) return undefined;
    let timer: number | undefined;
    const start = () => {
      if (timer === undefined) timer = window.setInterval(() => latest.current(), intervalMs);
    };
    const stop = () => {
      if (timer !== undefined) window.clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        latest.current();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled]);
}
