/** A non-negative amount with at most two decimals (what the server takes as a price). */
export function isAmount(text: string): boolean {
  return /^\d{1,15}(\.\d{1,2})?$/.test(text.trim());
}
