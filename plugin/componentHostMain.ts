/**
 * Entry of the component host process that plugin/providerServer.ts starts (see componentHost.ts). It ends with its
 * parent: when the provider server exits (the engine stops the plugin), the IPC channel closes.
 */
import { hostComponents } from "./componentHost";

process.on("disconnect", () => process.exit(0));
void hostComponents();
