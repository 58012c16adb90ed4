// The tool's version, read from package.json.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
export const ISSUES_URL = 'https://github.com/takedown-tools/takedown/issues';
