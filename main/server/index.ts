export { startServer, type ServerOptions, type RunningServer } from './server';
export { createNodeServices, type NodeServices, type NodeServicesOptions, type TrainingLauncher, type TrainingHandle } from './services';
export { resolveProjectPath, type PathPolicy } from './paths';
export { buildRenderer, rendererBuilt, RENDERER_DIST, REPO_ROOT } from './static';
