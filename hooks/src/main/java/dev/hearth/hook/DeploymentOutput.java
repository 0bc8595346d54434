package dev.hearth.hook;

/** One declared output of a deployment; an {@code error_output} present in the response fails it in Heat. */
public record DeploymentOutput(String name, String type, boolean errorOutput) {}
