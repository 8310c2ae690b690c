/**
 * The timeline of a client (corporate memory). Importing this registers the Timeline tab of the
 * client card and of the contact page (see panels.ts); nothing else is public.
 */
import "./panels";
