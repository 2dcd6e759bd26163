// Random access to a zip held in memory. fflate's unzipSync inflates every entry it keeps, and
// its streaming Unzip delivers entries in file order (the worksheet usually comes before
// sharedStrings and styles). Reading the central directory ourselves lets us inflate the small
// parts whole and stream the big ones, so memory follows the rows we keep, not the XML size.
// Every inflation is capped (bytes, and ratio to the compressed size) while it runs.
import { Inflate, inflateSync } from 'fflate';
import type { Steps } from '../lib/steps';

/** Which cap a too-large zip crossed. */
export type ZipLimit = 'inflated_bytes' | 'inflate_ratio' | 'zip_entries';

export class ZipError extends Error {
  constructor(
    message: string,
    /** Set when a cap was crossed (the zip may be perfectly valid). */
    readonly limit?: { limit: ZipLimit; part: string | null; max: number },
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface InflateLimits {
  maxBytes: number;
  /** Inflated : compressed, judged once `ratioFloorBytes` have been inflated. */
  maxRatio?: number;
  ratioFloorBytes?: number;
}

function tooLarge(entry: ZipEntry, limit: ZipLimit, max: number): ZipError {
  return new ZipError(`${entry.name} is too large (${limit} > ${max})`, { limit, part: entry.name, max });
}

/** Throws when `inflated` bytes from `compressed` input cross a cap. */
function checkInflated(entry: ZipEntry, inflated: number, compressed: number, limits: InflateLimits): void {
  if (inflated > limits.maxBytes) throw tooLarge(entry, 'inflated_bytes', limits.maxBytes);
  const { maxRatio, ratioFloorBytes = 0 } = limits;
  if (maxRatio !== undefined && inflated > ratioFloorBytes && inflated > maxRatio * Math.max(1, compressed)) {
    throw tooLarge(entry, 'inflate_ratio', maxRatio);
  }
}

export interface ZipEntry {
  /** As stored, with `\` turned into `/`. */
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, at: number): number {
  // Files here are at most tens of MB; a high word would mean a corrupt directory.
  const lo = dv.getUint32(at, true);
  const hi = dv.getUint32(at + 4, true);
  if (hi !== 0) throw new ZipError('zip64 value out of range');
  return lo;
}

function findEocd(bytes: Uint8Array, dv: DataView): number {
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && dv.getUint32(i, true) === SIG_EOCD) return i;
  }
  throw new ZipError('no end of central directory');
}

/**
 * Entries keyed by lower-cased name: some writers differ in case from the paths in their rels.
 * More than `maxEntries` is refused before the directory is walked.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries = Infinity): Map<string, ZipEntry> {
  if (!isZip(bytes)) throw new ZipError('not a zip file');
  const dv = view(bytes);
  const eocd = findEocd(bytes, dv);
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    dv.getUint32(eocd - 20, true) === SIG_ZIP64_LOCATOR
  ) {
    const z = u64(dv, eocd - 12);
    if (z + 56 > bytes.length || dv.getUint32(z, true) !== SIG_ZIP64_EOCD) throw new ZipError('bad zip64 directory');
    count = u64(dv, z + 32);
    cdOffset = u64(dv, z + 48);
  }
  if (count > maxEntries)
    throw new ZipError(`${count} zip entries`, { limit: 'zip_entries', part: null, max: maxEntries });
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== SIG_CENTRAL) throw new ZipError('bad central directory');
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localHeaderOffset = dv.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, '/');
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // Zip64 extra field: only the values saturated in the header are present, in this order.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = dv.getUint16(e, true);
        const len = dv.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) (size = u64(dv, q)), (q += 8);
          if (compressedSize === 0xffffffff) (compressedSize = u64(dv, q)), (q += 8);
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(dv, q);
        }
        e += 4 + len;
      }
    }
    if (flags & 1) throw new ZipError('encrypted zip entry');
    entries.set(name.toLowerCase(), { name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function rawData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const dv = view(bytes);
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || dv.getUint32(h, true) !== SIG_LOCAL) throw new ZipError('bad local header');
  // The local name/extra lengths may differ from the central ones.
  const start = h + 30 + dv.getUint16(h + 26, true) + dv.getUint16(h + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError('truncated zip entry');
  return bytes.subarray(start, end);
}

function checkMethod(entry: ZipEntry): void {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`unsupported compression method ${entry.method}`);
}

/**
 * A native raw inflater in one call (the Node entry passes zlib's): the inflated bytes, or null
 * when they would pass `maxBytes`. Other errors (corrupt data) are thrown.
 */
export type InflateRaw = (raw: Uint8Array, maxBytes: number) => Uint8Array | null;

let nativeInflate: InflateRaw | null = null;

/**
 * Lets entries small enough inflate natively in one call (docs/domain/imports.md#performance):
 * fflate is pure JS, and on a fresh process it runs unoptimised, so the first import of a
 * 450 KB sheet spent about 17 ms inflating it (native zlib: well under 1 ms). The edge keeps
 * fflate. `null` restores fflate everywhere (tests).
 */
export function useNativeInflate(inflate: InflateRaw | null): void {
  nativeInflate = inflate;
}

/**
 * Largest declared size inflated in one native call: 4 MB (a few milliseconds; a sales-status
 * file of 7,000 rows has a 1.4 MB sheet, which fflate took 10-20 ms to inflate warm and 40-100
 * ms in a fresh process), and never past the part's byte cap. Output is held to the declared
 * size, so no byte cap can be crossed in such a call; past the ratio's floor the call is made
 * only when the declared sizes keep the whole part within the ratio, so a bomb that declares its
 * size honestly goes the streamed way too. An entry that inflates to more than it declared goes
 * the streamed way, where every cap is checked as before (docs/domain/imports.md#limits-while-reading).
 */
const ONE_SHOT_MAX = 4 << 20;

function oneShotSize(entry: ZipEntry, limits: InflateLimits): boolean {
  if (nativeInflate === null || entry.method !== 8 || entry.size <= 0) return false;
  if (entry.size > Math.min(ONE_SHOT_MAX, limits.maxBytes)) return false;
  const { maxRatio, ratioFloorBytes = 0 } = limits;
  return (
    maxRatio === undefined ||
    entry.size <= ratioFloorBytes ||
    entry.size <= maxRatio * Math.max(1, entry.compressedSize)
  );
}

/** The entry inflated natively in one call, or null when it is not small enough or is larger than declared. */
function inflateOneShot(raw: Uint8Array, entry: ZipEntry, limits: InflateLimits): Uint8Array | null {
  if (!oneShotSize(entry, limits)) return null;
  try {
    return nativeInflate!(raw, entry.size);
  } catch (e) {
    throw new ZipError(`cannot inflate ${entry.name}: ${(e as Error).message}`);
  }
}

/** Whole entry, for the small parts; the caps guard against a decompression bomb. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, limits: InflateLimits): Uint8Array {
  checkMethod(entry);
  // The declared size sizes the output buffer, so it is also all a lying header can make us inflate.
  checkInflated(entry, entry.size, entry.compressedSize, limits);
  const raw = rawData(bytes, entry);
  if (entry.method === 0) return raw;
  const whole = inflateOneShot(raw, entry, limits);
  if (whole !== null) return whole;
  try {
    return inflateSync(raw, { out: new Uint8Array(entry.size) });
  } catch (e) {
    throw new ZipError(`cannot inflate ${entry.name}: ${(e as Error).message}`);
  }
}

/**
 * Compressed input per push. fflate hands over everything one push inflates in one piece, and
 * deflate reaches about 1,000 : 1: the input is sized from the ratio seen so far to inflate about
 * OUTPUT_TARGET per push (a step of a few ms), starting small while the ratio is unknown, and
 * never more than MAX_INPUT_CHUNK (so ~16 MB at most whatever the entry holds).
 */
const OUTPUT_TARGET = 256 * 1024;
const MIN_INPUT_CHUNK = 256;
const MAX_INPUT_CHUNK = 16 * 1024;
const STORED_CHUNK = 256 * 1024;

const nextInputChunk = (inflated: number, compressed: number) =>
  Math.max(
    MIN_INPUT_CHUNK,
    Math.min(MAX_INPUT_CHUNK, Math.floor((OUTPUT_TARGET * compressed) / Math.max(1, inflated))),
  );

/**
 * Entry delivered in decompressed chunks, in order, as steps (each yields the bytes it
 * inflated). `onChunk` returns false once it needs no more: the rest is never inflated. The
 * caps are checked after every chunk; errors of `onChunk` (a row limit, a cell cap) reach the
 * caller unchanged.
 */
export function* streamEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  onChunk: (chunk: Uint8Array) => boolean | void,
  limits: InflateLimits,
): Steps<void> {
  checkMethod(entry);
  const raw = rawData(bytes, entry);
  let total = 0;
  let wanted = true;
  let passThrough: unknown;
  const emit = (chunk: Uint8Array, consumed: number): void => {
    total += chunk.length;
    try {
      if (total > limits.maxBytes) checkInflated(entry, total, consumed, limits);
      if (chunk.length > 0 && wanted && onChunk(chunk) === false) wanted = false;
      checkInflated(entry, total, consumed, limits);
    } catch (e) {
      throw (passThrough = e);
    }
  };
  if (entry.method === 0) {
    for (let i = 0; i < raw.length && wanted; i += STORED_CHUNK) {
      const piece = raw.subarray(i, i + STORED_CHUNK);
      emit(piece, i + piece.length);
      yield piece.length;
    }
    return;
  }
  const whole = inflateOneShot(raw, entry, limits);
  if (whole !== null) {
    // Handed on in slices, so the scanning between two yields stays as short as when streamed.
    for (let i = 0; i < whole.length && wanted; i += OUTPUT_TARGET) {
      const piece = whole.subarray(i, i + OUTPUT_TARGET);
      emit(piece, raw.length);
      yield piece.length;
    }
    return;
  }
  let consumed = 0;
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    emit(chunk, consumed);
  });
  try {
    if (raw.length === 0) inflate.push(new Uint8Array(0), true);
    let size = MIN_INPUT_CHUNK;
    while (consumed < raw.length && wanted) {
      const start = consumed;
      consumed = Math.min(raw.length, start + size);
      produced = 0;
      inflate.push(raw.subarray(start, consumed), consumed === raw.length);
      size = nextInputChunk(total, consumed);
      yield produced;
    }
  } catch (e) {
    if (e === passThrough) throw e;
    throw new ZipError(`cannot inflate ${entry.name}: ${(e as Error).message}`);
  }
}
