import { JupyterFrontEnd } from '@jupyterlab/application';
import { Cell, ICellModel } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  copyIcon,
  fastForwardIcon,
  LabIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { cellFingerprint } from '../analysis/index.js';
import { ICellFlow } from '../analysis/index.js';
import { FeatureModel } from '../common/featureModel.js';
import { CommandIDs as ExtractCommandIDs } from '../extract/commands.js';
import { METADATA_KEY } from '../notebook/constants.js';
import { goToCell } from '../notebook/navigate.js';
import { IExecutionLog, INotebookFlows } from '../tokens.js';
import { Flag, flagsFor, reasonOf, withDifferences } from './findings.js';
import { RunDescriptions } from './runs.js';
import { IRepeatsSettings } from './settings.js';

const BADGE = 'jp-sane-Flag';

interface ISaneMetadata {
  dismissed?: unknown;
  [key: string]: unknown;
}

/** The kinds of flag dismissed on a cell (its metadata may hold anything: only strings count). */
function dismissedOf(cell: ICellModel): string[] {
  const state = cell.getMetadata(METADATA_KEY) as ISaneMetadata | undefined;
  return Array.isArray(state?.dismissed)
    ? state.dismissed.filter((k): k is string => typeof k === 'string')
    : [];
}

/**
 * The repeated-work flags of one notebook. Flags are computed from the notebook's cells and
 * its execution log, keyed by cell id, and drawn as a badge on each flagged cell widget (the
 * widgets exist for every cell, windowed or not). Recomputed after each pass of the notebook's
 * analysis; a change of the runs or the settings asks the analysis for a pass (debounced there).
 */
export class NotebookFlags implements IDisposable {
  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _panel: NotebookPanel,
    private readonly _analysis: INotebookFlows,
    private readonly _log: IExecutionLog,
    private readonly _feature: FeatureModel<IRepeatsSettings>,
    private readonly _trans: TranslationBundle
  ) {
    _log.changed.connect(this._onLog, this);
    _feature.stateChanged.connect(this._schedule, this);
    _analysis.analysed.connect(this._compute, this);
    // Clones need every cell's fingerprint: made in the same slices as the analyses.
    this._warmHook = _analysis.warmWith(analysis => {
      if (this._feature.settings.clones) {
        cellFingerprint(analysis);
      }
    });
    this._compute(_analysis, _analysis.flows);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The flags now shown, by cell id. */
  get flags(): ReadonlyMap<string, Flag[]> {
    return this._flags;
  }

  /** Whether the notebook's kernel runs Python (otherwise: exact copies only). */
  get python(): boolean {
    return this._analysis.isPython;
  }

  /** Emits after the flags were computed again. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Makes the next flagged cell after the active one active, wrapping around. */
  next(): void {
    const cells = this._panel.content.widgets;
    const active = this._panel.content.activeCellIndex;
    const flagged = cells
      .map((cell, index) => (this._flags.has(cell.model.id) ? index : -1))
      .filter(index => index >= 0);
    const target = flagged.find(index => index > active) ?? flagged[0];
    if (target !== undefined) {
      goToCell(this._panel, target);
    }
  }

  /**
   * Shows again every hint dismissed on the notebook's cells, in one undo step; the rest of
   * the cells' metadata stays. Returns how many cells had hints dismissed.
   */
  restoreDismissed(): number {
    const model = this._panel.model;
    if (!model) {
      return 0;
    }
    const cells = Array.from(model.cells).filter(
      c => dismissedOf(c).length > 0
    );
    model.sharedModel.transact(() => {
      for (const cell of cells) {
        const rest = { ...(cell.getMetadata(METADATA_KEY) as ISaneMetadata) };
        delete rest.dismissed;
        if (Object.keys(rest).length > 0) {
          cell.setMetadata(METADATA_KEY, rest);
        } else {
          cell.deleteMetadata(METADATA_KEY);
        }
      }
    });
    if (cells.length > 0) {
      this._schedule();
    }
    return cells.length;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._log.changed.disconnect(this._onLog, this);
    this._feature.stateChanged.disconnect(this._schedule, this);
    this._analysis.analysed.disconnect(this._compute, this);
    this._warmHook.dispose();
    this._panel.content.widgets.forEach(cell => this._draw(cell, []));
    Signal.clearData(this);
  }

  private _onLog(_: unknown, path: string): void {
    if (path === this._panel.context.path) {
      this._schedule();
    }
  }

  private _schedule(): void {
    this._analysis.schedule();
  }

  /** The flags of the pass's flows (the cells as that pass read them). */
  private _compute(_: unknown, flows: readonly ICellFlow[]): void {
    const model = this._panel.model;
    if (!model || this._isDisposed) {
      return;
    }
    const cells = flows.map(({ cell }) => ({
      ...cell,
      dismissed: dismissedOf(model.cells.get(cell.index))
    }));
    this._flags = flagsFor({
      cells,
      runs: this._describedRuns(),
      python: this._analysis.isPython,
      settings: this._feature.settings,
      analyze: source => this._analysis.cell(source)
    });
    this._panel.content.widgets.forEach(cell =>
      this._draw(cell, this._flags.get(cell.model.id) ?? [])
    );
    this._changed.emit();
  }

  /** The runs described for the findings, only when a finding reads them. */
  private _describedRuns() {
    const settings = this._feature.settings;
    const read =
      settings.enabled &&
      this._analysis.isPython &&
      (settings.reruns || settings.sequences);
    return read
      ? this._runs.describe(this._log.runs(this._panel.context.path))
      : [];
  }

  /** Puts a cell's badge in step with its flags. */
  private _draw(cell: Cell, flags: Flag[]): void {
    let badge = cell.node.querySelector<HTMLButtonElement>(
      `:scope > .${BADGE}`
    );
    if (flags.length === 0) {
      badge?.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement('button');
      badge.className = BADGE;
      badge.addEventListener('click', () =>
        // Said, not swallowed: a popup that fails to load must leave a trace.
        this._open(cell.model.id).catch(reason =>
          console.error('jupyterlab-sane: the flag did not open.', reason)
        )
      );
      cell.node.appendChild(badge);
    }
    const kinds = flags.map(f => f.kind).join(' ');
    if (badge.dataset.kinds !== kinds) {
      badge.replaceChildren(...flags.map(f => this._label(f.kind)));
    }
    const reasons = flags.map(f => reasonOf(f, this._trans)).join(' ');
    badge.title = reasons;
    badge.setAttribute(
      'aria-label',
      this._trans.__('Repeated work: %1', reasons)
    );
    badge.dataset.kinds = kinds;
  }

  /** A kind's part of the badge: JupyterLab's icon (glyphs miss from some fonts) and a word. */
  private _label(kind: Flag['kind']): HTMLElement {
    const looks: Record<Flag['kind'], [LabIcon, string]> = {
      rerun: [refreshIcon, this._trans.__('re-run')],
      clone: [copyIcon, this._trans.__('copy')],
      sequence: [fastForwardIcon, this._trans.__('pipeline')]
    };
    const [icon, word] = looks[kind];
    const part = document.createElement('span');
    part.className = `${BADGE}-part`;
    part.append(
      icon.element({ tag: 'span', className: `${BADGE}-icon` }),
      word
    );
    return part;
  }

  private async _open(cellId: string): Promise<void> {
    const flags = this._flags.get(cellId) ?? [];
    const shown = withDifferences(cellId, flags, id => {
      const cell = this._panel.content.widgets.find(w => w.model.id === id);
      return cell
        ? this._analysis.cell(cell.model.sharedModel.getSource())
        : null;
    });
    // The dialog's code loads on the first click of a badge, not with the page.
    const { openFlags } = await import('./view.js');
    const action = await openFlags(shown, this._panel, this._trans);
    if (action === 'extract') {
      // A re-run's changed values become keyword parameters; a copy's flag replaces copies.
      const keywords = flags.flatMap(f =>
        f.kind === 'rerun' ? f.changes.map(c => c.label) : []
      );
      await this._app.commands.execute(ExtractCommandIDs.extract, {
        path: this._panel.context.path,
        cellId,
        keywords,
        replaceCopies: flags.some(f => f.kind === 'clone'),
        copyIds: flags.flatMap(f => (f.kind === 'clone' ? f.others : [])),
        // A sequence's Extract takes the whole sequence.
        cellIds: flags.find(f => f.kind === 'sequence')?.cellIds ?? []
      });
    } else if (action === 'dismiss') {
      const cell = this._panel.content.widgets.find(w => w.model.id === cellId);
      if (cell) {
        const state = (cell.model.getMetadata(METADATA_KEY) ??
          {}) as ISaneMetadata;
        const dismissed = [
          ...new Set([...dismissedOf(cell.model), ...flags.map(f => f.kind)])
        ];
        cell.model.setMetadata(METADATA_KEY, { ...state, dismissed });
        this._schedule();
      }
    }
  }

  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _flags: ReadonlyMap<string, Flag[]> = new Map();
  private _warmHook: IDisposable;
  private _runs = new RunDescriptions();
}
