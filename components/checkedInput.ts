import * as pulumi from "@pulumi/pulumi";

/** True when `value` holds no `Output` and no promise at any depth, so it can be checked right now. */
export function isPlain(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.every(isPlain);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).every(isPlain);
    }
    return true;
}

/**
 * `value` run through `validate`. A plain value (the common case: stack config) is validated at once, so a bad
 * argument throws from the constructor before any resource is registered. A value that is still an `Output` is
 * validated when it resolves, which fails the deployment with the same message.
 */
export function checkedInput<T>(value: pulumi.Input<unknown>, validate: (resolved: unknown) => T): pulumi.Output<T> {
    if (isPlain(value)) {
        return pulumi.output(validate(value)) as pulumi.Output<T>;
    }
    return (pulumi.output(value) as pulumi.Output<unknown>).apply((resolved) => validate(resolved));
}
