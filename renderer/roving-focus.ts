/**
 * A roving tabindex (WAI-ARIA Authoring Practices, "Keyboard Navigation Inside Components"):
 * a group of buttons is one Tab stop, and the arrow keys, Home and End move within it. The
 * stop is the item last focused, or else the one `preferred` picks (the current color),
 * or else the first.
 */
export class RovingFocus {
  private last: HTMLElement | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly items: () => HTMLElement[],
    private readonly preferred: () => HTMLElement | null = () => null,
  ) {
    container.addEventListener('keydown', (event) => this.onKey(event));
    container.addEventListener('focusin', (event) => {
      const target = event.target;
      if (target instanceof HTMLElement && this.items().includes(target)) {
        this.last = target;
        this.refresh();
      }
    });
  }

  /** Call after the items changed: exactly one of them is reachable with Tab. */
  refresh(): void {
    const items = this.items().filter((item) => !(item as HTMLButtonElement).disabled);
    const stop = (this.last && items.includes(this.last) ? this.last : null) ?? this.preferred() ?? items[0] ?? null;
    for (const item of this.items()) item.tabIndex = item === stop ? 0 : -1;
  }

  private onKey(event: KeyboardEvent): void {
    const items = this.items().filter((item) => !(item as HTMLButtonElement).disabled);
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? items[(index + 1) % items.length]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? items[(index - 1 + items.length) % items.length]
          : event.key === 'Home'
            ? items[0]
            : event.key === 'End'
              ? items.at(-1)
              : undefined;
    if (!next) return;
    event.preventDefault();
    next.focus();
  }
}
