import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { EnvironmentSettings, IEnvironmentCommandOptions } from './options.js';
import { checkEnvironment, CheckRefused, IEnvironmentReply } from './model.js';
import { reportWidget } from './view.js';

// What `sane:check-environment` does once invoked, loaded by the command on first use.

/** Checks the notebook's environment and shows the findings, with Add to requirements. */
export async function checkAndShow(
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
