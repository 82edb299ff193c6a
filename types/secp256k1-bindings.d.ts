declare module "secp256k1/bindings" {
  import secp256k1 = require("secp256k1");
  export = secp256k1;
}
