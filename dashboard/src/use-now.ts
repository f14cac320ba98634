/** A clock that ticks every second, for ages and expiries that count on screen (the server is not asked). */
import { useEffect, useState } from 'react';

export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "12 s", "3 min", "2 h": how far `iso` is from `now`, without the sign. */
export function span(iso: string, now: number): string {
  const seconds = Math.round(Math.abs(now - Date.parse(iso)) / 1000);
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
