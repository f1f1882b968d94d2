import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { checkEnvironment, CheckRefused, IEnvironmentReply } from './model.js';
import { reportWidget } from './view.js';

export type EnvironmentSettings = SettingsOf<typeof SCHEMAS.environment>;

export namespace CommandIDs {
  export const check = 'sane:check-environment';
}

export interface IEnvironmentCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  feature: FeatureModel<EnvironmentSettings>;
  trans: TranslationBundle;
  /** Told each check's reply (the health popover's section shows the last one). */
  checked: (path: string, reply: IEnvironmentReply) => void;
}

/** `sane:check-environment`: the findings in a dialog, with Add to requirements. */
export function addCheckCommand(options: IEnvironmentCommandOptions): void {
  const { app, tracker, feature, trans, checked } = options;
  app.commands.addCommand(CommandIDs.check, {
    label: trans.__('Check Environment: Every Import Declared'),
    caption: trans.__(
      "Whether every package this notebook imports is declared in the project's files"
    ),
    isEnabled: () => feature.settings.enabled && tracker.currentWidget !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (panel) {
        await checkAndShow(app, panel, feature.settings, trans, checked);
      }
    }
  });
}

async function checkAndShow(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  settings: EnvironmentSettings,
  trans: TranslationBundle,
  checked: IEnvironmentCommandOptions['checked']
): Promise<void> {
  let reply: IEnvironmentReply;
  try {
    reply = await checkEnvironment(panel, {
      serverSettings: app.serviceManager.serverSettings,
      pin: settings.pin,
      timeoutMs: settings.kernelTimeoutSeconds * 1000
    });
  } catch (error) {
    const message =
      error instanceof CheckRefused
        ? trans.__('The environment check needs a Python notebook.')
        : trans.__('The environment check failed: %1', String(error));
    Notification.warning(message, { autoClose: 5000 });
    return;
  }
  checked(panel.context.path, reply);
  const fix = reply.fix;
  const buttons = [Dialog.cancelButton({ label: trans.__('Close') })];
  if (fix) {
    buttons.push(Dialog.okButton({ label: trans.__('Add to requirements') }));
  }
  const result = await showDialog({
    title: trans.__('Environment'),
    body: reportWidget(reply, trans),
    buttons
  });
  if (fix && result.button.accept) {
    await addToRequirements(app.serviceManager.contents, fix, trans);
  }
}

/**
 * Writes the proposed file through the contents manager (so collaboration and the file's
 * history see it) and offers Undo: the old text saved back as it was, or the new file deleted.
 */
async function addToRequirements(
  contents: Contents.IManager,
  fix: NonNullable<IEnvironmentReply['fix']>,
  trans: TranslationBundle
): Promise<void> {
  const old = fix.exists
    ? ((
        await contents.get(fix.path, {
          type: 'file',
          format: 'text',
          content: true
        })
      ).content as string)
    : null;
  const save = (text: string) =>
    contents.save(fix.path, { type: 'file', format: 'text', content: text });
  await save(fix.text);
  Notification.success(
    trans.__('Added to %1: %2', fix.path, fix.add.join(', ')),
    {
      autoClose: 10000,
      actions: [
        {
          label: trans.__('Undo'),
          callback: () =>
            void (old === null ? contents.delete(fix.path) : save(old))
        }
      ]
    }
  );
}
