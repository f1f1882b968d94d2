import { VDomModel } from '@jupyterlab/ui-components';
import { ExtractResult, planExtraction } from '../analysis/extract.js';
import { isIdentifier } from '../analysis/naming.js';
import { ICellFlow } from '../analysis/notebook.js';

/** Why a function name can't be used. */
export type NameProblem = 'invalid' | 'taken' | null;

/**
 * The state of the extract dialog: the function's name and the parameters the user keeps.
 * Every change re-plans the extraction, so the preview is always what the edit will write.
 */
export class ExtractModel extends VDomModel {
  constructor(flow: ICellFlow) {
    super();
    this._flow = flow;
    this._plan = planExtraction(flow);
    this._name = this._plan.ok ? this._plan.name : '';
    this.parameters = this._plan.ok ? [...this._plan.params] : [];
  }

  /** The parameters the default plan has: each can be unticked. */
  readonly parameters: readonly string[];

  get plan(): ExtractResult {
    return this._plan;
  }

  get name(): string {
    return this._name;
  }

  set name(name: string) {
    if (name !== this._name) {
      this._name = name;
      this._replan();
    }
  }

  /** Whether the name can be used; the preview keeps the last usable one meanwhile. */
  get nameProblem(): NameProblem {
    const name = this._name.trim();
    if (!isIdentifier(name)) {
      return 'invalid';
    }
    return this._flow.notebookNames.has(name) ? 'taken' : null;
  }

  isIncluded(param: string): boolean {
    return !this._excluded.has(param);
  }

  setIncluded(param: string, included: boolean): void {
    if (included) {
      this._excluded.delete(param);
    } else {
      this._excluded.add(param);
    }
    this._replan();
  }

  /** Whether the dialog may apply the plan. */
  get canApply(): boolean {
    return this._plan.ok && this.nameProblem === null;
  }

  private _replan(): void {
    const name = this.nameProblem === null ? this._name.trim() : undefined;
    const previous = this._plan;
    this._plan = planExtraction(this._flow, {
      name: name ?? (previous.ok ? previous.name : undefined),
      excludeParams: [...this._excluded]
    });
    this.stateChanged.emit(void 0);
  }

  private _flow: ICellFlow;
  private _plan: ExtractResult;
  private _name: string;
  private _excluded = new Set<string>();
}
