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
    // The unit tests run without per-file isolation (vitest.config.ts): a mocked module, a stubbed
    // global or fake timers would leak into the files that run after it in the same worker.
    files: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["mock", "doMock", "stubEnv", "stubGlobal", "useFakeTimers"].map((property) => ({
          object: "vi",
          property,
          message: "Unit tests share one module graph per worker (vitest.config.ts isolate: false); pass the dependency in instead",
        })),
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
