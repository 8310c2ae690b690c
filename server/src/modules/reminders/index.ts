// Business reminders (contract expiry, deliveries, collections, competitor expiries) through persistent jobs.
export {
  planSubject,
  reminderDefaults,
  registerBusinessReminderJobs,
  registerReminderHooks,
  sendBusinessReminder,
  sweepBusinessReminders,
  businessReminderQueue,
  type Subject,
} from "./reminders";
export { reminderRoutes } from "./reminders.routes";
