/**
 * Inquiries ({@code core.ask}, the {@code inquirer} runner) and approvals: executions that wait
 * {@code pending} for people to answer, answered through {@link dev.squall.engine.inquiry.Inquiries}
 * by the API, the CLI and chat alike.
 */
package dev.squall.engine.inquiry;
