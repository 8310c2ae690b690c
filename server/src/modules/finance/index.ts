// Financial health: statements, credit ratings, credit limit and the deposit rules.
export { financeRoutes } from "./finance.routes";
export { registerFinanceHooks } from "./finance.service";
export { evaluateDepositRequirement } from "./finance.deposit";
export { depositRulesTopic } from "./finance.rules";
