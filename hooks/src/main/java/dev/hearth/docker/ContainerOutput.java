package dev.hearth.docker;

/** What a one-shot container or an exec printed (tails of each stream), and its exit code when known. */
public record ContainerOutput(Integer exitCode, String stdout, String stderr) {}
