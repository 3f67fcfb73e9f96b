import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, E2E_PORT } from './tests/e2e/e2e-settings';

export default defineConfig({
  testDir: 'tests/e2e',
  // One worker: each test runs ResNet50 in SwiftShader, a CPU renderer that takes both cores.
  workers: 1,
  timeout: 5 * 60 * 1000,
  expect: { timeout: 60 * 1000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}/`,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
  webServer: {
    command: 'tsx tests/e2e/serve-test-catalog.ts',
    url: `http://localhost:${E2E_PORT}/catalog/manifest.json`,
    // The first run downloads the model and embeds the test catalog's photos.
    timeout: 15 * 60 * 1000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
