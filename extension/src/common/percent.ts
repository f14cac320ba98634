/** Percentages as the views print them: at most one decimal, no trailing ".0" ("50%", "33.3%"). */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const rounded = Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** A ten-step bar for tooltips: "■■■■■□□□□□". */
export function percentBar(value: number): string {
  const filled = Math.round(Math.min(100, Math.max(0, value)) / 10);
  return `${'■'.repeat(filled)}${'□'.repeat(10 - filled)}`;
}
