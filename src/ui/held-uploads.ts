// A file checked with a dry run is held here until the person confirms the import, so they
// choose it once: the confirm form carries a random token, not the file. Held per app
// instance, per user and kind, for a short while and within a memory budget; a token that is
// gone (expired, evicted, or another worker isolate) asks for the file again. Nothing here is
// business state: the import itself is the import service's, as in the API.

export interface HeldFile {
  fileName: string;
  bytes: Uint8Array;
}

interface Entry extends HeldFile {
  userId: number;
  kind: string;
  expiresAt: number;
}

export interface HoldLimits {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export const HOLD_LIMITS: HoldLimits = { ttlMs: 30 * 60_000, maxEntries: 8, maxBytes: 64 * 1024 * 1024 };

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class UploadHold {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: HoldLimits = HOLD_LIMITS) {}

  private sweep(now: number): void {
    for (const [token, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(token);
  }

  /** Keeps the file; the oldest held files go first when the budget is spent. */
  put(owner: { userId: number; kind: string }, file: HeldFile, now: number): string | null {
    this.sweep(now);
    if (file.bytes.byteLength > this.limits.maxBytes) return null;
    let total = file.bytes.byteLength;
    for (const e of this.entries.values()) total += e.bytes.byteLength;
    for (const [token, e] of this.entries) {
      if (this.entries.size < this.limits.maxEntries && total <= this.limits.maxBytes) break;
      total -= e.bytes.byteLength;
      this.entries.delete(token);
    }
    const token = randomToken();
    this.entries.set(token, { ...file, ...owner, expiresAt: now + this.limits.ttlMs });
    return token;
  }

  /** The held file, only for the user and kind that checked it. */
  get(token: string, owner: { userId: number; kind: string }, now: number): HeldFile | null {
    this.sweep(now);
    const e = this.entries.get(token);
    if (!e || e.userId !== owner.userId || e.kind !== owner.kind) return null;
    return { fileName: e.fileName, bytes: e.bytes };
  }

  drop(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}

const holds = new WeakMap<object, UploadHold>();

/** The hold of one app instance (keyed by its services object). */
export function uploadHoldOf(services: object): UploadHold {
  let hold = holds.get(services);
  if (!hold) holds.set(services, (hold = new UploadHold()));
  return hold;
}
