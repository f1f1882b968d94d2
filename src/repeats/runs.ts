import { describeRun, IRun } from '../analysis/index.js';
import { IExecutionRun } from '../tokens.js';

type Description = Omit<IRun, 'cellId' | 'start' | 'end' | 'success' | 'batch'>;

/**
 * What the repeated-work findings need of each run (its tokens, names and values), derived
 * from the execution log's raw runs. A source is parsed once however often it ran; sources no
 * longer in the log are forgotten.
 */
export class RunDescriptions {
  describe(runs: readonly IExecutionRun[]): IRun[] {
    const live = new Map<string, Description>();
    const described = runs.map(run => {
      let description = live.get(run.source) ?? this._bySource.get(run.source);
      if (!description) {
        const { exact, renamed, values, labels } = describeRun(
          run.cellId,
          run.source,
          run.start
        );
        description = { exact, renamed, values, labels };
      }
      live.set(run.source, description);
      const { cellId, start, end, success, batch } = run;
      return { ...description, cellId, start, end, success, batch };
    });
    this._bySource = live;
    return described;
  }

  private _bySource = new Map<string, Description>();
}
