/** The browser UI's static files, served at {@code /}; the UI itself is a client of the public API. */
package dev.squall.server.webui;
