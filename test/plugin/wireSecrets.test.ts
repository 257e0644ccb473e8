/**
 * Secrets on the wire of the plugin's VipSwap calls (plugin/wireSecrets.ts): unwrapped for the runtime at any depth,
 * and wrapped again per top-level property on the way back, so a secret input is never returned as plain text.
 */
import { resealSecrets, revealSecrets } from "../../plugin/wireSecrets";

const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

test("reveals secrets at the top and deep inside, naming the top-level properties that held one", () => {
    const { plain, secretNames } = revealSecrets({
        activeColour: "blue",
        resourceGroupName: secret("rg-shop"),
        healthGate: { smoke: [{ url: "http://10.0.0.4/health", hostHeader: secret("shop.internal") }] },
    });
    expect(plain).toEqual({
        activeColour: "blue",
        resourceGroupName: "rg-shop",
        healthGate: { smoke: [{ url: "http://10.0.0.4/health", hostHeader: "shop.internal" }] },
    });
    expect([...secretNames].sort()).toEqual(["healthGate", "resourceGroupName"]);
});

test("reseals exactly the named properties, so they stay secret in the state", () => {
    const sealed = resealSecrets({ activeColour: "blue", resourceGroupName: "rg-shop", liveColour: "blue" }, new Set(["resourceGroupName"]));
    expect(sealed).toEqual({ activeColour: "blue", resourceGroupName: secret("rg-shop"), liveColour: "blue" });
    expect(revealSecrets(sealed).plain).toEqual({ activeColour: "blue", resourceGroupName: "rg-shop", liveColour: "blue" });
});
