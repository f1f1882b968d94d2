/** The code cells one command scheduled; the count grows while the command schedules them. */
export interface IBatch {
  readonly size: number;
}

/** A cell scheduled alone. */
export const SINGLE: IBatch = { size: 1 };

/**
 * Groups the cells scheduled in one synchronous turn. JupyterLab schedules every cell of one
 * command (run all, run above or below, restart and run all, several selected cells) in one
 * loop before it awaits anything, while each key press or click by hand is a turn of its own:
 * cells of one turn came from one command.
 */
export class Batches {
  /** The batch of a cell scheduled now. */
  next(): IBatch {
    let open = this._open;
    if (!open) {
      const fresh = { size: 0 };
      open = this._open = fresh;
      queueMicrotask(() => {
        if (this._open === fresh) {
          this._open = null;
        }
      });
    }
    open.size++;
    return open;
  }

  private _open: { size: number } | null = null;
}
