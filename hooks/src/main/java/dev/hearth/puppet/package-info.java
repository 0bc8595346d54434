/**
 * Group {@code puppet}: host puppet ({@link dev.hearth.puppet.PuppetHook}, HEAT-PROTOCOL.md §5.1).
 */
package dev.hearth.puppet;
