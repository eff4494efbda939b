import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // Generated files are checked by the compiler, not linted.
  globalIgnores(['dist/**', 'src/api/schema.d.ts', 'auto-imports.d.ts', 'components.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.vue', '**/*.ts'],
    // TypeScript resolves identifiers (including the auto-imported ElMessage); no-undef cannot see them.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['vite.config.ts', 'scripts/**', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Layout is Prettier's job (`npm run format`); drop the stylistic rules that would fight it.
  prettier,
)
