/** Chat in the terminal that runs {@code squall start}: one local user, direct messages only. */
package dev.squall.chat.console;
