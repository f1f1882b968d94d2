import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseDataSettings } from '../data/model';
import { parseHealthSettings } from '../health/settings';
import { parseRepeatsSettings } from '../repeats/settings';
import { parseTestsSettings } from '../testcells/settings';
import { IPropertySchema, readSettings } from './schemaSettings';
import { SCHEMAS } from './schemas';

// The schemas are the one source of truth of every setting: this checks, for every key of
// every schema, that what the plugins read agrees with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const embed = require('../../scripts/embed-schemas.cjs');

const DIR = join(__dirname, '..', '..', 'schema');
const NAMES = readdirSync(DIR)
  .filter(f => f.endsWith('.json'))
  .map(f => f.replace(/\.json$/, ''));

type Raw = Record<string, unknown>;

/** Each plugin's parser, its result put back in the schema's keys. */
const PARSERS: Record<string, (composite: Raw) => Raw> = {
  environment: c => readSettings(SCHEMAS.environment, c),
  data: c => parseDataSettings(c),
  execution: c => readSettings(SCHEMAS.execution, c),
  extract: c => readSettings(SCHEMAS.extract, c),
  modules: c => readSettings(SCHEMAS.modules, c),
  health: c => parseHealthSettings(c),
  repeats: c => parseRepeatsSettings(c),
  slice: c => readSettings(SCHEMAS.slice, c),
  tests: c => {
    const { detection, ...rest } = parseTestsSettings(c);
    const { helperPatterns, tagged, testFunctions, asserts } = detection;
    return {
      ...rest,
      detect: { tagged, testFunctions, asserts },
      helperPatterns
    };
  }
};

function schemaOf(name: string): {
  properties: Record<string, IPropertySchema>;
} {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
}

/** Every leaf property of a schema, with its path of keys. */
function leaves(
  properties: Record<string, IPropertySchema>,
  path: string[] = []
): [string[], IPropertySchema][] {
  return Object.entries(properties).flatMap(([key, property]) =>
    property.type === 'object'
      ? leaves(property.properties as Record<string, IPropertySchema>, [
          ...path,
          key
        ])
      : [[[...path, key], property] as [string[], IPropertySchema]]
  );
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Raw)?.[key], value);
}

function withValue(path: string[], value: unknown): Raw {
  return path.reduceRight<unknown>((v, key) => ({ [key]: v }), value) as Raw;
}

describe('the settings schemas', () => {
  it('are embedded as they are in schema/ (run jlpm build:lib after an edit)', () => {
    expect(readFileSync(embed.target, 'utf8')).toBe(embed.render());
    expect(Object.keys(SCHEMAS).sort()).toEqual([...NAMES].sort());
  });

  it('have a parser for each plugin', () => {
    expect(Object.keys(PARSERS).sort()).toEqual([...NAMES].sort());
  });

  describe.each(NAMES)('%s', name => {
    const schema = schemaOf(name);
    const parse = PARSERS[name];
    const cases = leaves(schema.properties).map(
      ([path, property]) => [path.join('.'), path, property] as const
    );

    it('nests object defaults equal to their properties’ defaults', () => {
      for (const property of Object.values(schema.properties)) {
        if (property.type === 'object') {
          const own = Object.fromEntries(
            Object.entries(property.properties ?? {}).map(([k, p]) => [
              k,
              p.default
            ])
          );
          expect(property.default).toEqual(own);
        }
      }
    });

    it('reads exactly the schema keys', () => {
      expect(Object.keys(parse({})).sort()).toEqual(
        Object.keys(schema.properties).sort()
      );
    });

    it.each(cases)('%s: its default, bounds and type', (_, path, property) => {
      const { default: fallback, minimum, maximum, type } = property;
      expect(fallback).toBeDefined();
      if (minimum !== undefined) {
        expect(fallback as number).toBeGreaterThanOrEqual(minimum);
      }
      if (maximum !== undefined) {
        expect(fallback as number).toBeLessThanOrEqual(maximum);
      }
      // Nothing set: the schema's default.
      expect(at(parse({}), path)).toEqual(fallback);
      // A value of another type: the default.
      const wrong = type === 'boolean' ? 'yes' : type === 'array' ? 3 : false;
      expect(at(parse(withValue(path, wrong)), path)).toEqual(fallback);
      // Out of bounds: the bound.
      if (minimum !== undefined) {
        expect(at(parse(withValue(path, minimum - 1000)), path)).toBe(minimum);
      }
      if (maximum !== undefined) {
        expect(at(parse(withValue(path, maximum + 1000)), path)).toBe(maximum);
      }
    });
  });
});
