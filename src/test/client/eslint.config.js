// The frontend's rules for code that uses the generated client: nothing untyped gets through.
import tseslint from "typescript-eslint";

export default tseslint.config({
  files: ["scenario.ts"],
  extends: [tseslint.configs.strictTypeChecked],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: {
    "@typescript-eslint/no-explicit-any": "error",
    "@typescript-eslint/no-non-null-assertion": "error",
    "@typescript-eslint/consistent-type-assertions": ["error", { assertionStyle: "never" }],
    "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowNullish: true }],
  },
});
