// Documents with revisions on a company or a contact: uploads, downloads, comments, share links.
export { documentRoutes } from "./documents.routes";
export { registerDocumentHooks } from "./documents.service";
