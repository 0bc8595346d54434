/**
 * Group {@code json-file}: JSON documents written to absolute paths below allowed roots
 * ({@link dev.hearth.jsonfile.JsonFileHook}), with kolla {@code config.json} validation
 * ({@link dev.hearth.jsonfile.KollaConfigValidator}).
 */
package dev.hearth.jsonfile;
