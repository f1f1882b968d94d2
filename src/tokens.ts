import { NotebookPanel } from '@jupyterlab/notebook';
import { Token } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { ISignal } from '@lumino/signaling';
import type { ReactElement } from 'react';
import { ICellAnalysis } from './analysis/index.js';
import { ICellFlow } from './analysis/index.js';

/**
 * One run of a cell, as it happened: what ran, when, whether it succeeded. Raw on purpose:
 * each feature derives what it needs (and caches it), so recording and persisting the log
 * parse nothing.
 */
export interface IExecutionRun {
  cellId: string;
  /** The source the cell had when it was scheduled. */
  source: string;
  /** When it was scheduled and when the kernel answered, in ms since the epoch. */
  start: number;
  end: number;
  success: boolean;
  /**
   * How many code cells JupyterLab scheduled with this one as one command (run all, run above
   * or below, restart and run all, several selected cells): 1 for a cell run alone. Absent in
   * runs kept by earlier versions.
   */
  batch?: number;
}

/** The runs of each notebook's cells, oldest first. */
export interface IExecutionLog {
  /** The runs recorded for a notebook, by its path. */
  runs(path: string): readonly IExecutionRun[];
  /** Emits the notebook path whose runs changed. */
  readonly changed: ISignal<IExecutionLog, string>;
}

export const IExecutionLog = new Token<IExecutionLog>(
  'jupyterlab-sane:IExecutionLog',
  "The runs of each notebook's cells (what ran, when, whether it succeeded), kept across reloads. Repeated-work hints, health and tests read it."
);

/** The analysis of one open notebook: its code cells' data flow, kept up to date. */
export interface INotebookFlows {
  /** The code cells' flows as of the last pass (empty until the first pass ends). */
  readonly flows: readonly ICellFlow[];
  /** Emits the flows after each pass: after edits (debounced), or when a feature asked. */
  readonly analysed: ISignal<INotebookFlows, readonly ICellFlow[]>;
  /** Whether the notebook's kernel may run Python, as far as its metadata says. */
  readonly isPython: boolean;
  /** The flows of the notebook as it is now, at once (a command cannot wait for a pass). */
  current(): readonly ICellFlow[];
  /** One source's analysis, from the notebook's cache. */
  cell(source: string): ICellAnalysis;
  /** Asks for a pass soon, e.g. because what a feature derives from the flows changed. */
  schedule(): void;
  /** Calls `also` on each analysis of a warm-up (e.g. to fingerprint it in the same slice). */
  warmWith(also: (analysis: ICellAnalysis) => void): IDisposable;
}

/** The one analysis service: each open notebook's analysis. */
export interface INotebookAnalysis {
  /** The analysis of an open notebook, disposed with its panel. */
  of(panel: NotebookPanel): INotebookFlows;
}

export const INotebookAnalysis = new Token<INotebookAnalysis>(
  'jupyterlab-sane:INotebookAnalysis',
  "Each open notebook's analysis (the code cells' data flow), made once per notebook and kept up to date after edits: repeated-work flags, test cells, extract and health read it instead of parsing."
);

/** The environment's words in the health popover's Environment row, for the active notebook. */
export interface IHealthSummary {
  level: 'ok' | 'warning';
  /** What its imports' last check found ("2 imports not declared: torch, tqdm"). */
  text: string;
  /** Where the kernel's environment lives and how long the imports take there. */
  where?: string;
  /** What to do about where it lives (network storage that slows the imports). */
  remedy?: string;
}

/**
 * What another plugin adds to the health popover's Environment row (the imports' findings),
 * so that health needs to know nothing of what it shows.
 */
export interface IHealthSection {
  /** The row's line for the active notebook, or null for none (no notebook). */
  summary(): IHealthSummary | null;
  /** What the row expands to (the findings and a way to check again), or null for nothing. */
  render(): ReactElement | null;
  /** Emits when the section would show something else. */
  readonly changed: ISignal<IHealthSection, void>;
}

export const IHealthSection = new Token<IHealthSection>(
  'jupyterlab-sane:IHealthSection',
  "The health popover's Environment row, from another plugin: whether the active notebook's imports are declared, where its environment lives, and the findings."
);

/** The worst finding about the active notebook's data ("3 files have one copy"). */
export interface IDataFinding {
  level: 'ok' | 'warning';
  text: string;
}

/** What the data plugin found about the active notebook's files, for the health popover. */
export interface IDataFindings {
  readonly finding: IDataFinding | null;
  /**
   * The active notebook's data paths, as its code writes them, that live where the batch
   * job's end wipes them ($SLURM_TMPDIR, $TMPDIR in a job): the job's notification names them.
   */
  readonly wiped: readonly string[];
  readonly changed: ISignal<IDataFindings, void>;
}

export const IDataFindings = new Token<IDataFindings>(
  'jupyterlab-sane:IDataFindings',
  "The worst finding about the active notebook's data files (slow storage, one copy, an LFS pointer): the health popover's Data line; and its files on the job's scratch, for the job's notification."
);
