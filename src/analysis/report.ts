import {
  cellFingerprint,
  groupClones,
  ICloneOptions,
  DEFAULT_CLONE_OPTIONS,
  CloneKind,
  IFingerprint,
  longEnoughForClones
} from './repeats/index.js';
import {
  ExtractResult,
  IExtractPlan,
  IExtractRefusal,
  planExtraction
} from './extract/index.js';
import { INotebookCell, NotebookAnalyzer } from './core/index.js';
import { detectTestCell } from './testcells/index.js';

export interface INotebookInput {
  path: string;
  cells: INotebookCell[];
}

/** An extraction as the contract has it: the plan without the display detail, or a reason. */
type ReportExtract =
  | Pick<
      IExtractPlan,
      'ok' | 'name' | 'async' | 'params' | 'returns' | 'source'
    >
  | Pick<IExtractRefusal, 'ok' | 'reason'>;

/** The analysis CLI's JSON contract (docs/design.md). */
export interface IAnalysisReport {
  notebooks: {
    path: string;
    cells: {
      index: number;
      id: string | null;
      test: boolean;
      extract: ReportExtract;
    }[];
  }[];
  clones: { kind: CloneKind; cells: { path: string; index: number }[] }[];
}

function contractExtract(result: ExtractResult): ReportExtract {
  if (!result.ok) {
    return { ok: false, reason: result.reason };
  }
  const { name, params, returns } = result;
  return {
    ok: true,
    name,
    async: result.async,
    params,
    returns,
    // Read when the report is written out, not when the notebook is analysed (extract.ts).
    get source() {
      return result.source;
    }
  };
}

/** Analyses notebooks: per code cell, test detection and the default extraction; clones. */
export function analyzeNotebooks(
  inputs: INotebookInput[],
  cloneOptions: ICloneOptions = DEFAULT_CLONE_OPTIONS
): IAnalysisReport {
  const analyzer = new NotebookAnalyzer();
  const prints: {
    key: { path: string; index: number };
    print: IFingerprint;
  }[] = [];
  const notebooks = inputs.map(({ path, cells }) => {
    const flows = analyzer.analyze(cells);
    return {
      path,
      cells: flows.map(flow => {
        const { cell, analysis } = flow;
        // A cell too short to be a clone is left out here rather than by `groupClones`.
        if (
          analysis.ipython.cellMagic === null &&
          longEnoughForClones(analysis.ipython.python, cloneOptions)
        ) {
          prints.push({
            key: { path, index: cell.index },
            print: cellFingerprint(analysis)
          });
        }
        let extract: ReportExtract | undefined;
        return {
          index: cell.index,
          id: cell.id,
          test: detectTestCell(analysis, cell.tags ?? []) !== null,
          // Planned when first read (writing the report out reads every one): the UI plans a
          // cell only when its extract dialog opens, so a notebook's analysis plans none.
          get extract() {
            return (extract ??= contractExtract(planExtraction(flow)));
          }
        };
      })
    };
  });
  const clones = groupClones(prints, cloneOptions).map(g => ({
    kind: g.kind,
    cells: g.members
  }));
  return { notebooks, clones };
}
