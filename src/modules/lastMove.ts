import { IStateDB } from '@jupyterlab/statedb';
import { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import type { IMoveRecord } from './undo.js';

/** The state database key of the last move, for Undo move after a reload. */
const KEY = 'jupyterlab-sane:modules:last-move';

function isRecord(value: unknown): value is IMoveRecord {
  const v = value as Partial<IMoveRecord> | null;
  return (
    typeof v?.notebook === 'string' &&
    Array.isArray(v.writes) &&
    typeof v.cells === 'object' &&
    v.cells !== null &&
    Array.isArray(v.cells.originals)
  );
}

/**
 * The last move, which Undo move reverses. It is kept in the state database (when there is
 * one) so that a reload does not lose it: the files' earlier content is in their checkpoints,
 * the notebook's moved cells in the record.
 */
export class LastMove {
  constructor(private _state: IStateDB | null) {}

  get record(): IMoveRecord | null {
    return this._record;
  }

  /** Reads the move kept before the page was loaded, unless one was made since. */
  async load(): Promise<void> {
    let value: unknown = null;
    try {
      value = this._state ? await this._state.fetch(KEY) : null;
    } catch {
      // A state database that can't be read only costs the undo of an earlier page's move.
      value = null;
    }
    if (this._record === null && isRecord(value)) {
      this._record = value;
    }
  }

  async set(record: IMoveRecord | null): Promise<void> {
    this._record = record;
    if (!this._state) {
      return;
    }
    if (record) {
      // The record is JSON by construction (paths, texts, cells' JSON).
      await this._state.save(
        KEY,
        record as unknown as ReadonlyPartialJSONValue
      );
    } else {
      await this._state.remove(KEY);
    }
  }

  private _record: IMoveRecord | null = null;
}
