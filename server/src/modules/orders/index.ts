// Orders with status history, and the client's transaction history.
export { orderRoutes } from "./orders.routes";
