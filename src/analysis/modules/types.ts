/** What a move to a module asks for and what it answers. */

export interface IMoveOptions {
  /** The module's path relative to the notebook's folder, `/`-separated, ending in `.py`. */
  module: string;
  /** The module's current text, or null when the file does not exist yet. */
  existing?: string | null;
  /** Move the test cells that test only moved names into `test_<module>.py` beside it. */
  tests?: boolean;
  /** The tests file's current text, or null when it does not exist yet. */
  existingTests?: string | null;
  /** Move only the definitions of a cell that also does work, and keep the rest as a cell. */
  definitionsOnly?: boolean;
  /** Notebook globals the moved functions read, to become their keyword parameters. */
  parameters?: readonly string[];
}

export type MoveRefusalCode =
  | 'bad-module'
  | 'syntax-error'
  | 'magic'
  | 'main-only'
  | 'does-work'
  | 'nothing-to-move'
  | 'reads-global'
  | 'definition-state'
  | 'writes-global'
  | 'rebound'
  | 'dependency-cell'
  | 'star-import'
  | 'relative-import'
  | 'module-defines';

/** What the user may do instead of a refused move. */
export type MoveOffer =
  | { kind: 'definitions-only' }
  | { kind: 'parameter'; function: string; name: string };

export interface IMoveRefusal {
  ok: false;
  code: MoveRefusalCode;
  /** A sentence naming the name at fault. */
  reason: string;
  name: string | null;
  /** 1-based lines of the cell at fault, when the reason is about lines. */
  lines?: number[];
  offer?: MoveOffer;
}

/** A span of the new module text that the move adds (for marking it in a preview). */
export interface ISpan {
  from: number;
  to: number;
}

export interface IMovePlan {
  ok: true;
  module: string;
  /** The dotted name the notebook imports it by. */
  moduleName: string;
  moduleSource: string;
  added: ISpan[];
  /** The functions and classes the notebook imports from the module, in module order. */
  names: string[];
  cells: {
    /** The notebook index of the cell that becomes the import cell. */
    replace: number;
    /** The notebook indexes of the other cells that leave. */
    remove: number[];
    source: string;
  };
  tests: { path: string; source: string; cells: number[] } | null;
  /** Other cells whose calls pass the new keyword parameters (empty unless asked). */
  edits: { index: number; source: string }[];
}

export type MoveResult = IMovePlan | IMoveRefusal;
