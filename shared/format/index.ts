/** The project file format: envelope, versioning, migrations, validation and stable serialisation. */
export { CURRENT_SCHEMA_VERSION, FORMAT_ID, createProject, type NetwrightProject } from './project';
export { loadProject, type LoadOptions, type LoadResult } from './load';
export { serializeProject } from './serialize';
export { migrations, migrate, type Migration } from './migrations';
export { DEFAULT_LIMITS, type FormatLimits } from './limits';
export { formatLoadError, type LoadError } from './errors';
export { layeredLayout } from './layout';
export { formatPath } from './jsonpath';
