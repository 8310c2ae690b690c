/**
 * Contracts, receivables, service items and client value of a client. Importing this registers
 * the client card's tabs and header figures (see panels.ts); nothing else is public.
 */
import "./panels";
