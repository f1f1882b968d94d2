import { VDomModel } from '@jupyterlab/ui-components';
import { ICellAnalysis } from '../analysis/index.js';
import {
  copiesOf,
  ICopyCall,
  ICopySkip,
  planWithCopies
} from '../analysis/index.js';
import {
  ExtractResult,
  IExtractOptions,
  ILiteralParam,
  planExtraction
} from '../analysis/index.js';
import { hintFor, IParamHint, IValueType } from '../analysis/index.js';
import {
  ILiteralCandidate,
  literalCandidates,
  literalParams,
  literalPreviewLines,
  literalType
} from '../analysis/index.js';
import { stateChangingLines } from '../analysis/index.js';
import { isIdentifier } from '../analysis/index.js';
import { ICellFlow } from '../analysis/index.js';
import { jaxtypingHints } from '../analysis/index.js';
import { analyzeCell } from '../analysis/index.js';
import {
  ICallSite,
  IKernelValue,
  namesRebound,
  renderSmokeTest
} from '../analysis/index.js';

/** jaxtyping's names spelled through the module: `jaxtyping.Float[...]`. */
function qualified(
  hints: Record<string, IParamHint>
): Record<string, IParamHint> {
  return Object.fromEntries(
    Object.entries(hints).map(([name, hint]) => [
      name,
      {
        ...hint,
        annotation:
          hint.annotation?.replace(
            /^(Float|Int|Bool|Shaped)\[/,
            'jaxtyping.$1['
          ) ?? null
      }
    ])
  );
}

/** Why a function name can't be used. */
export type NameProblem = 'invalid' | 'taken' | null;

/** The `shapeAnnotations` setting. */
export type ShapeStyle = 'jaxtyping' | 'docstring' | 'off';

/** Type hints: not asked, being asked, applied, or the kernel did not answer in time. */
export type HintState = 'off' | 'asking' | 'on' | 'timeout';

export namespace ExtractModel {
  export interface IOptions {
    /** The notebook's import names up to the cell: hints are written with them. */
    imports?: ReadonlyMap<string, string>;
    /** The notebook's flows, to find the cell's copies. */
    flows?: readonly ICellFlow[];
    /** Asks a live kernel what the names hold; absent when no Python kernel is idle. */
    askTypes?: (
      names: readonly string[]
    ) => Promise<Record<string, IKernelValue> | null>;
    /**
     * Values to make keyword parameters at once: the names they are assigned or passed to, or
     * the literals as written (a re-run flag's changed values).
     */
    keywords?: readonly string[];
    /** Start with the copies replaced by calls (opened from a copy flag). */
    replaceCopies?: boolean;
    /**
     * The positions of the copies a copy flag named: those that can't become calls are
     * listed with the reason, so the option the flag promised is never silently missing.
     */
    flaggedCopies?: readonly number[];
    /**
     * Plans something else than the flow's one cell (a block of cells) with the dialog's
     * options; then neither copies nor values as keyword parameters are offered.
     */
    plan?: (options: IExtractOptions) => ExtractResult;
    /** How type hints show shapes: jaxtyping annotations (when the kernel has it), the docstring, or not at all. */
    shapes?: ShapeStyle;
    /** Asks the kernel, silently, whether it can import jaxtyping. */
    askJaxtyping?: () => Promise<boolean>;
    /** The cells the edit turns into the function, in order; the flow's cell when omitted. */
    extracted?: readonly ICellAnalysis[];
  }
}

/**
 * The copies that can't become calls: those the analysis skipped, and those a flag named that
 * are no copies by names and values (near-copies, whose code differs).
 */
function skipsOf(
  skipped: readonly ICopySkip[],
  flows: readonly ICellFlow[],
  flagged: readonly number[] = []
): ICopySkip[] {
  const known = new Set(flows.map(f => f.cell.index));
  const near = flagged
    .filter(index => !known.has(index))
    .map(index => ({
      index,
      reason: 'its code differs in more than names and values'
    }));
  return [...skipped, ...near].sort((a, b) => a.index - b.index);
}

/** The literals the dialog lists, at most: a long cell's every number would drown the form. */
const MAX_LITERALS = 40;

/**
 * The state of the extract dialog: the function's name and the parameters the user keeps.
 * Every change re-plans the extraction, so the preview is always what the edit will write.
 */
export class ExtractModel extends VDomModel {
  constructor(flow: ICellFlow, options: ExtractModel.IOptions = {}) {
    super();
    this._flow = flow;
    this._imports = options.imports ?? new Map();
    this._askTypes = options.askTypes ?? null;
    this._shapes = options.shapes ?? 'jaxtyping';
    this._askJaxtyping = options.askJaxtyping ?? null;
    this._planner = options.plan ?? (o => planExtraction(flow, o));
    const single = !options.plan;
    // Only the cell and its copies matter for re-planning: found once, not on every keystroke.
    this._flows = single ? [flow, ...copiesOf(options.flows ?? [], flow)] : [];
    this._allFlows = options.flows ?? [];
    const withCopies = single ? planWithCopies(this._flows, flow) : null;
    this.copyCount = withCopies?.copies.length ?? 0;
    this.copySkips = single
      ? skipsOf(withCopies?.skipped ?? [], this._flows, options.flaggedCopies)
      : [];
    this.stateChanges = [
      ...new Set(
        (options.extracted ?? [flow.analysis]).flatMap(a =>
          stateChangingLines(a).map(l => l.what)
        )
      )
    ];
    this.timesInside = (options.extracted ?? [flow.analysis]).some(a =>
      a.ipython.magics.some(m => m.kind === 'magic' && m.name === 'timeit')
    );
    this._plan = this._planner({});
    this._name = this._plan.ok ? this._plan.name : '';
    this.parameters = this._plan.ok ? [...this._plan.params] : [];
    this.literals =
      this._plan.ok && single
        ? literalCandidates(flow.analysis).slice(0, MAX_LITERALS)
        : [];
    const keywords = new Set(options.keywords ?? []);
    this.literals.forEach((c, i) => {
      if (keywords.has(c.label) || (!c.label && keywords.has(c.text))) {
        this._literals.add(i);
      }
    });
    if (options.replaceCopies && this.copyCount > 0) {
      this._replaceCopies = true;
    }
    if (this._literals.size > 0 || this._replaceCopies) {
      this._replan();
    }
  }

  /** The cell's values that can become keyword parameters, the value the default. */
  readonly literals: readonly ILiteralCandidate[];

  isLiteralParam(index: number): boolean {
    return this._literals.has(index);
  }

  setLiteralParam(index: number, on: boolean): void {
    if (on) {
      this._literals.add(index);
    } else {
      this._literals.delete(index);
    }
    this._replan();
  }

  /** Replacing the copies makes their differing values the parameters: then these wait. */
  get literalsAvailable(): boolean {
    return !this._replaceCopies;
  }

  /** The preview's line (1-based) where each of `literals` now is, or null. */
  get literalLines(): (number | null)[] {
    const plan = this._plan;
    return plan.ok
      ? literalPreviewLines(
          this._flow.analysis.source,
          this.literals,
          this._literalNames,
          plan.source
        )
      : this.literals.map(() => null);
  }

  /** The name each chosen value takes as a parameter, by its index in `literals`. */
  get literalNames(): ReadonlyMap<number, string> {
    return this._literalNames;
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

  /** How many copies of the cell could become calls too. */
  readonly copyCount: number;

  /**
   * What the extracted code changes of the interpreter's state (`sys.path.insert`, `%cd`): the
   * function still does it when called, where the cell ran; the dialog says so.
   */
  readonly stateChanges: readonly string[];
  /** Whether the extracted code has `%timeit` lines: they stay inside the function. */
  readonly timesInside: boolean;
  /** The copies that stay as they are, each with the reason, by position in the notebook. */
  readonly copySkips: readonly ICopySkip[];

  get replaceCopies(): boolean {
    return this._replaceCopies;
  }

  set replaceCopies(on: boolean) {
    if (on !== this._replaceCopies) {
      this._replaceCopies = on && this.copyCount > 0;
      this._replan();
    }
  }

  /** The copies the edit replaces by calls, with their new sources. */
  get copies(): readonly ICopyCall[] {
    return this._copies;
  }

  /** Whether the edit also adds a test cell that calls the new function (see smokeTestFor). */
  get smokeTest(): boolean {
    return this._smokeTest && this.smokeRebinds.length === 0;
  }

  /**
   * The notebook names the new function rebinds (`global`, itself or through the notebook
   * functions it calls): a smoke test would change them, so none is offered.
   */
  get smokeRebinds(): readonly string[] {
    const plan = this._plan;
    if (!plan.ok) {
      return [];
    }
    if (this._rebinds?.plan !== plan) {
      const cells = [
        ...this._allFlows.map(f => f.analysis),
        analyzeCell(plan.source)
      ];
      this._rebinds = { plan, names: namesRebound(cells, plan.name) };
    }
    return this._rebinds.names;
  }

  set smokeTest(on: boolean) {
    if (on !== this._smokeTest) {
      this._smokeTest = on;
      this.stateChanged.emit(void 0);
      if (on) {
        void this.smokeReady;
      }
    }
  }

  /**
   * The smoke-test cell the edit adds, as the preview shows it: written from what the kernel
   * holds (asked once per name); null when the option is off or nothing can call the function.
   */
  get smokeSource(): string | null {
    return this.smokeTest ? this.smokeTestFor(this._smokeValues) : null;
  }

  /** Settles once the kernel has said (or failed to say) what the smoke test's names hold. */
  get smokeReady(): Promise<void> {
    const missing = this.smokeNames.filter(n => !this._smokeAsked.has(n));
    if (missing.length === 0 || !this._askTypes) {
      return this._smokePending;
    }
    missing.forEach(n => this._smokeAsked.add(n));
    const ask = this._askTypes;
    this._smokePending = this._smokePending.then(async () => {
      const values = await ask(missing);
      if (!this.isDisposed) {
        Object.assign(this._smokeValues, values ?? {});
        this.stateChanged.emit(void 0);
      }
    });
    return this._smokePending;
  }

  /** The names the smoke test asks the kernel about: the call's arguments and results. */
  get smokeNames(): string[] {
    const plan = this._plan;
    return plan.ok ? [...plan.params, ...plan.returns] : [];
  }

  /** The smoke-test cell for the planned function, from what the kernel holds now. */
  smokeTestFor(values: Readonly<Record<string, IKernelValue>>): string | null {
    const plan = this._plan;
    if (!plan.ok) {
      return null;
    }
    const nameArgs: ICallSite['nameArgs'] = [];
    let args = '';
    for (const param of plan.params) {
      args += args ? ', ' : '';
      nameArgs.push({
        name: param,
        from: args.length,
        to: args.length + param.length
      });
      args += param;
    }
    return renderSmokeTest({
      fn: plan.name,
      site: {
        targets: plan.returns,
        args,
        nameArgs,
        isAwait: plan.async,
        cell: 0
      },
      values,
      imports: this._imports
    });
  }

  /** Whether type hints can be asked of a kernel. */
  get hintsAvailable(): boolean {
    return this._askTypes !== null;
  }

  get hintState(): HintState {
    return this._hintState;
  }

  /** Switches type hints on (asking the kernel once) or off. */
  async useTypeHints(on: boolean): Promise<void> {
    if (!on || !this._askTypes) {
      this._hintState = 'off';
      this._replan();
      return;
    }
    this._hintState = 'asking';
    this.stateChanged.emit(void 0);
    const plan = this._plan;
    const names = [...this.parameters, ...(plan.ok ? plan.returns : [])];
    const [types, jaxtyping] = await Promise.all([
      this._types ? Promise.resolve(this._types) : this._askTypes(names),
      this._shapes === 'jaxtyping' && this._askJaxtyping
        ? (this._jaxtyping ?? this._askJaxtyping())
        : Promise.resolve(false)
    ]);
    this._types = types;
    this._jaxtyping = jaxtyping;
    if (this.isDisposed) {
      return;
    }
    this._hintState = this._types ? 'on' : 'timeout';
    this._replan();
  }

  /** Whether the dialog may apply the plan. */
  get canApply(): boolean {
    return this._plan.ok && this.nameProblem === null;
  }

  private _replan(): void {
    const name = this.nameProblem === null ? this._name.trim() : undefined;
    const previous = this._plan;
    const options = {
      name: name ?? (previous.ok ? previous.name : undefined),
      excludeParams: [...this._excluded],
      ...this._typeOptions()
    };
    this._literalNames.clear();
    if (this._replaceCopies) {
      const result = planWithCopies(this._flows, this._flow, options);
      this._plan = result.plan;
      this._copies = result.copies;
    } else {
      const literals = this._literalParams(options);
      this._plan = this._planner({
        ...options,
        literals,
        hints: this._withLiteralHints(options.hints, literals)
      });
      this._copies = [];
    }
    this.stateChanged.emit(void 0);
    if (this._smokeTest) {
      // New parameters or results: the kernel is asked about the new names too.
      void this.smokeReady;
    }
  }

  /** The chosen values as keyword parameters, named against the plan without them. */
  private _literalParams(options: IExtractOptions): ILiteralParam[] {
    if (this._literals.size === 0) {
      return [];
    }
    const base = planExtraction(this._flow, options);
    if (!base.ok) {
      return [];
    }
    const chosen = [...this._literals].sort((a, b) => a - b);
    const params = literalParams(
      this._flow.analysis,
      chosen.map(i => this.literals[i]),
      base
    );
    chosen.forEach(i => {
      const c = this.literals[i];
      const param = params.find(p => p.from === c.from);
      if (param) {
        this._literalNames.set(i, param.name);
      }
    });
    return params;
  }

  /**
   * With type hints on, each value made a parameter is annotated with its own type (`lr:
   * float = 1.0`), not the type of a notebook name it may share its name with.
   */
  private _withLiteralHints(
    hints: IExtractOptions['hints'],
    literals: readonly ILiteralParam[]
  ): IExtractOptions['hints'] {
    if (this._hintState !== 'on' || literals.length === 0) {
      return hints;
    }
    const out = { ...hints };
    for (const l of literals) {
      const annotation = literalType(
        this._flow.analysis.source.slice(l.from, l.to)
      );
      if (annotation) {
        out[l.name] = { annotation, detail: null };
      } else {
        delete out[l.name];
      }
    }
    return out;
  }

  /** Whether the annotations are jaxtyping's (the kernel has it and the setting asks). */
  get jaxtyping(): boolean {
    return this._hintState === 'on' && this._jaxtyping === true;
  }

  /** The options type hints add to a plan: annotations, and jaxtyping's import. */
  private _typeOptions(): IExtractOptions {
    const plan = this._plan;
    if (!this.jaxtyping || !this._types || !plan.ok) {
      return { hints: this._hints() };
    }
    const names = [...plan.params, ...plan.returns];
    const shaped = jaxtypingHints(
      names,
      this._types,
      this._imports,
      plan.params
    );
    // A notebook name `Float` of its own: the annotations go through the module instead.
    const clash = shaped.kinds.some(k => this._flow.notebookNames.has(k));
    const hints = clash ? qualified(shaped.hints) : shaped.hints;
    const preamble =
      shaped.kinds.length === 0
        ? []
        : clash
          ? ['import jaxtyping']
          : [`from jaxtyping import ${shaped.kinds.join(', ')}`];
    return { hints, returnHints: hints, preamble };
  }

  private _hints(): Record<string, IParamHint> {
    const out: Record<string, IParamHint> = {};
    if (this._hintState === 'on' && this._types) {
      for (const [name, value] of Object.entries(this._types)) {
        const hint = hintFor(value, this._imports);
        out[name] = this._shapes === 'off' ? { ...hint, detail: null } : hint;
      }
    }
    return out;
  }

  private _flow: ICellFlow;
  private _planner: (options: IExtractOptions) => ExtractResult;
  private _flows: readonly ICellFlow[];
  private _allFlows: readonly ICellFlow[];
  private _rebinds: { plan: ExtractResult; names: string[] } | null = null;
  private _replaceCopies = false;
  private _smokeTest = false;
  private _smokeValues: Record<string, IKernelValue> = {};
  private _smokeAsked = new Set<string>();
  private _smokePending: Promise<void> = Promise.resolve();
  private _copies: readonly ICopyCall[] = [];
  private _imports: ReadonlyMap<string, string>;
  private _askTypes: ExtractModel.IOptions['askTypes'] | null;
  private _types: Record<string, IValueType> | null = null;
  private _shapes: ShapeStyle;
  private _askJaxtyping: (() => Promise<boolean>) | null;
  private _jaxtyping: Promise<boolean> | boolean | null = null;
  private _hintState: HintState = 'off';
  private _plan: ExtractResult;
  private _name: string;
  private _excluded = new Set<string>();
  private _literals = new Set<number>();
  private _literalNames = new Map<number, string>();
}
