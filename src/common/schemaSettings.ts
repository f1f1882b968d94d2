import {
  readBoolean,
  readInteger,
  readNumber,
  readStringList
} from './settings.js';

/** What the readers use of a JSON schema property (see scripts/embed-schemas.cjs). */
export interface IPropertySchema {
  readonly type?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly properties?: { readonly [key: string]: IPropertySchema };
  readonly items?: IPropertySchema;
}

/** A plugin's schema: an object of properties, each with its default. */
export interface IObjectSchema {
  readonly properties: {
    readonly [key: string]: IPropertySchema & { readonly default: unknown };
  };
}

/** A schema default's type, widened from its literal (`3` -> number, `true` -> boolean). */
export type Widen<T> = T extends boolean
  ? boolean
  : T extends number
    ? number
    : T extends string
      ? string
      : T extends readonly (infer U)[]
        ? Widen<U>[]
        : { -readonly [K in keyof T]: Widen<T[K]> };

/** The typed settings of a schema: one field per property, of its default's type. */
export type SettingsOf<S extends IObjectSchema> = {
  -readonly [K in keyof S['properties']]: Widen<S['properties'][K]['default']>;
};

/**
 * Reads untrusted composite settings by their schema: a value of the wrong type gets the
 * schema's default, a number is clamped into the schema's bounds (integers rounded). The
 * Settings Editor already rejects bad values; this guards against hand-edited overrides and
 * old files. With no value at all, every key gets its schema default.
 */
export function readSettings<S extends IObjectSchema>(
  schema: S,
  composite: unknown
): SettingsOf<S> {
  return readObject(schema.properties, composite) as SettingsOf<S>;
}

function readObject(
  properties: { readonly [key: string]: IPropertySchema },
  value: unknown
): Record<string, unknown> {
  const raw =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  return Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [
      key,
      readValue(property, raw[key])
    ])
  );
}

function readValue(property: IPropertySchema, value: unknown): unknown {
  const fallback = property.default;
  const min = property.minimum ?? -Infinity;
  const max = property.maximum ?? Infinity;
  switch (property.type) {
    case 'boolean':
      return readBoolean(value, fallback as boolean);
    case 'integer':
      return readInteger(value, fallback as number, min, max);
    case 'number':
      return readNumber(value, fallback as number, min, max);
    case 'array':
      return readStringList(value, [...(fallback as string[])]);
    case 'object':
      return readObject(property.properties ?? {}, value);
    default:
      // A value outside the schema's choices (an old or hand-edited file) gets the default.
      return typeof value === typeof fallback &&
        (!property.enum || property.enum.includes(value))
        ? value
        : fallback;
  }
}
