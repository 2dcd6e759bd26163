// Sheet rows written straight into UTF-8 bytes for the streamed exports
// (docs/domain/read-model.md#exports). Building each row as a JavaScript string and encoding it
// afterwards cost a default export at 50,000 lines (19 MB of sheet XML) about 40-50 ms of the event
// loop in the encoding alone, plus the garbage of a few million string pieces. The bytes are
// exactly those of `rowXml` encoded as UTF-8 (a property test holds the two together).

const encoder = new TextEncoder();

/** A growable byte buffer with writers for ASCII text, whole numbers and any text. */
export class ByteSink {
  buf: Uint8Array<ArrayBuffer>;
  pos = 0;

  constructor(size = 64 * 1024) {
    this.buf = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  /** Text of which every character is below U+0080 (markup, digits, references). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text as UTF-8: ASCII in a loop, the rest from the first other character by the encoder. */
  text(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        const rest = s.length - i;
        // At most 3 bytes per UTF-16 unit.
        this.room(rest * 3);
        this.pos += encoder.encodeInto(i === 0 ? s : s.slice(i), this.buf.subarray(this.pos)).written;
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** A number as JavaScript writes it (`${n}`); whole numbers up to 2^31 without a string. */
  number(n: number): void {
    if (n >= 0 && n < 2_147_483_648 && n === Math.floor(n) && !Object.is(n, -0)) {
      if (n < 10) {
        this.room(1);
        this.buf[this.pos++] = 48 + n;
        return;
      }
      let digits = 1;
      for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
      this.room(digits);
      let p = this.pos + digits;
      this.pos = p;
      for (let m = n; ; ) {
        const q = Math.floor(m / 10);
        this.buf[--p] = 48 + (m - q * 10);
        if (q === 0) break;
        m = q;
      }
      return;
    }
    this.ascii(String(n));
  }

  /** The bytes written so far, copied out; the sink starts empty again. */
  take(): Uint8Array<ArrayBuffer> {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}
