/**
 * The shapes clients see both in REST answers and in live events (docs/protocol.md). Plain data with no
 * dependency on any feature, so the bus can carry and encode them and every feature can build them.
 */
package dev.moim.view;
