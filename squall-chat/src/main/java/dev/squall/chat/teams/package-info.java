/**
 * The Microsoft Teams chat adapter on the Bot Framework: the adapter's own HTTP messaging endpoint
 * receives activities (each checked against the Bot Framework's signed JWT), replies go to the Bot
 * Connector REST API with an OAuth2 client-credentials token.
 */
package dev.squall.chat.teams;
