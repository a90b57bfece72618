// One server per data file: FILE.lock holds the pid of the server using it, so a second server
// started on the same file refuses to start instead of silently losing the first one's writes.
// A lock whose process is gone (a crash, SIGKILL) is stale and taken over.
import { existsSync, readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { StoreLoadError } from './document.js';

/** Whether a process runs; a zombie (dead, not yet reaped by a parent that never will) does not. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    const text = readFileSync(stat, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone meanwhile
  }
}

/** Takes the data file's lock; resolves to its release. */
export async function lockDataFile(file: string): Promise<() => Promise<void>> {
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return () => unlink(lock).catch(() => undefined);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' || attempt > 0) {
        throw new StoreLoadError(
          file,
          code === 'EEXIST' ? `is being locked by another server at the same time (${lock})` : `cannot be locked (${lock}: ${code ?? (e as Error).message})`,
        );
      }
    }
    const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    // Our own pid is a lock left by an earlier life of this process id (a container's pid 1, say).
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && running(pid)) {
      throw new StoreLoadError(file, `is in use by another genesys-cloud-mock (pid ${pid}); if none runs, delete ${lock}`);
    }
    await unlink(lock).catch(() => undefined);
  }
}
