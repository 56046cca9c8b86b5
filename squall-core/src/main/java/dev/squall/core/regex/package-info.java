/** Running user-written regular expressions safely: a step budget on every match. */
package dev.squall.core.regex;
