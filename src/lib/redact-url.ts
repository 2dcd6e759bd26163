// URLs as they may appear in a log line: without user info (`user:password@`) and without
// credential query parameters (`authToken=`, `key=`...). Applied to every finished log line, so an
// error message that quotes a URL (fetch's "URL that includes credentials: https://u:p@h") is
// covered as well as our own messages. Runtime-neutral text handling: no URL parsing, which
// would throw on the malformed URLs that errors like to quote.

const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>`]*)/gi;
const SECRET_PARAM = /token|secret|pass|pwd|key|auth|sig|credential/i;

function redactRest(rest: string): string {
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  let tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const q = tail.indexOf('?');
  if (q >= 0) {
    const hash = tail.indexOf('#', q);
    const query = tail.slice(q + 1, hash < 0 ? undefined : hash);
    const kept = query.split('&').filter((pair) => pair !== '' && !SECRET_PARAM.test(decodeName(pair.split('=')[0])));
    tail = tail.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '') + (hash < 0 ? '' : tail.slice(hash));
  }
  return host + tail;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The text with every URL in it shown without user info and without credential parameters. */
export const redactUrlsInText = (text: string): string =>
  text.replace(URL_IN_TEXT, (_, scheme: string, rest: string) => scheme + redactRest(rest));
