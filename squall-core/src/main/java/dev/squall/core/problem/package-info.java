/**
 * {@link dev.squall.core.problem.Problem}: a mistake or warning located in a file, the one form in
 * which pack loading, rule reading and alias compiling report what they found. A leaf: it imports
 * nothing of Squall, so every package that reports problems can use it without a cycle.
 */
package dev.squall.core.problem;
