/** The unified diff of the stack's config file that a release prints at the end, and the stale-lock reading. */
import { unifiedDiff } from "../../release/configFileDiff";
import { staleLockHolders } from "../../release/releaseStack";

describe("unifiedDiff", () => {
    const before = ["config:", "  vipswap:activeColour: blue", "  vipswap:blueAppVersion: 1.0.0", "  vipswap:greenAppVersion: 0.9.0", ""].join("\n");

    it("shows each changed line with context, the way `diff -u` does", () => {
        const after = before.replace("activeColour: blue", "activeColour: green").replace("greenAppVersion: 0.9.0", "greenAppVersion: 2.0.0");
        expect(unifiedDiff(before, after, "Pulumi.prod.yaml")).toBe(
            [
                "--- a/Pulumi.prod.yaml",
                "+++ b/Pulumi.prod.yaml",
                "@@ -1,4 +1,4 @@",
                " config:",
                "-  vipswap:activeColour: blue",
                "+  vipswap:activeColour: green",
                "   vipswap:blueAppVersion: 1.0.0",
                "-  vipswap:greenAppVersion: 0.9.0",
                "+  vipswap:greenAppVersion: 2.0.0",
                "",
            ].join("\n"),
        );
    });

    it("is empty for equal texts and shows a new file as all additions", () => {
        expect(unifiedDiff(before, before, "f")).toBe("");
        expect(unifiedDiff("", "a\nb\n", "f")).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    });

    it("splits changes far apart into separate hunks", () => {
        const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
        const changed = [...lines];
        changed[1] = "one";
        changed[18] = "eighteen";
        const diff = unifiedDiff(lines.join("\n"), changed.join("\n"), "f");
        expect(diff.match(/^@@/gm)).toHaveLength(2);
        expect(diff).toMatch(/^@@ -1,5 \+1,5 @@$/m);
        expect(diff).toMatch(/^@@ -16,5 \+16,5 @@$/m);
    });
});

describe("staleLockHolders", () => {
    const stderr =
        "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
        "  file:///tmp/state/.pulumi/locks/organization/vipswap/prod/abc.json: created by root@build-7 (pid 4242) at 2026-12-01T19:00:00Z";

    it("names the holders when every one ran on this machine and is gone", () => {
        expect(staleLockHolders(stderr, "build-7", () => false)).toEqual([4242]);
    });

    it("says nothing is stale while the holder runs, or when it ran on another machine", () => {
        expect(staleLockHolders(stderr, "build-7", () => true)).toBeUndefined();
        expect(staleLockHolders(stderr, "other-host", () => false)).toBeUndefined();
        expect(staleLockHolders("error: something else", "build-7", () => false)).toBeUndefined();
    });
});
