/// <reference lib="dom" />
/**
 * What a person sees in the workbench, read from its DOM: explorer rows and their decoration badges,
 * view text, and element screenshots. A decorated explorer row's icon label carries the class
 * `monaco-decoration-badge`, its badge text is the label's ::after content, and the decoration's tooltip
 * is appended to the label's aria-label. Badge changes are caught by a MutationObserver in the page, so
 * the time recorded is when the DOM changed (wall clock, sub-millisecond: timeOrigin + now()).
 */
import type { Page } from 'playwright-core';

export interface RowDecoration {
  /** '' when the row has no badge. */
  readonly badge: string;
  readonly ariaLabel: string;
}

/** Starts watching for the explorer row `label` to gain (present) or lose a badge; returns a waiter id. */
export async function watchBadge(page: Page, label: string, present: boolean): Promise<string> {
  return page.evaluate(
    ({ label, present }) => {
      const w = window as unknown as { __acWaiters?: Map<string, Promise<number>>; __acNext?: number };
      w.__acWaiters ??= new Map();
      w.__acNext = (w.__acNext ?? 0) + 1;
      const id = String(w.__acNext);
      const matches = (): boolean => {
        const row = document.querySelector(`.explorer-folders-view .monaco-list-row[aria-label="${CSS.escape(label)}"]`);
        if (!row) return false;
        return (row.querySelector('.monaco-icon-label.monaco-decoration-badge') !== null) === present;
      };
      const promise = new Promise<number>((resolve) => {
        if (matches()) {
          resolve(performance.timeOrigin + performance.now());
          return;
        }
        const observer = new MutationObserver(() => {
          if (!matches()) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });
      w.__acWaiters.set(id, promise);
      return id;
    },
    { label, present },
  );
}

/** Waits for a watcher from watchBadge; resolves with the wall-clock time the DOM changed. */
export async function awaitWatch(page: Page, id: string, timeoutMs: number): Promise<number> {
  return page.evaluate(
    async ({ id, timeoutMs }) => {
      const w = window as unknown as { __acWaiters?: Map<string, Promise<number>> };
      const waiter = w.__acWaiters?.get(id);
      if (!waiter) throw new Error(`no watcher ${id}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<number>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`watcher ${id} timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([waiter, timeout]);
      } finally {
        clearTimeout(timer);
        w.__acWaiters?.delete(id);
      }
    },
    { id, timeoutMs },
  );
}

/** The decoration of an explorer row, or null when the row is not rendered. */
export async function rowDecoration(page: Page, label: string): Promise<RowDecoration | null> {
  return page.evaluate((label) => {
    const row = document.querySelector(`.explorer-folders-view .monaco-list-row[aria-label="${CSS.escape(label)}"]`);
    const iconLabel = row?.querySelector('.monaco-icon-label');
    if (!row || !iconLabel) return null;
    const decorated = iconLabel.classList.contains('monaco-decoration-badge');
    const after = getComputedStyle(iconLabel, '::after').content;
    const badge = decorated && after && after !== 'none' && after !== 'normal' ? after.replace(/^"|"$/g, '') : '';
    return { badge, ariaLabel: iconLabel.getAttribute('aria-label') ?? '' };
  }, label);
}

/** Waits until some element matching `selector` contains `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction(
      ({ selector, text }) => [...document.querySelectorAll(selector)].some((e) => (e.textContent ?? '').includes(text)),
      { selector, text },
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (error) {
    // Which wait it was, and what was there instead: a failure in CI has only this line to go on.
    const seen = await page
      .evaluate((selector) => [...document.querySelectorAll<HTMLElement>(selector)].map((e) => e.innerText.trim()).filter(Boolean), selector)
      .catch(() => []);
    const shown = seen.length === 0 ? 'no element matched' : `it showed ${JSON.stringify(seen.slice(0, 8)).slice(0, 600)}`;
    throw new Error(`"${text}" did not appear in ${selector} within ${timeoutMs} ms; ${shown}`, { cause: error });
  }
}

/** The pane (view) element of a view by its title, for screenshots and text checks. */
export const paneSelector = (title: string): string => `.pane:has(.pane-header[aria-label^="${title}"])`;

/** The outer HTML of every element matching `selector` (diagnostics). */
export const outerHtml = (page: Page, selector: string): Promise<string> =>
  page.evaluate((selector) => [...document.querySelectorAll(selector)].map((e) => e.outerHTML).join('\n'), selector);

export const hasFocus = (page: Page): Promise<boolean> => page.evaluate(() => document.hasFocus());

/**
 * Starts recording when some element matching `selector` first contains `text` (a MutationObserver in the
 * page, so a notification toast that shows and hides again between two looks is still seen); returns an id
 * for firstSeenAt.
 */
export async function recordFirstSeen(page: Page, selector: string, text: string): Promise<string> {
  return page.evaluate(
    ({ selector, text }) => {
      const w = window as unknown as { __acSeen?: Map<string, number | null>; __acNext?: number };
      w.__acSeen ??= new Map();
      w.__acNext = (w.__acNext ?? 0) + 1;
      const id = `seen-${w.__acNext}`;
      const seen = w.__acSeen;
      const matches = (): boolean => [...document.querySelectorAll(selector)].some((e) => (e.textContent ?? '').includes(text));
      seen.set(id, matches() ? performance.timeOrigin + performance.now() : null);
      if (seen.get(id) !== null) return id;
      const observer = new MutationObserver(() => {
        if (!matches()) return;
        observer.disconnect();
        seen.set(id, performance.timeOrigin + performance.now());
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      return id;
    },
    { selector, text },
  );
}

/** The wall-clock time a recordFirstSeen recorder first matched, or null while it has not. */
export async function firstSeenAt(page: Page, id: string): Promise<number | null> {
  return page.evaluate((id) => (window as unknown as { __acSeen?: Map<string, number | null> }).__acSeen?.get(id) ?? null, id);
}

/** Opens the notification centre (the bell in the status bar), where notifications stay after their toast hid. */
export async function showNotificationCentre(page: Page): Promise<void> {
  if (await page.locator('.notifications-center.visible').isVisible()) return;
  await page.locator('[id="status.notifications"] a, [id="status.notifications"] .statusbar-item-label').first().click();
  await page.locator('.notifications-center.visible').waitFor({ timeout: 10_000 });
}
