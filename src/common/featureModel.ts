import { VDomModel } from '@jupyterlab/ui-components';

/** The settings every feature has: an on/off toggle. */
export interface IFeatureSettings {
  enabled: boolean;
}

/**
 * State shared by every feature's model: its typed settings, replaced as a whole when the
 * Settings Editor changes them. Views re-render on `stateChanged`.
 */
export class FeatureModel<T extends IFeatureSettings> extends VDomModel {
  constructor(settings: T) {
    super();
    this._settings = settings;
  }

  get settings(): T {
    return this._settings;
  }

  set settings(next: T) {
    if (JSON.stringify(next) === JSON.stringify(this._settings)) {
      return;
    }
    this._settings = next;
    this.stateChanged.emit(void 0);
  }

  get enabled(): boolean {
    return this._settings.enabled;
  }

  private _settings: T;
}
