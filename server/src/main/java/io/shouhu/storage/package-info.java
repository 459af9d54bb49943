/**
 * The one store: the embedded MongoDB-wire server when no {@code spring.mongodb.uri} is set, the
 * conversions every module's documents need, and the store's health as operators see it.
 */
package io.shouhu.storage;
