// The product catalogue.
export { productRoutes } from "./products.routes";
export { productForSale, productsTopic } from "./products.service";
