/**
 * Documents with revisions. Importing this registers the Documents tabs of the client card and
 * the contact page (see panels.ts); the routes (document page, signed-out share page) are in routes.tsx.
 */
import "./panels";
