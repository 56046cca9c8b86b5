/**
 * The execution model: {@link dev.squall.engine.execution.model.Execution} and its status, output
 * lines, queries and pages, and the view shown to users. It sits at the bottom of the engine:
 * runners, the event bus, the store and the execution service import it; it imports none of them.
 */
package dev.squall.engine.execution.model;
