/** IPC channel names shared by main and preload (no Electron import, so preload stays tiny). */
export const CALL_PREFIX = 'netwright:';
export const EVENT_CHANNEL = 'netwright:event';
export const callChannel = (method: string): string => `${CALL_PREFIX}${method}`;
