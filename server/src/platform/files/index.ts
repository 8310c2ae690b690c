// The file store (content-addressed files under the data directory), type sniffing, names and downloads.
export {
  assertWithinQuota,
  collectFileGarbage,
  defaultGraceMs,
  discardIfUnreferenced,
  discardTemp,
  fileFaults,
  isStored,
  FileTooLarge,
  lockFileHash,
  placeFile,
  QuotaExceeded,
  receiveFile,
  registerFileReferences,
  storedPath,
  type FileReferences,
  type ReceivedFile,
} from "./store";
export { archiveLimits, checkArchive, servedContentType, sniffContentType, UnsupportedFile } from "./sniff";
export { contentDisposition, downloadName, isRefusedExtension, normaliseFileName } from "./names";
export { sendStoredFile, type StoredFileRef } from "./download";
