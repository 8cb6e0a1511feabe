/**
 * A run's records packed into one Float64Array, a row of numbers per record,
 * rather than kept as one object each. A scenario's runs are all held until
 * its report is written, and a year of the default scenario keeps some
 * 300,000 change and drift records: as objects (a header, boxed doubles, a
 * nested outcome) about 130 bytes each, and V8 lets its heap grow in
 * proportion to what is live, so they nearly doubled the peak memory of a
 * long run. Packed, a field takes 8 bytes. Reading a record back makes a
 * fresh object that lives only as long as the reader holds it.
 *
 * A Float64Array holds every JavaScript number exactly (integers, fractions,
 * -0), so a record reads back as it was stored: what the reports compute from
 * it does not change.
 */

/** Records in order: what a report reads of a run's changes or drift (an array is one too). */
export interface RecordList<T> extends Iterable<T> {
  readonly length: number;
}

/** Strings kept once per table: a record field holds a string's index. */
export interface StringPool {
  index(text: string): number;
  text(index: number): string;
}

/** How one kind of record maps to a row of `width` numbers and back. */
export interface RecordCodec<T> {
  readonly width: number;
  /** Writes the fields of `record` into row[at .. at + width). */
  encode(record: T, row: Float64Array, at: number, strings: StringPool): void;
  /** The record whose fields are row[at .. at + width). */
  decode(row: Float64Array, at: number, strings: StringPool): T;
}

/**
 * A table as plain data, for postMessage between a sweep's threads: a class instance arrives without
 * its methods, and its codec's functions cannot be cloned at all. The receiver rebuilds the table
 * with the codec of the field it reads (RecordTable.unpack).
 */
export interface PackedRecords {
  readonly length: number;
  readonly rows: Float64Array;
  readonly strings: readonly string[];
}

export class RecordTable<T> implements RecordList<T>, StringPool {
  readonly length: number;
  private readonly rows: Float64Array;
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();

  /** `records`, in order (or a packed table's rows); the table is sized once, as it never grows. */
  constructor(
    private readonly codec: RecordCodec<T>,
    records: readonly T[] | PackedRecords,
  ) {
    this.length = records.length;
    if ('rows' in records) {
      this.rows = records.rows;
      for (const text of records.strings) this.index(text);
      return;
    }
    this.rows = new Float64Array(records.length * codec.width);
    for (let i = 0; i < records.length; i++) codec.encode(records[i], this.rows, i * codec.width, this);
  }

  /** Any record list as a table of `codec`'s kind, packed: a table as it is, an array encoded. */
  static pack<T>(codec: RecordCodec<T>, records: RecordList<T>): PackedRecords {
    const table = records instanceof RecordTable ? (records as RecordTable<T>) : new RecordTable(codec, [...records]);
    return { length: table.length, rows: table.rows, strings: table.strings };
  }

  static unpack<T>(codec: RecordCodec<T>, packed: PackedRecords): RecordTable<T> {
    return new RecordTable(codec, packed);
  }

  /** The record at `i` (0-based); undefined outside the table. */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return this.codec.decode(this.rows, i * this.codec.width, this);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.codec.decode(this.rows, i * this.codec.width, this);
  }

  index(text: string): number {
    let i = this.stringIndex.get(text);
    if (i === undefined) {
      i = this.strings.push(text) - 1;
      this.stringIndex.set(text, i);
    }
    return i;
  }

  text(index: number): string {
    return this.strings[index];
  }
}

/** A number or null as a row field: null is NaN, which no time, count or index of a record is. */
export function nullableField(value: number | null): number {
  return value ?? Number.NaN;
}

export function fromNullableField(field: number): number | null {
  return Number.isNaN(field) ? null : field;
}
