// Formatting shared by the views. Amounts arrive as JSON numbers from BigDecimal; they are shown, never computed on.

// Business time is the engine's clock (the embedded demo moves it ahead): due dates and the debtor's local time are
// shown against it, not against this computer's clock.
let engineOffsetMs = 0;

export function setEngineTime(iso: string) {
  engineOffsetMs = new Date(iso).getTime() - Date.now();
}

export function now(): Date {
  return new Date(Date.now() + engineOffsetMs);
}

/**
 * The locale case data is shown in: the debtor's (an Indian case in en-IN: dd/mm/yyyy, lakh grouping), so an agent
 * reads dates and amounts as the debtor says them. Everything else is in the user's locale (undefined).
 */
export function caseLocale(jurisdiction: string | null | undefined): string | undefined {
  return jurisdiction === 'IN' ? 'en-IN' : jurisdiction === 'US' ? 'en-US' : undefined;
}

export function money(amount: number | null | undefined, currency: string | undefined, locale?: string): string {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'USD' }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency ?? ''}`;
  }
}

export function dateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, locale ? { day: '2-digit', month: '2-digit', year: 'numeric',
    hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
}

export function date(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  const d = iso.length === 10 ? new Date(iso + 'T00:00:00') : new Date(iso);
  return d.toLocaleDateString(locale, locale ? { day: '2-digit', month: '2-digit', year: 'numeric' }
    : { dateStyle: 'medium' });
}

/** "in 3 h", "2 d ago": how far a due date is from now. */
export function relative(iso: string | null | undefined): string {
  if (!iso) return '';
  const minutes = Math.round((new Date(iso).getTime() - now().getTime()) / 60000);
  const abs = Math.abs(minutes);
  const text = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

/** The debtor's wall clock, so an agent sees whether it is a decent hour to call. */
export function localTime(timezone: string | undefined): string {
  if (!timezone) return '—';
  try {
    return now().toLocaleTimeString(undefined, { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
  } catch {
    return '—';
  }
}

export function label(code: string | null | undefined): string {
  if (!code) return '—';
  return code.toLowerCase().replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * When a waiting task can be worked, in the debtor's local time: "from 08:00 debtor time", with the weekday when it is
 * not today; "not while the rule holds" when no time opens it.
 */
export function workableFrom(from: string | null, timezone: string | null | undefined): string {
  if (!from) return 'not until the rule changes';
  const at = new Date(from);
  const zone = timezone || undefined;
  try {
    const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: zone });
    const time = at.toLocaleTimeString(undefined, { timeZone: zone, hour: '2-digit', minute: '2-digit' });
    const sameDay = day(at) === day(now());
    const weekday = sameDay ? '' : at.toLocaleDateString(undefined, { timeZone: zone, weekday: 'short' }) + ' ';
    return `from ${weekday}${time} ${zone ? 'debtor time' : ''}`.trim();
  } catch {
    return `from ${dateTime(from)}`;
  }
}
