export { change, type Change, type ChangeKind, type BreakingKind, type AdditiveKind } from './change.js';
export { compareDocuments } from './compare-documents.js';
export { formatChanges } from './format-changes.js';
export { lockFileName, lockPath, lockText, readLock, writeLock } from './lock-file.js';
