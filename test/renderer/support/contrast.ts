import type { Page } from 'playwright-core';

/**
 * WCAG 2.x text contrast of everything a person can read on the page right now, measured
 * in Chromium from computed styles: each visible text (and each text field's value) against
 * the colors painted beneath it, translucent layers composited the way the browser does.
 * 4.5:1 for normal text, 3:1 for large text (24 px, or 18.66 px bold); text of disabled
 * controls is exempt, as WCAG 1.4.3 says. Text over a gradient or an image is reported with
 * the lowest ratio over the gradient's stops.
 */
export interface ContrastIssue {
  text: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
  where: string;
}

export interface ContrastReport {
  checked: number;
  /** Lowest ratio seen, with its text: the number to watch. */
  lowest: { text: string; ratio: number } | null;
  failures: ContrastIssue[];
}

export function measureContrast(page: Page): Promise<ContrastReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba[] => {
      const found = [...value.matchAll(/rgba?\(([^)]+)\)|color\(srgb ([^)]+)\)/g)];
      return found.map((match) => {
        if (match[2]) {
          const [r = 0, g = 0, b = 0, a = '1'] = match[2].replace('/', ' ').split(/\s+/).filter(Boolean);
          return [Number(r) * 255, Number(g) * 255, Number(b) * 255, Number(a)] as Rgba;
        }
        const parts = (match[1] ?? '').split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1] as Rgba;
      });
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
    };
    const channel = (value: number): number => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (c: Rgba): number => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
    const ratioOf = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const hex = (c: Rgba): string => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

    /** The layers beneath `el`, outermost first; each a list of candidate colors (gradient stops). */
    const backgroundsOf = (el: Element): Rgba[] => {
      const layers: Rgba[][] = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        const colors: Rgba[] = [];
        const image = style.backgroundImage;
        if (image && image !== 'none') colors.push(...parse(image));
        const plain = parse(style.backgroundColor)[0];
        if (plain && plain[3] > 0) colors.unshift(plain);
        if (colors.length) layers.unshift(colors);
        // A dialog in the top layer paints over everything; nothing below it shows through.
        if (node instanceof HTMLDialogElement && node.open) break;
        if (plain && plain[3] >= 1 && image === 'none') break;
      }
      let results: Rgba[] = [[255, 255, 255, 1]];
      for (const layer of layers) results = layer.flatMap((color) => results.map((below) => over(color, below)));
      return results;
    };
    const opacityOf = (el: Element): number => {
      let opacity = 1;
      for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      return opacity;
    };
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = el; node && parts.length < 3; node = node.parentElement) {
        parts.unshift(`${node.tagName.toLowerCase()}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}`);
      }
      return parts.join(' > ');
    };

    const issues: ContrastIssue[] = [];
    let checked = 0;
    let lowest: { text: string; ratio: number } | null = null;
    const check = (el: Element, text: string): void => {
      if (!(el instanceof HTMLElement) || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return;
      if (el.closest(':disabled, [aria-disabled="true"], [inert]')) return;
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) return;
      const style = getComputedStyle(el);
      // Visually hidden text (screen-reader only) is not read by eyes.
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || el.closest('.sr-only')) return;
      const fg = parse(style.color)[0];
      if (!fg) return;
      const alpha = fg[3] * opacityOf(el);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const required = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
      let worst = Infinity;
      let worstBg: Rgba = [255, 255, 255, 1];
      for (const bg of backgroundsOf(el)) {
        const ratio = ratioOf(over([fg[0], fg[1], fg[2], alpha], bg), bg);
        if (ratio < worst) {
          worst = ratio;
          worstBg = bg;
        }
      }
      checked += 1;
      const short = text.trim().replace(/\s+/g, ' ').slice(0, 60);
      if (!lowest || worst < lowest.ratio) lowest = { text: short, ratio: Math.round(worst * 100) / 100 };
      if (worst < required) {
        issues.push({ text: short, ratio: Math.round(worst * 100) / 100, required, color: hex(fg), background: hex(worstBg), where: describe(el) });
      }
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || seen.has(parent) || !(node.textContent ?? '').trim()) continue;
      if (parent.closest('svg, script, style, noscript, option')) continue;
      seen.add(parent);
      check(parent, node.textContent ?? '');
    }
    for (const field of document.querySelectorAll<HTMLInputElement>('input[type=text], input[type=number], input:not([type])')) {
      if (field.value) check(field, field.value);
    }
    return { checked, lowest, failures: issues };
  });
}
