/**
 * Turns a caught error into one short message for the shopper, or undefined
 * for an abort, which only means a newer search replaced this one.
 */
export function describeError(reason: unknown): string | undefined {
  if (reason instanceof DOMException && reason.name === 'AbortError') return undefined;
  if (reason instanceof Error && reason.name === 'AbortError') return undefined;
  if (reason instanceof Error) return reason.message;
  return String(reason);
}
