/** Paths without a router library: pushState links and a hook that follows the address bar. */
import { useEffect, useState, type MouseEvent } from 'react';

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = (): void => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    window.addEventListener('ac:navigate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('ac:navigate', onPop);
    };
  }, []);
  return path;
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new Event('ac:navigate'));
}

/** onClick for an <a href>: in-page navigation, except when the viewer asks for a new tab. */
export function follow(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
