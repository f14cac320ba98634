/** Light, dark, or the system's choice (`prefers-color-scheme`), remembered in localStorage. */
import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const ORDER: readonly Theme[] = ['system', 'light', 'dark'];

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => ORDER.find((t) => t === localStorage.getItem('ac.theme')) ?? 'system');
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
    localStorage.setItem('ac.theme', theme);
  }, [theme]);
  const next = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length] ?? 'system';
  return (
    <button type="button" onClick={() => setTheme(next)} aria-label={`Theme: ${theme}. Switch to ${next}`}>
      Theme: {theme}
    </button>
  );
}
