// The in-app inbox: `notify` for other modules (inside their unit of work), the inbox's routes, preferences.
export { notify, type NotifyInput, registerNotificationHousekeeping } from "./notifications.service";
export { notificationRoutes } from "./notifications.routes";
export { registerWorkflowNotifications } from "./notifications.workflow";
