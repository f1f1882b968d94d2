import { kernelStart } from './kernelStart';

describe('kernelStart', () => {
  it('takes the server over the first time the page saw the kernel', () => {
    expect(kernelStart(5000, false, 1000)).toBe(1000);
  });

  it('takes the later of a restart the page saw and the server reading', () => {
    expect(kernelStart(5000, true, 1000)).toBe(5000);
    expect(kernelStart(5000, true, 5200)).toBe(5200);
  });

  it('falls back to what the page saw', () => {
    expect(kernelStart(5000, true, null)).toBe(5000);
    expect(kernelStart(null, false, null)).toBeNull();
    expect(kernelStart(null, false, 1000)).toBe(1000);
  });
});
