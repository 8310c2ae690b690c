/**
 * Competitor contracts of a client. Importing this registers the client card's Competitors tab
 * (see panels.ts); the expiries page comes through routes.tsx.
 */
import "./panels";
