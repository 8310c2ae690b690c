/** Every job queue; created by `migrate` (as the schema owner). Modules add theirs here. */
export const jobQueues = ["housekeeping", "imports", "daily", "task-reminders", "business-reminders"] as const;
