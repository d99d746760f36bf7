import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Only the collector (and a service's own non-ARM reads, src/services/*/read-*.ts) talks to Azure.
    files: ['src/**/*.ts'],
    ignores: ['src/collect/**', 'src/services/*/read-*.ts', 'src/history/blob-store.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['@azure/*'], message: 'Only src/collect/ and src/services/*/read-*.ts import Azure SDKs (DESIGN.md: dependency direction).', allowTypeImports: true }] }],
    },
  },
)
