import { describe, expect, it } from 'vitest';
import { heapWarning } from './heap-budget';

describe('heapWarning', () => {
  it('says nothing while what is live leaves a quarter of the budget free', () => {
    expect(heapWarning(250, 384)).toBeNull();
    expect(heapWarning(288, 384)).toBeNull();
  });

  it('names the budget and a larger one once what is live is over three quarters full', () => {
    expect(heapWarning(300, 384)).toBe('the heap holds 300 MB of its 384 MB budget; raise KARMA_HEAP_MB (to 640, say) before the estate grows further');
  });
});
