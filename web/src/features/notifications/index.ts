// The in-app inbox: the header's bell, the full page's route and the preferences card of the profile page.
export { InboxBell } from "./InboxBell";
export { notificationRoutes } from "./routes";
