/**
 * Entry point of the `pulumi-resource-azure-native` stand-in plugin: the engine starts it with its own address as
 * argument, and the SDK's provider server prints the gRPC port on stdout (the plugin protocol).
 */
import { main } from "@pulumi/pulumi/provider";
import { createStandInProvider } from "./standInProvider";

void main(createStandInProvider(), process.argv.slice(2));
