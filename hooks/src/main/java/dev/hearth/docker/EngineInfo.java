package dev.hearth.docker;

/** Which engine answers at the endpoint: its name (e.g. {@code Docker Engine - Community}) and version. */
public record EngineInfo(String endpoint, String name, String version, String apiVersion) {}
