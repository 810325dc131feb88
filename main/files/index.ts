/** Node-side file handling: atomic saves, readable read errors, autosave, recent files. */
export { atomicWriteFile, tempPathFor, type AtomicFs } from './atomic';
export { readTextFile, DEFAULT_MAX_READ_BYTES } from './read';
export { FileError, toFileError } from './errors';
export { writeAutosave, readAutosave, clearAutosave, autosavePath, AUTOSAVE_FILE } from './autosave';
export { readRecentFiles, addRecentFile, removeRecentFile, clearRecentFiles, MAX_RECENT_FILES, RECENT_FILE } from './recent';
export { openProjectFile, saveProjectFile } from './project';
