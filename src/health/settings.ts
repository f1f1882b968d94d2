import { IFeatureSettings } from '../common/featureModel.js';
import { parseFeatureSettings } from '../common/settings.js';

export type IHealthSettings = IFeatureSettings;

export const DEFAULT_HEALTH_SETTINGS: IHealthSettings = { enabled: true };

export const parseHealthSettings = parseFeatureSettings;
