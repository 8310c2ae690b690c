/**
 * Orders and the transaction history of a client. Importing this registers the client card's
 * Orders and Transactions tabs (see panels.ts); nothing else is public.
 */
import "./panels";
