import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { HomePage } from "./HomePage";

export const homeRoutes = [createRoute({ getParentRoute: () => appRoute, path: "/", component: HomePage })];
