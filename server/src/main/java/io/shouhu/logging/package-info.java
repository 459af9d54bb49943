/**
 * The log format: one JSON object a line, carrying ids but never personal data or the request content
 * an exception may quote.
 */
package io.shouhu.logging;
