import { expect, type Page } from "@playwright/test";

/** `clock`: the mode's big clock — the countdown, the time since the deploy or since the incident. */
export type Sizes = {
  smallest: { px: number; text: string };
  values: number[];
  countdown: number;
  clock: number;
};

/** Computed font size of every element that draws text of its own, as the browser laid it out. */
export function measureFonts(page: Page): Promise<Sizes> {
  return page.evaluate(() => {
    let smallest = { px: Number.POSITIVE_INFINITY, text: "" };
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("main *"))) {
      const ownText = Array.from(el.childNodes).some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "",
      );
      const box = el.getBoundingClientRect();
      if (!ownText || box.width === 0 || box.height === 0 || el.closest(".sr-only")) continue;
      const px = Number.parseFloat(getComputedStyle(el).fontSize);
      if (px < smallest.px) smallest = { px, text: (el.textContent ?? "").trim().slice(0, 60) };
    }
    const size = (el: Element) => Number.parseFloat(getComputedStyle(el).fontSize);
    const countdown = document.querySelector("[data-testid='tv-countdown']");
    const clock = document.querySelector(
      "[data-testid='tv-countdown'], [data-testid='tv-deploy-clock'], [data-testid='tv-incident-clock']",
    );
    return {
      smallest,
      values: Array.from(document.querySelectorAll("[data-testid='gauge-value']")).map(size),
      countdown: countdown ? size(countdown) : 0,
      clock: clock ? size(clock) : 0,
    };
  });
}

/** The page does not scroll at its viewport, in either direction. */
export async function expectNoScroll(page: Page, label: string): Promise<void> {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
  console.log(`${label}: page ${size.scrollWidth}×${size.scrollHeight}`);
  expect(size.scrollHeight, `${label}: page height`).toBeLessThanOrEqual(size.innerHeight);
  expect(size.scrollWidth, `${label}: page width`).toBeLessThanOrEqual(size.innerWidth);
}

/**
 * The element is drawn whole: no ancestor that clips its overflow cuts any of it off (a panel taller than
 * the room its column gives it is cut at the bottom edge without a scroll bar on a TV).
 */
export async function expectNotClipped(page: Page, testId: string, label: string): Promise<void> {
  const cut = await page
    .getByTestId(testId)
    .first()
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const clip = a.getBoundingClientRect();
        const px = {
          top: clip.top - box.top,
          bottom: box.bottom - clip.bottom,
          left: clip.left - box.left,
          right: box.right - clip.right,
        };
        const edges = Object.entries(px).filter(([, v]) => v > 0.5);
        if (edges.length > 0)
          return `${edges.map(([edge, v]) => `${Math.round(v)} px off its ${edge}`).join(", ")} by <${a.tagName.toLowerCase()} class="${a.className}">`;
      }
      return null;
    });
  expect(cut, `${label}: ${testId} drawn whole`).toBeNull();
}
