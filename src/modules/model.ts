import { VDomModel } from '@jupyterlab/ui-components';
import { MoveResult, planMove } from '../analysis/index.js';
import { INotebookCell, NotebookAnalyzer } from '../analysis/index.js';

/** A code cell that defines functions or classes: what the dialog offers to move. */
export interface ICandidate {
  index: number;
  names: string[];
}

/** The module's and the tests file's current text (null: no such file yet). */
export interface IExisting {
  module: string | null;
  tests: string | null;
}

export namespace MoveModel {
  export interface IOptions {
    cells: readonly INotebookCell[];
    candidates: readonly ICandidate[];
    /** The cells ticked at first (the active or selected ones). */
    selection: readonly number[];
    module: string;
    tests: boolean;
    /**
     * Reads what the files hold now; throws (with the sentence to show) when the module
     * can't be used: outside the root, not a file, unreadable.
     */
    read: (module: string) => Promise<IExisting>;
    /** Sentences about the notebook to show before moving (unsaved, untitled). */
    notes?: readonly string[];
  }
}

/**
 * The move dialog's state: which cells, which module, which options; the engine's plan for
 * them, computed again on each change once the module's current text is known.
 */
export class MoveModel extends VDomModel {
  constructor(options: MoveModel.IOptions) {
    super();
    this._options = options;
    const allowed = new Set(options.candidates.map(c => c.index));
    this._selection = new Set(options.selection.filter(i => allowed.has(i)));
    this._tests = options.tests;
    this._module = options.module;
    this.ready = this._load();
  }

  /** Settles when the current module's text has been read (and the plan made). */
  ready: Promise<void>;

  get notes(): readonly string[] {
    return this._options.notes ?? [];
  }

  /** Modules the notebook already imports from: offered first for the module path. */
  get suggestions(): readonly string[] {
    return this._suggestions;
  }

  set suggestions(value: readonly string[]) {
    this._suggestions = value;
    this.stateChanged.emit(void 0);
  }

  get candidates(): readonly ICandidate[] {
    return this._options.candidates;
  }

  isSelected(index: number): boolean {
    return this._selection.has(index);
  }

  setSelected(index: number, on: boolean): void {
    if (on) {
      this._selection.add(index);
    } else {
      this._selection.delete(index);
    }
    this._replan();
  }

  get module(): string {
    return this._module;
  }

  set module(value: string) {
    if (value === this._module) {
      return;
    }
    this._module = value;
    this.ready = this._load();
  }

  get tests(): boolean {
    return this._tests;
  }

  set tests(value: boolean) {
    this._tests = value;
    this._replan();
  }

  get definitionsOnly(): boolean {
    return this._definitionsOnly;
  }

  set definitionsOnly(value: boolean) {
    this._definitionsOnly = value;
    this._replan();
  }

  /** Notebook globals the moved functions take as keyword parameters. */
  get parameters(): readonly string[] {
    return this._parameters;
  }

  /** Takes what a refusal offers: the definitions alone, or a global as a parameter. */
  acceptOffer(): void {
    const plan = this._plan;
    const offer = plan && !plan.ok ? plan.offer : undefined;
    if (offer?.kind === 'definitions-only') {
      this._definitionsOnly = true;
    } else if (offer?.kind === 'parameter') {
      this._parameters = [...this._parameters, offer.name];
    }
    this._replan();
  }

  /** The plan; null while the module is being read or when it can't be used. */
  get plan(): MoveResult | null {
    return this._plan;
  }

  /** Why the module can't be used (read before planning), or null. */
  get fileProblem(): string | null {
    return this._fileProblem;
  }

  /** The files' text the plan was made against: the move writes over exactly these. */
  get existing(): IExisting | null {
    return this._existing;
  }

  private async _load(): Promise<void> {
    const module = this._module;
    this._plan = null;
    this._existing = null;
    this._fileProblem = null;
    this.stateChanged.emit(void 0);
    let existing: IExisting | null = null;
    let problem: string | null = null;
    try {
      existing = await this._options.read(module);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    // A later edit of the path started its own read: this answer is stale.
    if (module !== this._module || this.isDisposed) {
      return;
    }
    this._existing = existing;
    this._fileProblem = problem;
    this._replan();
  }

  private _replan(): void {
    const existing = this._existing;
    this._plan = existing
      ? planMove(
          this._options.cells,
          [...this._selection].sort((a, b) => a - b),
          {
            module: this._module,
            existing: existing.module,
            tests: this._tests,
            existingTests: existing.tests,
            definitionsOnly: this._definitionsOnly,
            parameters: this._parameters
          },
          this._analyzer
        )
      : null;
    this.stateChanged.emit(void 0);
  }

  private _options: MoveModel.IOptions;
  private _analyzer = new NotebookAnalyzer();
  private _selection: Set<number>;
  private _module: string;
  private _tests: boolean;
  private _definitionsOnly = false;
  private _parameters: string[] = [];
  private _suggestions: readonly string[] = [];
  private _existing: IExisting | null = null;
  private _fileProblem: string | null = null;
  private _plan: MoveResult | null = null;
}
