import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { h, icon, setHidden } from '../dom.js';

const MAX_BYTES = 1_000_000;

/**
 * "Import from the old Python bot": picks twitch_colorchanger.conf, reads it here and sends
 * only its text; the core parses and validates it and answers with what it did.
 */
export class LegacyImport {
  readonly el: HTMLElement;
  private readonly file = h('input', { type: 'file', class: 'sr-only', accept: '.conf,.json,application/json,text/plain', tabIndex: -1, attrs: { 'aria-hidden': 'true' } });
  private readonly pick = button('Import from the old Python bot…', { icon: icon('upload') });
  private readonly report = h('div', { class: 'import-report', hidden: true, attrs: { role: 'status' } });
  readonly error = new ErrorSlot();

  constructor(private readonly ctx: Ctx) {
    this.error.describe(this.pick);
    this.pick.addEventListener('click', () => this.file.click());
    this.file.addEventListener('change', () => void this.importFile());
    this.el = h('div', { class: 'legacy-import' }, this.pick, this.file, this.report, this.error.el);
  }

  get button(): HTMLButtonElement {
    return this.pick;
  }

  private async importFile(): Promise<void> {
    const file = this.file.files?.[0];
    this.file.value = '';
    if (!file) return;
    setHidden(this.report, true);
    if (file.size > MAX_BYTES) {
      this.error.show(`${file.name} is too big to be the old bot's settings file (${Math.round(file.size / 1024)} KB). Choose twitch_colorchanger.conf.`);
      return;
    }
    let contents: string;
    try {
      contents = await file.text();
    } catch {
      this.error.show(`${file.name} could not be read. Check that it is a file you can open.`);
      return;
    }
    const result = await runAction(() => this.ctx.api.legacy.import({ contents }), { error: this.error, controls: [this.pick] });
    if (!result.ok) return;
    const { imported, updated, skipped } = result.data;
    const lines: string[] = [];
    if (imported.length) lines.push(`Imported ${list(imported)}.`);
    if (updated.length) lines.push(`Updated ${list(updated)}.`);
    for (const skip of skipped) lines.push(`Skipped ${skip.login}: ${skip.reason}`);
    if (!lines.length) lines.push('The file held no accounts to import.');
    this.report.replaceChildren(...lines.map((line) => h('p', {}, line)));
    setHidden(this.report, false);
    if (imported.length || updated.length) this.ctx.notify(lines[0] ?? 'Imported.');
  }
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

