import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

/** Modules talk to each other only through their index.ts. */
const moduleBoundaries = {
  patterns: [
    {
      group: ["**/modules/*/*", "!**/modules/*/index", "!**/modules/*/index.ts"],
      message: "Import another module only through its index.ts",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "data/**",
      "coverage/**",
      "**/test-results/**",
      "**/playwright-report/**",
      "server/src/db/migrations/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    files: ["server/src/modules/**/*.ts"],
    ignores: ["server/src/modules/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", moduleBoundaries] },
  },
  {
    files: ["server/src/platform/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/modules/**"], message: "The platform does not depend on business modules" }] },
      ],
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
);
