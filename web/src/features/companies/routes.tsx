// Companies: list and record page.
export const companyRoutes = [];
