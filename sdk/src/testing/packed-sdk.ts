import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** The SDK as an integrator gets it, in a scratch folder of its own. */
export interface PackedSdk {
  /** The tarball's contents as extracted: `package.json`, `dist/` … */
  packageDir: string;
  /**
   * A fresh program folder (`"type": "module"`) whose node_modules holds only the packed SDK and
   * its dependencies: plain `node` run here imports `@accessplus/sdk` as a published package.
   */
  consumerDir: string;
  /** Deletes the scratch folder. */
  remove(): void;
}

const sdkDir = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/**
 * `pnpm pack` (which builds the SDK to JavaScript with declarations), the tarball extracted, and a
 * consumer folder with it installed. Its dependencies are linked to the packages this workspace
 * installed, the same ones the registry would give. Takes a while (tsc builds the package), in a
 * process of its own, so other set-up can go on meanwhile.
 */
export async function packSdk(programName = 'crm-sync'): Promise<PackedSdk> {
  const scratch = mkdtempSync(join(tmpdir(), 'accessplus-sdk-pack-'));
  try {
    await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: sdkDir });
    const tarball = readdirSync(scratch).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error('pnpm pack made no tarball');
    await run('tar', ['-xzf', join(scratch, tarball), '-C', scratch]);
    const packageDir = join(scratch, 'package');
    const consumerDir = join(scratch, 'consumer');
    const installed = join(consumerDir, 'node_modules', '@accessplus', 'sdk');
    mkdirSync(dirname(installed), { recursive: true });
    cpSync(packageDir, installed, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const target = join(consumerDir, 'node_modules', dependency);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(realpathSync(join(sdkDir, 'node_modules', dependency)), target);
    }
    writeFileSync(
      join(consumerDir, 'package.json'),
      JSON.stringify({ name: programName, type: 'module', private: true }),
    );
    return { packageDir, consumerDir, remove: () => rmSync(scratch, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
