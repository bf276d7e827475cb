/**
 * LaTeX in titles, made readable as plain text for places that cannot render math
 * (feed readers, email subjects, chat webhooks): `$O(n^2)$-time \textsc{Foo} for $\alpha$`
 * becomes `O(n²)-time Foo for α`. Pure.
 */

// biome-ignore format: a lookup table reads best dense
const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ',
  eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν',
  xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ',
  chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ',
  Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', pm: '±', mp: '∓', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠',
  ne: '≠', approx: '≈', sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', infty: '∞',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', leftrightarrow: '↔',
  mapsto: '↦', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  forall: '∀', exists: '∃', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫',
  sqrt: '√', ell: 'ℓ', hbar: 'ℏ', circ: '∘', ast: '∗', star: '⋆', dagger: '†', ldots: '…',
  cdots: '⋯', dots: '…', emptyset: '∅', oplus: '⊕', otimes: '⊗', langle: '⟨', rangle: '⟩',
  mid: '|', vert: '|', lvert: '|', rvert: '|', Vert: '‖', prime: '′', deg: '°', top: '⊤',
  bot: '⊥', log: 'log', exp: 'exp', min: 'min', max: 'max', sin: 'sin', cos: 'cos',
};

// biome-ignore format: a lookup table reads best dense
const SUPER: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸',
  '9': '⁹', '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', k: 'ᵏ', T: 'ᵀ',
  '*': '*', '∗': '*', '′': '′',
};
// biome-ignore format: a lookup table reads best dense
const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈',
  '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ',
  t: 'ₜ', p: 'ₚ', m: 'ₘ', x: 'ₓ',
};

const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '"': '\u0308',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  H: '\u030B',
  c: '\u0327',
  v: '\u030C',
  u: '\u0306',
};

/** Superscript/subscript when every character has one; otherwise `^(...)` / `_(...)`. */
function script(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body];
  if (chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  return body.length === 1 ? `${mark}${body}` : `${mark}(${body})`;
}

/** Text-style commands whose argument is kept as is: \textsc{AIEV} → AIEV. */
const KEEP_ARG =
  /\\(?:text\w*|math(?:rm|bf|it|sf|tt|cal|bb|frak|scr)|operatorname|emph|mbox|boldsymbol|bm|hat|bar|tilde|vec|widetilde|widehat|overline|underline|texttt|textbf|textit|textsc|textrm|textsf)\s*\{([^{}]*)\}/g;

function convertMath(m: string): string {
  let s = m;
  for (let i = 0; i < 3; i++) s = s.replace(KEEP_ARG, '$1');
  s = s.replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2');
  s = s.replace(/\\([A-Za-z]+)/g, (_all, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/\^\{([^{}]*)\}|\^(\S)/g, (_a, b: string | undefined, c: string | undefined) =>
    script(b ?? c ?? '', SUPER, '^'),
  );
  s = s.replace(/_\{([^{}]*)\}|_(\S)/g, (_a, b: string | undefined, c: string | undefined) =>
    script(b ?? c ?? '', SUB, '_'),
  );
  s = s.replace(/\\[,;:! ]/g, ' ').replace(/[{}]/g, '');
  return s;
}

export function latexToText(input: string): string {
  // Math first: $…$ and \(…\); then text-mode commands and escapes outside math.
  let s = input.replace(/\$\$([^$]+)\$\$|\$([^$]+)\$|\\\(([\s\S]+?)\\\)/g, (_a, a, b, c) =>
    convertMath((a ?? b ?? c) as string),
  );
  for (let i = 0; i < 3; i++) s = s.replace(KEEP_ARG, '$1');
  s = s
    .replace(/\\(['`"^~=.]|[Hcvu](?=\s*\{))\s*\{?([A-Za-z])\}?/g, (_a, accent: string, ch: string) =>
      `${ch}${ACCENTS[accent] ?? ''}`.normalize('NFC'),
    )
    .replace(/(?<!\\)[{}]/g, '')
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/~/g, ' ')
    .replace(/``|''/g, '"')
    .replace(/\\([A-Za-z]+)/g, (all, name: string) => SYMBOLS[name] ?? all)
    .replace(/\s+/g, ' ')
    .trim();
  return s;
}
