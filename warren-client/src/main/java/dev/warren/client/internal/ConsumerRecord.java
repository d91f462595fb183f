package dev.warren.client.internal;

import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;

/** A live consumer: what it subscribed with (to re-subscribe after recovery) and its callbacks. */
record ConsumerRecord(ConsumeSpec spec, Consumer consumer) {}
