/**
 * Reading and writing freedesktop.org desktop entries (the autostart file). Exec is an
 * argv, quoted by the Desktop Entry Specification's rules: an argument with reserved
 * characters is double-quoted with `"`, `` ` ``, `$` and `\` backslash-escaped, `%` is
 * doubled (field codes), and the whole value then gets the spec's string escapes.
 */
export interface DesktopEntry {
  name: string;
  comment: string;
  exec: readonly string[];
  icon?: string;
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

export function quoteExecArg(arg: string): string {
  const fieldSafe = arg.replace(/%/g, '%%');
  if (fieldSafe !== '' && !RESERVED.test(fieldSafe)) return fieldSafe;
  return `"${fieldSafe.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The spec's escapes for any string value: \s \n \t \r \\. */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

function unescapeValue(value: string): string {
  return value.replace(/\\([sntr\\])/g, (_, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
}

/** One line for the file; newlines in names would end the value early. */
function singleLine(value: string): string {
  return escapeValue(value.replace(/[\r\n]+/g, ' '));
}

export function formatDesktopEntry(entry: DesktopEntry): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${singleLine(entry.name)}`,
    `Comment=${singleLine(entry.comment)}`,
    `Exec=${escapeValue(entry.exec.map(quoteExecArg).join(' '))}`,
    ...(entry.icon ? [`Icon=${singleLine(entry.icon)}`] : []),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** The keys of the `[Desktop Entry]` group, values unescaped; other groups and comments ignored. */
export function parseDesktopEntry(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inMainGroup = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inMainGroup || eq <= 0) continue;
    keys.set(line.slice(0, eq).trim(), unescapeValue(line.slice(eq + 1).trim()));
  }
  return keys;
}

/** Splits an (already unescaped) Exec value back into its argv. */
export function splitExec(exec: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < exec.length; i += 1) {
    const c = exec[i] as string;
    if (quoted) {
      if (c === '\\' && i + 1 < exec.length && /["`$\\]/.test(exec[i + 1] as string)) {
        current += exec[i + 1];
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"') {
      quoted = true;
      started = true;
    } else if (c === ' ' || c === '\t') {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((arg) => arg.replace(/%%/g, '%'));
}

/** Whether a desktop that honours the usual keys will start this entry at login. */
export function isActiveAutostartEntry(keys: ReadonlyMap<string, string>): boolean {
  if (keys.get('Type') !== 'Application') return false;
  if ((keys.get('Exec') ?? '').trim() === '') return false;
  if (keys.get('Hidden')?.toLowerCase() === 'true') return false;
  return keys.get('X-GNOME-Autostart-enabled')?.toLowerCase() !== 'false';
}
