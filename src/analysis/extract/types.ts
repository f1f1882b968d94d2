/**
 * Types the extraction's plan and its rendering share: here so that render.ts and extract.ts
 * need not import each other.
 */

/** A literal of the cell (offsets in its source) turned into a keyword parameter. */
export interface ILiteralParam {
  from: number;
  to: number;
  name: string;
  /** The literal's `name = literal` statement goes: the parameter binds `name` instead. */
  drop?: boolean;
  /** The call passes the value by keyword, for the user to change it there. */
  inCall?: boolean;
}

/** How the value of a last expression keeps being displayed after the extraction. */
export type DisplayMode = 'none' | 'return' | 'after-call' | 'extra-result';
