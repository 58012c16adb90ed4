// Reads a workspace's takedown.yaml; a workspace without one uses the defaults.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Issue } from '../core/errors.ts';
import { DEFAULT_SETTINGS, validateSettingsText } from './settings-schema.ts';
import type { Settings } from './settings-schema.ts';

export { DEFAULT_SETTINGS, validateSettingsText };
export type { CheckSettings, HostOverride, NoticeSettings, NotifySettings, RdapSettings, SenderSettings, Settings, SmtpSettings, SweepEvery, SweepSettings } from './settings-schema.ts';

export const SETTINGS_FILE = 'takedown.yaml';

export async function loadSettingsFile(path: string): Promise<{ settings: Settings; issues: Issue[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: structuredClone(DEFAULT_SETTINGS), issues: [] };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings: structuredClone(DEFAULT_SETTINGS),
      issues: [{ file: path, path: '', message: `cannot read the settings file: ${reason}`, severity: 'error' }],
    };
  }
  return validateSettingsText(text, path);
}

/** The settings of the workspace in `dir` (its takedown.yaml, or the defaults when there is none). */
export async function loadSettings(dir: string): Promise<{ settings: Settings; issues: Issue[] }> {
  return loadSettingsFile(join(dir, SETTINGS_FILE));
}
