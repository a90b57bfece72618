// A change log on a disk that fills up on demand: a real file whose writes, while `full` is set,
// take `room` more bytes and then fail with ENOSPC, and whose syncs fail with EIO while
// `failSync` is set. For the write-failure paths where no small file system can be mounted.
import { open } from 'node:fs/promises';
import type { LogFile } from '../../src/store/store.js';

export function fillingDisk() {
  const disk = { full: false, room: 0, failSync: false };
  const openLog = async (path: string): Promise<LogFile> => {
    const real = await open(path, 'a+');
    return {
      async write(buffer, offset, length) {
        if (!disk.full) return real.write(buffer, offset, length);
        if (disk.room === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        const taken = Math.min(disk.room, length);
        disk.room -= taken;
        return real.write(buffer, offset, taken);
      },
      async datasync() {
        if (disk.failSync) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        return real.datasync();
      },
      truncate: (length) => real.truncate(length),
      stat: () => real.stat(),
      read: (buffer, offset, length, position) => real.read(buffer, offset, length, position),
      close: () => real.close(),
    };
  };
  return { disk, openLog };
}
