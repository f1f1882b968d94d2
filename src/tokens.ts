import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';
import { IRun } from './analysis/repeats.js';

/** The runs of each notebook's cells, oldest first. */
export interface IExecutionLog {
  /** The runs recorded for a notebook, by its path. */
  runs(path: string): readonly IRun[];
  /** Emits the notebook path whose runs changed. */
  readonly changed: ISignal<IExecutionLog, string>;
}

export const IExecutionLog = new Token<IExecutionLog>(
  'jupyterlab-sane:IExecutionLog',
  "The runs of each notebook's cells (what ran, when, whether it succeeded), kept across reloads. Repeated-work hints, health and tests read it."
);
