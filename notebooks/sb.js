// The toolkit for notebooks, loaded through tsx. tslab's own loader maps an
// import "x" only to "x.js", so directory imports inside src/ ("../augment")
// would fail; tsx resolves them like the CLI does. Types: sb.d.ts.
require("tsx/cjs");
module.exports = require("../src/index.ts");
