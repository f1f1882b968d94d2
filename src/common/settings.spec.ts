import { readSettings } from './schemaSettings';
import { SCHEMAS } from './schemas';
import {
  readBoolean,
  readInteger,
  readNumber,
  readStringList
} from './settings';

describe('typed settings readers', () => {
  it('keeps well-typed values', () => {
    expect(readBoolean(false, true)).toBe(false);
    expect(readNumber(0.5, 1, 0, 1)).toBe(0.5);
    expect(readInteger(7, 3, 1, 100)).toBe(7);
    expect(readStringList(['a', 'b'], [])).toEqual(['a', 'b']);
  });

  it('falls back to the default on a wrong type', () => {
    expect(readBoolean('yes', true)).toBe(true);
    expect(readNumber('3', 2, 0, 10)).toBe(2);
    expect(readNumber(NaN, 2, 0, 10)).toBe(2);
    expect(readNumber(Infinity, 2, 0, 10)).toBe(2);
    expect(readStringList('a', ['x'])).toEqual(['x']);
  });

  it('clamps numbers into their bounds and rounds integers', () => {
    expect(readNumber(-5, 1, 0, 10)).toBe(0);
    expect(readNumber(50, 1, 0, 10)).toBe(10);
    expect(readInteger(2.6, 1, 0, 10)).toBe(3);
  });

  it('drops the non-strings of a list', () => {
    expect(readStringList(['a', 1, null, 'b'], [])).toEqual(['a', 'b']);
  });
});

describe('schema choices', () => {
  it("gives a string outside the schema's enum its default", () => {
    const read = (value: unknown) =>
      readSettings(SCHEMAS.extract, { shapeAnnotations: value })
        .shapeAnnotations;
    expect(read('bogus')).toBe('jaxtyping');
    expect(read('off')).toBe('off');
    expect(read(3)).toBe('jaxtyping');
  });
});
