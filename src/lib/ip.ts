// Client addresses (IPv4 / IPv6 text), validated before they key a throttle bucket or reach the
// audit log. Runtime-neutral: no node:net.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

function ipv4(text: string): string | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const parts = m.slice(1);
  // A leading zero reads as octal to some parsers: refuse rather than guess.
  if (parts.some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return null;
  return parts.map(Number).join('.');
}

/** Groups of an IPv6 text (an embedded IPv4 tail counts as two), or null when it is not one. */
function ipv6Groups(text: string): number | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  let groups = 0;
  for (const [h, half] of halves.entries()) {
    if (half === '') continue;
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      const last = h === halves.length - 1 && i === parts.length - 1;
      if (last && part.includes('.')) {
        if (!ipv4(part)) return null;
        groups += 2;
      } else if (HEX_GROUP.test(part)) groups += 1;
      else return null;
    }
  }
  if (halves.length === 2 ? groups > 7 : groups !== 8) return null;
  return groups;
}

/**
 * The address in canonical-enough form (IPv6 lower-cased; an IPv4-mapped IPv6 address as plain
 * IPv4, so a socket's `::ffff:10.0.0.1` and a proxy's `10.0.0.1` are one bucket), or null when
 * the text is not an IP address (ports, brackets, zones and host names included).
 */
export function parseIp(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '' || text.length > 45) return null;
  const v4 = ipv4(text);
  if (v4) return v4;
  if (!text.includes(':') || ipv6Groups(text) === null) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  return mapped ? ipv4(mapped[1]) : text;
}

/**
 * The client address from `X-Forwarded-For` behind `hops` trusted proxies: each proxy appends the
 * address it saw, so the client is `hops` entries from the right. Entries to the left of it are
 * whatever the client sent and are never used. Null when the header is shorter than that or the
 * entry is not an address (the caller then uses the socket address).
 */
export function forwardedClientIp(header: string | null | undefined, hops: number): string | null {
  if (!header) return null;
  const entries = header.split(',').map((e) => e.trim());
  if (hops < 1 || entries.length < hops) return null;
  return parseIp(entries[entries.length - hops]);
}
