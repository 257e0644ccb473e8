/**
 * What the child-process fixtures (a swap to be killed with SIGKILL) share: the connection they rebuild from their
 * JSON argument, and how they end. The token comes from VIPSWAP_TEST_TOKEN, never from the command line.
 */
import { readFileSync } from "node:fs";
import type { AzureConnection } from "../../components/azure/azureConnection";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";

/** The part of a child's JSON argument that says where the emulator is. */
export interface ChildConnectionInput {
    readonly endpoint: string;
    readonly caCertFile: string;
    readonly subscriptionId: string;
}

/** The connection to the emulator, with the token from the environment. */
export function connectionFromChildInput(input: ChildConnectionInput): AzureConnection {
    return {
        subscriptionId: input.subscriptionId,
        endpoint: input.endpoint,
        caCertPem: readFileSync(input.caCertFile, "utf8"),
        credential: new StaticTokenCredential(process.env.VIPSWAP_TEST_TOKEN ?? ""),
    };
}

/** Runs `main` and exits 0, or 1 with the error's message on stderr. */
export function runChildMain(main: () => Promise<void>): void {
    main().then(
        () => process.exit(0),
        (error: unknown) => {
            process.stderr.write(`${(error as Error).message}\n`);
            process.exit(1);
        },
    );
}
