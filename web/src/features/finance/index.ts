/**
 * Financial health and account team of a client. Importing this registers the client card's
 * "Financial health" and "Account team" tabs (see panels.ts); nothing else is public.
 */
import "./panels";
