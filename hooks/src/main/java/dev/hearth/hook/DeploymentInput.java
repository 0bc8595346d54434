package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;

/** One item of a deployment's {@code inputs}. The value keeps its JSON type (Heat sends non-strings too). */
public record DeploymentInput(String name, String type, JsonNode value) {}
