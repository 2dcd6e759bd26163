// The streamed exports write their rows straight into bytes (docs/domain/read-model.md#exports):
// every row must be byte for byte the UTF-8 of the string writer's XML, whatever its cells hold
// (texts of any script, markup, lone surrogates, spaces, numbers of every kind, gaps, shared
// columns), so both writers give the same workbook.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink } from '../../../src/xlsx/row-bytes';
import { rowBytes, rowXml, SharedStrings, type WriteCell } from '../../../src/xlsx/write';

const utf8 = new TextEncoder();

const cell: fc.Arbitrary<WriteCell> = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' lead', 'trail ', 'a  b', 'x\ty', '_x0041_', 'ร้าน & <b> "q"', '05/12/2569 08:06', '✓', '\uD800'),
  fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }),
  fc.double(),
  fc.constantFrom(0, -0, 9, 10, 2_147_483_647, 2_147_483_648, 1e21, 1.5, -2.25, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constant(null),
  fc.constant(undefined),
);

describe('rowBytes', () => {
  it('property: equals rowXml encoded as UTF-8, row after row in one sink', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 20 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 1_048_576 }),
        (rows, columns, firstRow) => {
          const viaText = { strings: new SharedStrings(), columns };
          const viaBytes = { strings: new SharedStrings(), columns };
          const sink = new ByteSink(16);
          let xml = '';
          rows.forEach((row, k) => {
            xml += rowXml(row, firstRow + k, false, viaText);
            rowBytes(sink, row, firstRow + k, viaBytes);
          });
          expect(sink.take()).toEqual(utf8.encode(xml));
          expect(viaBytes.strings.list).toEqual(viaText.strings.list);
          expect(sink.pos).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a sink grows past its first buffer and starts empty after take', () => {
    const sink = new ByteSink(4);
    sink.text('ร้าน'.repeat(1_000));
    sink.number(1_234_567);
    expect(new TextDecoder().decode(sink.take())).toBe(`${'ร้าน'.repeat(1_000)}1234567`);
    sink.ascii('ab');
    expect(sink.take()).toEqual(new Uint8Array([97, 98]));
  });
});
