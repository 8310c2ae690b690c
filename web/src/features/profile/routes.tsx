import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { ProfilePage } from "./ProfilePage";

export const profileRoutes = [createRoute({ getParentRoute: () => appRoute, path: "/profile", component: ProfilePage })];
