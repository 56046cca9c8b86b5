/**
 * Chat in the browser ({@code GET /chat}, WebSocket {@code /chat/ws}), where the Squall user is
 * whoever authenticated the connection, and {@code GET /api/v1/chat/adapters} for every
 * adapter's health.
 */
package dev.squall.server.webchat;
