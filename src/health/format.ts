/**
 * How a size is counted: `iec` in powers of 1024 (KiB, MiB, GiB), as `df -h` and `free -h`
 * count disks and memory: one unit system for both, so the numbers match those tools. `si`
 * (powers of 1000) stays for callers that need it. The unit always says which.
 */
export type ByteUnits = 'si' | 'iec';

const UNITS: Record<ByteUnits, { base: number; names: string[] }> = {
  si: { base: 1000, names: ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] },
  iec: { base: 1024, names: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] }
};

/** Bytes as people read them: `8.0 GiB` (iec, the default) or `3.1 GB` (si). */
export function formatBytes(bytes: number, units: ByteUnits = 'iec'): string {
  const { base, names } = UNITS[units];
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < names.length - 1) {
    value /= base;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${value.toFixed(digits)} ${names[unit]}`;
}
/** A duration in the two largest units: `45s`, `12m`, `2h13m`, `3d4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m`;
  }
  const h = Math.floor(m / 60);
  if (h < 24) {
    return `${h}h${String(m % 60).padStart(2, '0')}m`;
  }
  return `${Math.floor(h / 24)}d${h % 24}h`;
}
