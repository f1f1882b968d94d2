import { Kernel, KernelMessage } from '@jupyterlab/services';
import { TestsModel } from './model.js';
import {
  definedCode,
  installCode,
  parseEvent,
  runCode,
  TEST_EVENT_MIME,
  TestEvent
} from './protocol.js';

export interface ITestCellSource {
  cellId: string;
  source: string;
  /** The notebook just ran the cell: only its test functions are called, as it defined them. */
  defined?: boolean;
}

export interface IRunInKernelOptions {
  kernel: Kernel.IKernelConnection;
  cells: readonly ITestCellSource[];
  model: TestsModel;
  timeoutSeconds: number;
  /** Words for the reasons a run stops early. */
  reasons: { died: string; interrupted: string };
}

type Stop = { reason: string };

/**
 * Runs test cells in the kernel, one request per cell, feeding the runner's events to the
 * model as they come. Nothing lands in the notebook: the requests are our own, store no
 * history and their messages reach no output area. A kernel that dies, restarts or is
 * interrupted ends the run at once; the tests not reported are marked with the reason.
 */
export async function runInKernel(options: IRunInKernelOptions): Promise<void> {
  const { kernel, cells, model, reasons } = options;
  model.start(cells.map(c => c.cellId));
  let resolveStop: (stop: Stop) => void = () => undefined;
  const stopped = new Promise<Stop>(resolve => (resolveStop = resolve));
  // A kernel killed under a run comes back through the server's auto-restart, which the
  // frontend sees as 'restarting', like a restart by hand: either way the state is gone.
  const onStatus = (_: unknown, status: Kernel.Status) => {
    if (['dead', 'autorestarting', 'restarting'].includes(status)) {
      resolveStop({ reason: reasons.died });
    }
  };
  kernel.statusChanged.connect(onStatus);
  const onDisposed = () => resolveStop({ reason: reasons.died });
  kernel.disposed.connect(onDisposed);
  try {
    const install = await request(
      kernel,
      installCode(),
      stopped,
      model,
      reasons
    );
    if (install) {
      model.abort(install.reason);
      return;
    }
    for (const cell of cells) {
      const code = (cell.defined ? definedCode : runCode)(
        cell.source,
        cell.cellId,
        options.timeoutSeconds
      );
      const stop = await request(kernel, code, stopped, model, reasons);
      if (stop) {
        model.abort(stop.reason);
        return;
      }
    }
    model.finish();
  } catch (error) {
    model.abort(error instanceof Error ? error.message : String(error));
  } finally {
    kernel.statusChanged.disconnect(onStatus);
    kernel.disposed.disconnect(onDisposed);
  }
}

/** Sends one request; resolves to why the run must stop, or null to go on. */
async function request(
  kernel: Kernel.IKernelConnection,
  code: string,
  stopped: Promise<Stop>,
  model: TestsModel,
  reasons: IRunInKernelOptions['reasons']
): Promise<Stop | null> {
  const future = kernel.requestExecute({
    code,
    silent: false,
    store_history: false,
    allow_stdin: false,
    stop_on_error: true
  });
  let interrupted = false;
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    if (!KernelMessage.isDisplayDataMsg(msg)) {
      return;
    }
    const event: TestEvent | null = parseEvent(
      msg.content.data[TEST_EVENT_MIME]
    );
    if (event) {
      interrupted ||= event.kind === 'end' && event.interrupted;
      model.apply(event);
    }
  };
  try {
    // A future is rejected when its kernel goes away before replying.
    const done = future.done.catch(() => ({ reason: reasons.died }));
    const outcome = await Promise.race([done, stopped]);
    if ('reason' in outcome) {
      return outcome;
    }
    const content = outcome.content;
    if (interrupted) {
      return { reason: reasons.interrupted };
    }
    if (content.status === 'error') {
      return {
        reason:
          content.ename === 'KeyboardInterrupt'
            ? reasons.interrupted
            : `${content.ename}: ${content.evalue}`
      };
    }
    return content.status === 'ok' ? null : { reason: content.status };
  } finally {
    future.dispose();
  }
}
