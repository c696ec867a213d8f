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
