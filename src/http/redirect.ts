// Where to go after login (docs/domain/auth.md#redirects): only a local path starting with a single
// `/` (not `//`, not `/\`); anything else becomes `/`, so `next` can never send a user away.
export function safeNext(next: string | null | undefined): string {
  if (!next) return '/';
  if (!next.startsWith('/')) return '/';
  if (next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Browsers treat tabs/newlines inside a URL as absent, so `/\t/evil` would become `//evil`.
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}
