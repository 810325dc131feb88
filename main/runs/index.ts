export { listRuns, readRun, createRunDir, newRunDirName, MetricsWriter, writeEval, writeCheckpointState } from './store';
export type { RunRecord, RunSummary, RunConfigFile, CheckpointState, MetricsLine } from './store';
export { saveModelFiles, loadWeightsInto } from './checkpoint';
export { summarizeRun, listRunSummaries, readRunDetail, deleteRunDir, projectSlug, runLabel, canonicalDir, recordResumeEpochs, RunFolderError } from './history';
