import { describe, expect, it } from 'vitest';
import { latexToText } from './latex-text.ts';

describe('latexToText', () => {
  it.each([
    ['$O(n^2)$-time sorting', 'O(n²)-time sorting'],
    ['Scaling $\\alpha$-Entmax to $10^{6}$ tokens', 'Scaling α-Entmax to 10⁶ tokens'],
    ['AutoCoder with \\textsc{AIEV-Instruct}', 'AutoCoder with AIEV-Instruct'],
    ['$\\mathcal{O}(\\log n)$ regret', 'O(log n) regret'],
    ['Schr\\"{o}dinger, Erd\\H{o}s, Pe\\~na, \\v{C}ech', 'Schrödinger, Erdős, Peña, Čech'],
    ['{BERT} meets {GPT}: 100\\% better \\& faster', 'BERT meets GPT: 100% better & faster'],
    ['$x_i$ and $W_{t+1}$ and $h_{\\theta}$', 'xᵢ and Wₜ₊₁ and h_θ'],
    ['$\\frac{1}{2}$-approximation', '1/2-approximation'],
    ['Plain title, no math', 'Plain title, no math'],
  ])('%s', (input, expected) => {
    expect(latexToText(input)).toBe(expected);
  });
});
