/**
 * Suites that need something outside npm (chromium, torch, the native addon,
 * redis-server, Fashion-MNIST) skip locally when it is missing, and FAIL when
 * SB_REQUIRE_DEPS=1 (CI installs them all, so a skip there would hide a broken
 * setup). Use: `const ok = requireDep("redis-server", haveRedis())`, then
 * `describe.skipIf(!ok)`; vitest counts the skips in its summary.
 */
export function requireDep(what: string, present: boolean): boolean {
  if (!present && process.env.SB_REQUIRE_DEPS === "1") throw new Error(`SB_REQUIRE_DEPS=1 but ${what} is missing`);
  return present;
}
