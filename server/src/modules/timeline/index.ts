// The timeline of a client (corporate memory): entries people log, notes with mentions, system entries.
export { timelineRoutes } from "./timeline.routes";
export { registerTimelineHooks, recordSystemEntry, type SystemEntryInput } from "./timeline.system";
export { registerTimelineRelatedType, type RelatedRecordCheck } from "./timeline.service";
