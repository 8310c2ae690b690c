// Tasks and to-dos: `createTask` for other modules (inside their unit of work), the routes, reminders through jobs.
export { createTask, type CreateTaskInput, registerTaskHooks } from "./tasks.service";
export { taskRoutes } from "./tasks.routes";
export { registerReminderJobs, reminderQueue, sweepReminders, sendReminder } from "./tasks.reminders";
