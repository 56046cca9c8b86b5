/** Python's ways of printing values, for text that must read exactly as StackStorm's does. */
package dev.squall.core.python;
