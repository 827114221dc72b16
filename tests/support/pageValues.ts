/** fast-check's `anything`, with every kind of value a page can pass to Segment switched on. */
import fc from 'fast-check';

export const anyPageValue = () =>
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  });
