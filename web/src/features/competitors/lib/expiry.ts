/** How far off a competitor contract's expiry is, in calendar days (dates as YYYY-MM-DD, no time zone involved). */
export function daysUntil(day: string, today: string): number {
  const at = (text: string) => {
    const [year, month, date] = text.split("-").map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, date);
  };
  return Math.round((at(day) - at(today)) / 86_400_000);
}

/** The colour of an expiry: past red, within the follow-up lead orange, else calm. */
export function expiryColor(days: number, leadDays: number): string {
  if (days < 0) return "red";
  if (days <= leadDays) return "orange";
  return "gray";
}
