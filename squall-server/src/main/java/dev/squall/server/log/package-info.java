/**
 * Log output that user text cannot forge: the logback converters named in {@code logback.xml}
 * escape line breaks and control characters in every message and exception message.
 */
package dev.squall.server.log;
