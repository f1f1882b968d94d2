import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { IDisposable } from '@lumino/disposable';
import { runNeeded } from './actions.js';
import { deathKey, describeDeath } from './death.js';
import { KernelWatch } from './kernelWatch.js';
import { HealthModel } from './model.js';

/** A death older than this when a page first hears of it is old news: the item says it. */
const RECENT_S = 300;

/**
 * Tells of each kernel death once, in a JupyterLab notification, with the action "Re-run what
 * this cell needs"; takes the notification back when the user acts on the death elsewhere.
 */
export class DeathNotifier implements IDisposable {
  constructor(
    private readonly _model: HealthModel,
    private readonly _trans: TranslationBundle,
    private readonly _current: () => KernelWatch | null,
    private readonly _commands: CommandRegistry
  ) {
    _model.stateChanged.connect(this._onState, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._model.stateChanged.disconnect(this._onState, this);
  }

  private _onState(): void {
    const { id, death } = this._model.kernel;
    const shown = this._shown;
    if (
      shown &&
      shown.kernel === id &&
      (!death || deathKey(id, death) !== shown.key)
    ) {
      Notification.dismiss(shown.notification);
      this._shown = null;
    }
    if (!id || !death) {
      return;
    }
    const key = deathKey(id, death);
    if (this._told.has(key)) {
      return;
    }
    this._told.add(key);
    const now = this._model.reply?.time;
    if (typeof now === 'number' && now - death.at > RECENT_S) {
      return;
    }
    this._notify(id, key, death);
  }

  private _notify(
    kernel: string,
    key: string,
    death: NonNullable<HealthModel['kernel']['death']>
  ): void {
    const trans = this._trans;
    const memory = this._model.reply?.memory;
    const words = describeDeath(
      death,
      memory?.limit ?? memory?.host_total ?? null,
      trans
    );
    // The notebook whose kernel died, even if the user moves to another before acting.
    const watch = this._current();
    const emit =
      words.level === 'critical' ? Notification.error : Notification.warning;
    const notification = emit(words.message, {
      autoClose: false,
      actions: [
        {
          label: trans.__('Re-run what this cell needs'),
          caption: words.advice,
          displayType: 'accent',
          callback: () => {
            this._shown = null;
            this._model.acknowledgeDeath(key);
            if (watch && !watch.isDisposed) {
              void runNeeded(watch, this._commands);
            }
          }
        }
      ]
    });
    this._shown = { kernel, key, notification };
  }

  private _isDisposed = false;
  private _told = new Set<string>();
  private _shown: { kernel: string; key: string; notification: string } | null =
    null;
}
