// The formulas interviewers ask about, written as the papers write them, each beside the Unicode
// the terminal shows: on one line (inline math, and display math too wide for the screen) and
// drawn in rows (display math).
import { describe, expect, it } from 'vitest';
import { texToText } from '../src/render/tex.js';
import { displayWidth } from '../src/render/wrap.js';

const FORMULAS: Record<string, { tex: string; inline: string; display: string[] }> = {
  attention: {
    tex: String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V`,
    inline: "Attention(Q, K, V) = softmax(QKᵀ/√dₖ)V",
    display: [
      "                            ⎛ QKᵀ ⎞ ",
      "Attention(Q, K, V) = softmax⎜─────⎟V",
      "                            ⎝ √dₖ ⎠ ",
    ],
  },
  softmax: {
    tex: String.raw`\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}`,
    inline: "softmax(z)ᵢ = e^{zᵢ}/(∑ⱼ₌₁ᴷ e^{zⱼ})",
    display: [
      "                  e^{zᵢ}    ",
      "softmax(z)ᵢ = ──────────────",
      "               ∑ⱼ₌₁ᴷ e^{zⱼ} ",
    ],
  },
  layerNorm: {
    tex: String.raw`y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \odot \gamma + \beta`,
    inline: "y = (x − E[x])/√(Var[x] + ϵ) ⊙ γ + β",
    display: [
      "       x − E[x]            ",
      "y = ─────────────── ⊙ γ + β",
      "     √(Var[x] + ϵ)         ",
    ],
  },
  layerNormStats: {
    tex: String.raw`\mu = \frac{1}{H}\sum_{i=1}^{H} a_i, \quad \sigma = \sqrt{\frac{1}{H}\sum_{i=1}^{H}(a_i - \mu)^2}`,
    inline: "μ = 1/H ∑ᵢ₌₁ᴴ aᵢ,   σ = √(1/H ∑ᵢ₌₁ᴴ (aᵢ − μ)²)",
    display: [
      "     1   H            ⎛ 1   H          ⎞",
      "μ = ───  ∑ aᵢ,   σ = √⎜───  ∑ (aᵢ − μ)²⎟",
      "     H  i=1           ⎝ H  i=1         ⎠",
    ],
  },
  crossEntropy: {
    tex: String.raw`H(p, q) = -\sum_{x} p(x) \log q(x)`,
    inline: "H(p, q) = −∑ₓ p(x) log q(x)",
    display: [
      "H(p, q) = −∑ p(x) log q(x)",
      "           x              ",
    ],
  },
  lmLoss: {
    tex: String.raw`\mathcal{L} = -\sum_{t=1}^{T} \log p_\theta(x_t \mid x_{<t})`,
    inline: "ℒ = −∑ₜ₌₁ᵀ log p_θ(xₜ | x_{<t})",
    display: [
      "      T                     ",
      "ℒ = − ∑ log p_θ(xₜ | x_{<t})",
      "     t=1                    ",
    ],
  },
  bradleyTerry: {
    tex: String.raw`\mathrm{loss}(\theta) = -\frac{1}{\binom{K}{2}} E_{(x, y_w, y_l) \sim D}\left[\log\left(\sigma\left(r_\theta(x, y_w) - r_\theta(x, y_l)\right)\right)\right]`,
    inline: "loss(θ) = −1/(K¦2) E_{(x,y_w,yₗ)∼D}[log(σ(r_θ(x, y_w) − r_θ(x, yₗ)))]",
    display: [
      "              1                                                      ",
      "loss(θ) = −─────── E_{(x,y_w,yₗ)∼D}[log(σ(r_θ(x, y_w) − r_θ(x, yₗ)))]",
      "            (K¦2)                                                    ",
    ],
  },
  ppoClip: {
    tex: String.raw`L^{CLIP}(\theta) = \hat{\mathbb{E}}_t\left[\min\left(r_t(\theta)\hat{A}_t, \mathrm{clip}\left(r_t(\theta), 1 - \epsilon, 1 + \epsilon\right)\hat{A}_t\right)\right]`,
    inline: "L^{CLIP}(θ) = 𝔼̂ₜ[min(rₜ(θ)Âₜ, clip(rₜ(θ), 1 − ϵ, 1 + ϵ)Âₜ)]",
    display: [
      "L^{CLIP}(θ) = 𝔼̂ₜ[min(rₜ(θ)Âₜ, clip(rₜ(θ), 1 − ϵ, 1 + ϵ)Âₜ)]",
    ],
  },
  ppoKl: {
    tex: String.raw`L^{KLPEN}(\theta) = \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}\hat{A}_t - \beta \, \mathrm{KL}\left[\pi_{\theta_{\text{old}}}(\cdot \mid s_t), \pi_\theta(\cdot \mid s_t)\right]\right]`,
    inline: "Lᴷᴸᴾᴱᴺ(θ) = 𝔼̂ₜ[π_θ(aₜ | sₜ)/π_{θ_{old}}(aₜ | sₜ) Âₜ − β KL[π_{θ_{old}}(⋅ | sₜ), π_θ(⋅ | sₜ)]]",
    display: [
      "              ⎡     π_θ(aₜ | sₜ)                                                 ⎤",
      "Lᴷᴸᴾᴱᴺ(θ) = 𝔼̂ₜ⎢────────────────────── Âₜ − β KL[π_{θ_{old}}(⋅ | sₜ), π_θ(⋅ | sₜ)]⎥",
      "              ⎣ π_{θ_{old}}(aₜ | sₜ)                                             ⎦",
    ],
  },
  rlhfObjective: {
    tex: String.raw`\mathrm{objective}(\phi) = E_{(x, y) \sim D_{\pi_\phi^{\mathrm{RL}}}}\left[r_\theta(x, y) - \beta \log\left(\pi_\phi^{\mathrm{RL}}(y \mid x) / \pi^{\mathrm{SFT}}(y \mid x)\right)\right] + \gamma E_{x \sim D_{\mathrm{pretrain}}}\left[\log(\pi_\phi^{\mathrm{RL}}(x))\right]`,
    inline: "objective(ϕ) = E_{(x,y)∼D_{πᵩᴿᴸ}}[r_θ(x, y) − β log(πᵩᴿᴸ(y | x)/π^{SFT}(y | x))] + γE_{x∼Dₚᵣₑₜᵣₐᵢₙ}[log(πᵩᴿᴸ(x))]",
    display: [
      "objective(ϕ) = E_{(x,y)∼D_{πᵩᴿᴸ}}[r_θ(x, y) − β log(πᵩᴿᴸ(y | x)/π^{SFT}(y | x))] + γE_{x∼Dₚᵣₑₜᵣₐᵢₙ}[log(πᵩᴿᴸ(x))]",
    ],
  },
  dpo: {
    tex: String.raw`\mathcal{L}_{\mathrm{DPO}}(\pi_\theta; \pi_{\mathrm{ref}}) = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log \sigma\left(\beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}\right)\right]`,
    inline: "ℒ_{DPO}(π_θ; π_{ref}) = −𝔼_{(x,y_w,yₗ)∼𝒟}[log σ(β log π_θ(y_w | x)/π_{ref}(y_w | x) − β log π_θ(yₗ | x)/π_{ref}(yₗ | x))]",
    display: [
      "                                         ⎡     ⎛         π_θ(y_w | x)               π_θ(yₗ | x)   ⎞⎤",
      "ℒ_{DPO}(π_θ; π_{ref}) = −𝔼_{(x,y_w,yₗ)∼𝒟}⎢log σ⎜β log ────────────────── − β log ─────────────────⎟⎥",
      "                                         ⎣     ⎝       π_{ref}(y_w | x)           π_{ref}(yₗ | x) ⎠⎦",
    ],
  },
  ropeRotation: {
    tex: String.raw`f_{\{q,k\}}(\boldsymbol{x}_m, m) = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{pmatrix} \begin{pmatrix} W^{(11)}_{\{q,k\}} & W^{(12)}_{\{q,k\}} \\ W^{(21)}_{\{q,k\}} & W^{(22)}_{\{q,k\}} \end{pmatrix} \begin{pmatrix} x^{(1)}_m \\ x^{(2)}_m \end{pmatrix}`,
    inline: "f_{{q,k}}(𝒙ₘ, m) = (cos mθ  −sin mθ; sin mθ  cos mθ)(W_{{q,k}}⁽¹¹⁾  W_{{q,k}}⁽¹²⁾; W_{{q,k}}⁽²¹⁾  W_{{q,k}}⁽²²⁾)(xₘ⁽¹⁾; xₘ⁽²⁾)",
    display: [
      "f_{{q,k}}(𝒙ₘ, m) = ⎛cos mθ  −sin mθ⎞⎛W_{{q,k}}⁽¹¹⁾  W_{{q,k}}⁽¹²⁾⎞⎛xₘ⁽¹⁾⎞",
      "                   ⎝sin mθ  cos mθ ⎠⎝W_{{q,k}}⁽²¹⁾  W_{{q,k}}⁽²²⁾⎠⎝xₘ⁽²⁾⎠",
    ],
  },
  ropeFrequencies: {
    tex: String.raw`\Theta = \left\{\theta_i = 10000^{-2(i-1)/d}, i \in [1, 2, \ldots, d/2]\right\}`,
    inline: "Θ = {θᵢ = 10000^{−2(i−1)/d}, i ∈ [1, 2, …, d/2]}",
    display: [
      "Θ = {θᵢ = 10000^{−2(i−1)/d}, i ∈ [1, 2, …, d/2]}",
    ],
  },
};

describe('formulas in the terminal', () => {
  for (const [name, f] of Object.entries(FORMULAS)) {
    it(`draws ${name} inline and in display`, () => {
      expect(texToText(f.tex, false, displayWidth)).toEqual([f.inline]);
      expect(texToText(f.tex, true, displayWidth)).toEqual(f.display);
    });
  }

  it('writes symbols, operators and relations as their Unicode characters, with spaces around relations', () => {
    const one = (tex: string) => texToText(tex, false, displayWidth)?.[0];
    expect(one(String.raw`\alpha\beta\gamma\delta\epsilon\theta\lambda\mu\pi\sigma\tau\phi\omega \Gamma\Delta\Sigma\Omega`)).toBe('αβγδϵθλμπστϕωΓΔΣΩ');
    expect(one(String.raw`a \cdot b \times c \le d \ge e \ne f \approx g \propto h \sim i \in S \mid j \to k`)).toBe('a ⋅ b × c ≤ d ≥ e ≠ f ≈ g ∝ h ∼ i ∈ S | j → k');
    expect(one(String.raw`\nabla_\theta J \quad \partial x \quad \infty \quad \|w\|_2 \quad \mathcal{N}(0, I) \quad \mathbb{E}[X] \quad W^\top x`)).toBe('∇_θJ  ∂x  ∞  ‖w‖₂  𝒩(0, I)  𝔼[X]  Wᵀx');
    expect(one(String.raw`\hat{y} + \bar{x} + \tilde{p} + \mathbf{W} + \operatorname{KL}(p \| q) + \log p + \exp(x) + \text{if } x`)).toBe('y\u0302 + x\u0304 + p\u0303 + 𝐖 + KL(p‖q) + log p + exp(x) + if\u00a0x');
  });

  it('uses Unicode sub- and superscripts where every character has one, and _{…} or ^{…} otherwise', () => {
    const one = (tex: string) => texToText(tex, false, displayWidth)?.[0];
    expect(one('x_1 + x_{10} + x^2 + x^{-1} + x^{(t)} + h_t + x_{ij}^{2}')).toBe('x₁ + x₁₀ + x² + x⁻¹ + x⁽ᵗ⁾ + hₜ + xᵢⱼ²');
    expect(one('y_w + x_{i,j} + \\pi_{\\theta} + L^{CLIP} + f\'(x) + x^*')).toBe('y_w + x_{i,j} + π_θ + L^{CLIP} + f′(x) + x∗');
  });

  it('stacks fractions and puts limits over and under big operators in display math only', () => {
    expect(texToText(String.raw`\frac{a+b}{c}`, false, displayWidth)).toEqual(['(a + b)/c']);
    expect(texToText(String.raw`\frac{a+b}{c}`, true, displayWidth)).toEqual([' a + b ', '───────', '   c   ']);
    expect(texToText(String.raw`\sum_{i=1}^{n} x_i`, false, displayWidth)).toEqual(['∑ᵢ₌₁ⁿ xᵢ']);
    expect(texToText(String.raw`\sum_{i=1}^{n} x_i`, true, displayWidth)).toEqual([' n   ', ' ∑ xᵢ', 'i=1  ']);
    expect(texToText(String.raw`\int_0^1 f(x)\,dx`, false, displayWidth)).toEqual(['∫₀¹ f(x) dx']);
    expect(texToText(String.raw`\sqrt{d_k} + \sqrt{x+1} + \sqrt[3]{x}`, false, displayWidth)).toEqual(['√dₖ + √(x + 1) + ∛x']);
  });

  it('lays out aligned equations, cases and matrices in rows', () => {
    expect(texToText(String.raw`\begin{aligned} a &= b + c \\ d &= e \end{aligned}`, true, displayWidth)).toEqual(['a = b + c', 'd = e    ']);
    expect(texToText(String.raw`|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}`, true, displayWidth)).toEqual([
      '|x| = ⎧x   x ≥ 0    ',
      '      ⎩−x  otherwise',
    ]);
    expect(texToText(String.raw`\begin{pmatrix} a & b \\ c & d \end{pmatrix}`, true, displayWidth)).toEqual(['⎛a  b⎞', '⎝c  d⎠']);
    expect(texToText(String.raw`\begin{pmatrix} a & b \\ c & d \end{pmatrix}`, false, displayWidth)).toEqual(['(a  b; c  d)']);
  });

  it('gives nothing for what it cannot draw, so that the TeX source is shown instead', () => {
    expect(texToText(String.raw`\notacommand{x}`, false, displayWidth)).toBeUndefined();
    expect(texToText(String.raw`\frac{a}{`, true, displayWidth)).toBeUndefined();
    expect(texToText(String.raw`\href{https://example.com}{x}`, false, displayWidth)).toBeUndefined();
  });

  it('draws every row of a display formula at the same width', () => {
    for (const f of Object.values(FORMULAS)) {
      const rows = texToText(f.tex, true, displayWidth)!;
      expect(new Set(rows.map(displayWidth)).size).toBe(1);
    }
  });
});
