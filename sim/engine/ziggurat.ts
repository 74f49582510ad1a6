/**
 * Ziggurat tables for exponential and normal variates (Marsaglia & Tsang, "The Ziggurat Method
 * for Generating Random Variables", J. Stat. Software 5(8), 2000: REXP with 256 layers, RNOR
 * with 128 layers). About 99% of draws cost one 32-bit random number, a table compare and a
 * multiply, instead of a logarithm: this is what makes exponential service times cheap on the
 * simulator's hot path.
 */
const M32 = 4294967296;
const M31 = 2147483648;

export const expK = new Uint32Array(256);
export const expW = new Float64Array(256);
export const expF = new Float64Array(256);
export const EXP_R = 7.697117470131487;

export const norK = new Uint32Array(128);
export const norW = new Float64Array(128);
export const norF = new Float64Array(128);
export const NOR_R = 3.442619855899;

(function setupExp() {
  let de = EXP_R;
  let te = de;
  const ve = 3.949659822581572e-3;
  const q = ve / Math.exp(-de);
  expK[0] = (de / q) * M32;
  expK[1] = 0;
  expW[0] = q / M32;
  expW[255] = de / M32;
  expF[0] = 1;
  expF[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    expK[i + 1] = (de / te) * M32;
    te = de;
    expF[i] = Math.exp(-de);
    expW[i] = de / M32;
  }
})();

(function setupNormal() {
  let dn = NOR_R;
  let tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  norK[0] = (dn / q) * M31;
  norK[1] = 0;
  norW[0] = q / M31;
  norW[127] = dn / M31;
  norF[0] = 1;
  norF[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    norK[i + 1] = (dn / tn) * M31;
    tn = dn;
    norF[i] = Math.exp(-0.5 * dn * dn);
    norW[i] = dn / M31;
  }
})();
