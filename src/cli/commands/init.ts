// `takedown init`: creates a workspace with a commented example case.
import { resolve, relative } from 'node:path';
import { initWorkspace } from '../../workspace/init.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export async function runInit(io: CliIo, dir: string | undefined): Promise<number> {
  const target = resolve(io.cwd, dir ?? '.');
  const { created } = await initWorkspace(target);
  io.stdout.write(`Created a takedown workspace in ${target}\n`);
  for (const file of created) io.stdout.write(`  ${relative(target, file) || '.'}\n`);
  const where = dir ? `cd ${dir} && ` : '';
  io.stdout.write(
    `\nNext: edit cases/example.yaml (or copy it per case), then\n  ${where}npx takedown validate\n  ${where}npx takedown check\n` +
      '(npx finds takedown while the workspace is inside the takedown folder; elsewhere, see "Running it from anywhere" in the README)\n',
  );
  return EXIT.ok;
}
