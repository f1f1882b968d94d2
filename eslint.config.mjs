import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'lib/',
      'coverage/',
      'jupyterlab_sane/',
      '.venv/',
      '.build/',
      'ui-tests/test-results/',
      'ui-tests/playwright-report/',
      '**/*.cjs',
      '**/*.d.ts',
      'src/testcells/runnerSource.ts',
      'src/common/schemas.ts'
    ]
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-namespace': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // The analysis runs in node (the CLI, jest, the bench) as in the browser: no JupyterLab.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jupyterlab/*', '@lumino/*', 'react', 'react/*', 'react-dom'],
              message:
                'src/analysis/ is pure TypeScript: the frontend adapts it, never the reverse.'
            }
          ]
        }
      ]
    }
  }
);
