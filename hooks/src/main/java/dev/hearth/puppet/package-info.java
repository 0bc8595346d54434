/**
 * Group {@code puppet}: host puppet ({@link dev.hearth.puppet.PuppetHook}, docs/heat-protocol.md#hooks-of-heat-agents).
 */
package dev.hearth.puppet;
